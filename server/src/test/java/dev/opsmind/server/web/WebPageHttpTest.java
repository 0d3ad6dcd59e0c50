package dev.opsmind.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page over plain HTTP: content types, cache headers, hashed names, CSP, and no CDN reference. */
class WebPageHttpTest {
  @TempDir Path tmp;

  @Test
  void pageAndAssetsHaveHashedNamesCacheHeadersContentTypesAndAStrictCsp() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("none").withIndex(tmp.resolve("index"))
        .withApiKeys(List.of(new ServerConfig.ApiKeyEntry("root",
            dev.opsmind.server.auth.ApiKeys.sha256Hex("sk-root"), true)));
    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp http = new TestHttp(server.port(), null);
      var page = http.get("/");
      assertEquals(200, page.status(), "the page is open: it holds no data");
      assertEquals("text/html; charset=utf-8", page.raw().headers().firstValue("Content-Type").orElseThrow());
      assertEquals("no-cache", page.raw().headers().firstValue("Cache-Control").orElseThrow());
      String csp = page.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
      assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
          && csp.contains("connect-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("http"), csp);
      assertEquals("nosniff", page.raw().headers().firstValue("X-Content-Type-Options").orElseThrow());
      assertFalse(page.body().contains("{{asset:"), "placeholders are filled");
      assertFalse(page.body().contains("//"), "no remote (protocol-relative or absolute) reference in the page");

      String etag = page.raw().headers().firstValue("ETag").orElseThrow();
      assertEquals(304, http.send(http.builder("/").header("If-None-Match", etag).GET()).status());

      // Follow every asset from the page and every module import from the scripts.
      Pattern ref = Pattern.compile("(?:href|src)=\"(/assets/[^\"]+)\"|from\\s*\"\\./([^\"]+)\"");
      List<String> queue = new ArrayList<>();
      Matcher m = ref.matcher(page.body());
      while (m.find()) queue.add(m.group(1));
      assertEquals(2, queue.size(), "one stylesheet and one module: " + queue);
      var seen = new java.util.HashSet<String>();
      while (!queue.isEmpty()) {
        String path = queue.removeFirst();
        if (!seen.add(path)) continue;
        assertTrue(path.matches("/assets/[a-z0-9-]+\\.[0-9a-f]{10}\\.(js|mjs|css)"), "hashed name: " + path);
        var asset = http.get(path);
        assertEquals(200, asset.status(), path);
        assertEquals(WebRoutes.IMMUTABLE, asset.raw().headers().firstValue("Cache-Control").orElseThrow());
        String type = asset.raw().headers().firstValue("Content-Type").orElseThrow();
        assertEquals(path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8", type, path);
        assertTrue(asset.raw().headers().firstValue("Content-Security-Policy").isPresent());
        String hash = path.replaceAll(".*\\.([0-9a-f]{10})\\.[a-z]+$", "$1");
        assertEquals(hash, WebAssets.sha256(asset.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 10),
            "the name is the hash of the bytes served");
        assertFalse(asset.body().matches("(?s).*(from|import)\\s*\\(?\\s*[\"']https?:.*"), "no remote import in " + path);
        Matcher imports = ref.matcher(asset.body());
        while (imports.find()) if (imports.group(2) != null) queue.add("/assets/" + imports.group(2));
      }
      assertTrue(seen.size() >= 9, "app, css, modules and markdown-it: " + seen);
      assertTrue(seen.stream().anyMatch(p -> p.startsWith("/assets/markdown-it.")), seen.toString());

      var missing = http.get("/assets/app.0000000000.js");
      assertEquals(404, missing.status());
      assertEquals("asset_not_found", missing.error().get("code").asText());
      assertEquals(401, http.get("/v1/models").status(), "the API behind the page still needs the key");
    }
  }
}
