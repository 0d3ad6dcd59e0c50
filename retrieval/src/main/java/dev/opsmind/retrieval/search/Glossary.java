package dev.opsmind.retrieval.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Dictionary-based cross-language query expansion for IT operations: the Chinese and English
 * words that name the same thing (磁盘 / disk, 证书 / certificate, 过期 / expire). A Chinese
 * question gets the English words of the terms it contains, so it can match English runbooks'
 * words (and be embedded by an English-only model); an English question gets the Chinese terms.
 * The built-in list ({@code ops-glossary.tsv}) is general infrastructure vocabulary.
 */
public final class Glossary {
  private static final Pattern WORD_EDGE = Pattern.compile("[\\p{L}\\p{Nd}]");
  private static final Glossary BUILT_IN = load("ops-glossary.tsv");

  /** One pair: a Chinese term and its English alternatives (each a word or a phrase). */
  record Entry(String chinese, List<String> english) {}

  private final List<Entry> byChineseLength;

  Glossary(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingInt((Entry e) -> e.chinese().length()).reversed());
    this.byChineseLength = List.copyOf(sorted);
  }

  public static Glossary builtIn() {
    return BUILT_IN;
  }

  /**
   * The English words for the Chinese terms in {@code text}, longest terms first and not
   * overlapping ("磁盘空间" wins over "磁盘"), space-separated; "" when none.
   */
  public String toEnglish(String text) {
    Set<String> out = new LinkedHashSet<>();
    toEnglishTerms(text).forEach(out::addAll);
    return String.join(" ", out);
  }

  /**
   * The Chinese terms found in {@code text} (longest first, not overlapping), each as its English
   * alternatives ("调度" → [schedule, scheduling, scheduled]), in the order found; distinct.
   */
  public List<List<String>> toEnglishTerms(String text) {
    StringBuilder rest = new StringBuilder(text);
    Set<List<String>> out = new LinkedHashSet<>();
    for (Entry e : byChineseLength) {
      int at;
      while ((at = rest.indexOf(e.chinese())) >= 0) {
        out.add(e.english());
        for (int i = at; i < at + e.chinese().length(); i++) {
          rest.setCharAt(i, ' ');
        }
      }
    }
    return List.copyOf(out);
  }

  /** The Chinese terms for the English words and phrases in {@code text}, space-separated; "" when none. */
  public String toChinese(String text) {
    String lower = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{Nd}]+", " ") + " ";
    Set<String> out = new LinkedHashSet<>();
    for (Entry e : byChineseLength) {
      for (String english : e.english()) {
        if (lower.contains(" " + english + " ")) {
          out.add(e.chinese());
          break;
        }
      }
    }
    return String.join(" ", out);
  }

  /** The other language's words for {@code text}: English for Chinese text, Chinese for English. */
  public String translate(String text, String language) {
    return "zh".equals(language) ? toEnglish(text) : toChinese(text);
  }

  static Glossary load(String resource) {
    try (InputStream in = Glossary.class.getResourceAsStream("/dev/opsmind/retrieval/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("glossary resource " + resource + " is missing from the class path");
      }
      return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), resource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read glossary " + resource, e);
    }
  }

  static Glossary read(BufferedReader reader, String origin) throws IOException {
    List<Entry> entries = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\t");
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || !WORD_EDGE.matcher(parts[1]).find()) {
        throw new IllegalArgumentException(origin + " line " + number + " is not 'Chinese<TAB>English': " + line);
      }
      List<String> english = new ArrayList<>();
      for (String alt : parts[1].split(",")) {
        english.add(alt.strip().toLowerCase(Locale.ROOT));
      }
      entries.add(new Entry(parts[0].strip(), english));
    }
    return new Glossary(entries);
  }
}
