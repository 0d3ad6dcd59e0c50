/**
 * HTTP plumbing only, no feature: OpenAI error bodies ({@link dev.opsmind.server.http.ApiErrors},
 * {@link dev.opsmind.server.http.ApiException}, each naming its {@code param}), JSON bodies and
 * field readers ({@link dev.opsmind.server.http.Json}, {@link dev.opsmind.server.http.Fields}),
 * server-sent events ({@link dev.opsmind.server.http.SseStream}), off-event-loop work ({@link
 * dev.opsmind.server.http.Blocking}), connection limits ({@link
 * dev.opsmind.server.http.ConnectionGuard}) and TLS files ({@link dev.opsmind.server.http.TlsFiles}).
 */
package dev.opsmind.server.http;
