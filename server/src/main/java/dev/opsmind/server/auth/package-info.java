/**
 * Who is calling: {@link dev.opsmind.server.auth.ApiKeys} (hashed keys with roles and expiry,
 * reloadable), {@link dev.opsmind.server.auth.AuthHandler} (the guard of /v1, and the principal
 * and {@link dev.opsmind.server.auth.Role} handlers read), {@link
 * dev.opsmind.server.auth.RateLimiter} (per key), {@link dev.opsmind.server.auth.KeyReload} (a
 * reloaded config's keys applied while serving, or refused). Refusals are recorded in the audit log.
 */
package dev.opsmind.server.auth;
