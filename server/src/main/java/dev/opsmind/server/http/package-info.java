/**
 * HTTP plumbing only, no feature: OpenAI error bodies ({@link dev.opsmind.server.http.ApiErrors},
 * {@link dev.opsmind.server.http.ApiException}, each naming its {@code param}), JSON bodies and
 * field readers ({@link dev.opsmind.server.http.Json}, {@link dev.opsmind.server.http.Fields}),
 * binding a body to a request record with errors that name the field ({@link
 * dev.opsmind.server.http.RequestReader}, {@link dev.opsmind.server.http.FieldError}),
 * server-sent events ({@link dev.opsmind.server.http.SseStream}), off-event-loop work ({@link
 * dev.opsmind.server.http.Blocking}), connection limits ({@link
 * dev.opsmind.server.http.ConnectionGuard}), TLS files ({@link dev.opsmind.server.http.TlsFiles}) and
 * the kinds of route ({@link dev.opsmind.server.http.RouteTable}: open, keyed, JSON, upload) through
 * which each feature's sub-router adds its routes without knowing the route table.
 */
package dev.opsmind.server.http;
