/**
 * The operator web page, served by the API server itself at {@code /}: plain HTML, CSS and ES
 * modules under {@code src/main/resources/web} (no build step, no CDN), with one vendored library
 * (markdown-it, {@code web/vendor/}, version in {@code web/vendor/README.md}).
 *
 * <p>Tour: {@link dev.opsmind.server.web.WebAssets} reads the files at start and names each by
 * its content hash (imports rewritten to match); {@link dev.opsmind.server.web.WebRoutes} serves
 * the page ({@code no-cache}) and the assets ({@code immutable}), all under a Content-Security-
 * Policy that allows nothing but this origin. The page itself only calls the public /v1 API with
 * the key the operator types (kept in the tab's session storage); sections whose API the server
 * lacks (404) explain that instead of failing.
 */
package dev.opsmind.server.web;
