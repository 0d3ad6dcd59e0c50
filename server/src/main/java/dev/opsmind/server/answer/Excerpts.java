package dev.opsmind.server.answer;

/** Small text helpers shared by the answer classes. */
final class Excerpts {
  private Excerpts() {}

  /** Whitespace collapsed, cut to at most {@code max} chars at a space where possible, "…" when cut. */
  static String shorten(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    if (flat.length() <= max) {
      return flat;
    }
    int cut = flat.lastIndexOf(' ', max - 1);
    if (cut < max / 2) {
      cut = max - 1;
    }
    return flat.substring(0, cut).strip() + "…";
  }
}
