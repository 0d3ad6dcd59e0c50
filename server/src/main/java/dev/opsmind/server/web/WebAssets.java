package dev.opsmind.server.web;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator page's files, read once from the class path ({@code web/}) at server start and
 * served under content-hashed names ({@code app.3f9a1c2b7d.js}), so a browser may keep them
 * forever and a new build can never be mixed with an old cached file. Starting from {@code
 * index.html}'s {@code {{asset:FILE}}} placeholders, every relative ES-module import ({@code from
 * "./x.js"}) is followed and rewritten to the imported file's hashed name, leaves first: a file's
 * hash covers the names of what it imports, so changing any module renames every module above it.
 * Nothing is listed by hand: a file the page never references is never served.
 */
final class WebAssets {
  static final String ROOT = "web/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{asset:([A-Za-z0-9._/-]+)}}");
  /** Static relative imports and re-exports ({@code import x from "./a.js"}, {@code import "./a.js"}, dynamic import("./a.js")). */
  private static final Pattern IMPORT = Pattern.compile("((?:\\bfrom|\\bimport)\\s*\\(?\\s*)([\"'])(\\./[A-Za-z0-9._/-]+)\\2");

  /** One served file: its hashed name, content type and bytes. */
  record Asset(String name, String contentType, Buffer bytes) {}

  private final Map<String, Asset> byName = new HashMap<>();
  /** Source path (under web/) → hashed name, for files already processed. */
  private final Map<String, String> named = new HashMap<>();
  private final Set<String> inProgress = new HashSet<>();
  private final Buffer index;
  private final String indexTag;

  private WebAssets() {
    String html = PLACEHOLDER.matcher(text("index.html")).replaceAll(m -> Matcher.quoteReplacement(
        "/assets/" + resolve(m.group(1))));
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    this.index = Buffer.buffer(bytes);
    this.indexTag = "\"" + sha256(bytes).substring(0, 16) + "\"";
  }

  /** Reads and names every file the page references (blocking: call at start, not on an event loop). */
  static WebAssets load() {
    return new WebAssets();
  }

  Buffer index() {
    return index;
  }

  /** The index page's ETag: it is served {@code no-cache}, so browsers revalidate it with this. */
  String indexTag() {
    return indexTag;
  }

  /** The asset with this hashed name, or null. */
  Asset asset(String hashedName) {
    return byName.get(hashedName);
  }

  int size() {
    return byName.size();
  }

  /** The hashed name of {@code path} (relative to web/), loading it (and what it imports) first. */
  private String resolve(String path) {
    String done = named.get(path);
    if (done != null) {
      return done;
    }
    if (!inProgress.add(path)) {
      throw new IllegalStateException("web/" + path + " imports itself through a cycle");
    }
    byte[] bytes;
    if (isScript(path)) {
      String folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
      String source = IMPORT.matcher(text(path)).replaceAll(m -> Matcher.quoteReplacement(
          m.group(1) + m.group(2) + "./" + resolve(normalize(folder + m.group(3).substring(2))) + m.group(2)));
      bytes = source.getBytes(StandardCharsets.UTF_8);
    } else {
      bytes = read(path);
    }
    String file = path.substring(path.lastIndexOf('/') + 1);
    int dot = file.lastIndexOf('.');
    String name = file.substring(0, dot) + "." + sha256(bytes).substring(0, 10) + file.substring(dot);
    Asset clash = byName.get(name);
    if (clash != null) {
      throw new IllegalStateException("two web files are served as " + name + ": give them distinct file names");
    }
    byName.put(name, new Asset(name, contentType(file), Buffer.buffer(bytes)));
    named.put(path, name);
    inProgress.remove(path);
    return name;
  }

  private static String normalize(String path) {
    if (path.contains("..")) {
      throw new IllegalStateException("web asset paths stay inside web/: " + path);
    }
    return path;
  }

  private static boolean isScript(String path) {
    return path.endsWith(".js") || path.endsWith(".mjs");
  }

  static String contentType(String file) {
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".js") || lower.endsWith(".mjs")) return "text/javascript; charset=utf-8";
    if (lower.endsWith(".css")) return "text/css; charset=utf-8";
    if (lower.endsWith(".html")) return "text/html; charset=utf-8";
    if (lower.endsWith(".svg")) return "image/svg+xml";
    if (lower.endsWith(".png")) return "image/png";
    throw new IllegalStateException("web/" + file + ": no content type known for this kind of file");
  }

  private static String text(String path) {
    return new String(read(path), StandardCharsets.UTF_8);
  }

  private static byte[] read(String path) {
    try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalStateException("the operator page references web/" + path + ", which is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading web/" + path, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
