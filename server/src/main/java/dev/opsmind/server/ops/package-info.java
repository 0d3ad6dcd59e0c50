/**
 * Operating the server: Prometheus {@link dev.opsmind.server.ops.Metrics} (requests, tokens,
 * queue, latencies), {@link dev.opsmind.server.ops.HealthHandler} (/health, /ready, /metrics),
 * {@link dev.opsmind.server.ops.StartupProgress}, and the audit log read API ({@link
 * dev.opsmind.server.ops.AuditHandler}, admins only).
 */
package dev.opsmind.server.ops;
