/**
 * The opsmind server: {@link dev.opsmind.server.OpsmindServer} starts Vert.x (TLS, connection
 * guard, start-up indexing, drain on stop) and {@link dev.opsmind.server.ApiRouter} is the route
 * table, the top floor: it knows every feature package, none of them knows it. It lists one
 * sub-router per API area (each feature's {@code *Routes}); {@link dev.opsmind.server.RequestLog}
 * measures and audits every request.
 *
 * <p>Floors, bottom first (imports point down; {@code PackageFloorsTest} checks it):
 * {@code journal}, {@code config} → {@code http} (plumbing) → {@code audit} → {@code auth} →
 * {@code ops} (metrics, health) → {@code models} (loaded generators and embedders) → {@code
 * answer} (grounded answers from passages) → {@code diagnose} → features ({@code openai}, {@code
 * knowledge}, {@code logs}, and any new package) → {@code grounded} → this package → {@code cli}.
 */
package dev.opsmind.server;
