/**
 * The HTTP side of log diagnosis: {@link dev.opsmind.server.logs.DiagnoseHandler} serves
 * {@code POST /v1/diagnose} (JSON or multipart in; the report, or SSE progress then the report,
 * out) on its own worker executor; {@link dev.opsmind.server.logs.DiagnoseRequest} validates the body.
 */
package dev.opsmind.server.logs;
