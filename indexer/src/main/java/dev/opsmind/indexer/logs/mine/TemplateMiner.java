package dev.opsmind.indexer.logs.mine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Online template mining in one pass, in the family of Drain, with one change the Loghub
 * measurements asked for (bench/README.md): constant words stay constant.
 * <ol>
 *   <li>Routing: a line's tokens (after masking) go by token count and their first two words
 *       (tokens with a digit or a wildcard route as {@code <*>}) down a prefix tree to a leaf of
 *       candidate templates. The line joins the most similar candidate (the share of equal
 *       positions, a wildcard equal to anything) when that share is at least the threshold (0.5),
 *       widening the differing positions to {@code <*>}; otherwise it starts a template.
 *   <li>Two different words (tokens the masks left without a wildcard, such as "initialization"
 *       and "finalization", or "HTTPS" and "SOCKS5") never merge by similarity. A word becomes a variable only the way Brain
 *       finds variables, by how many values it takes: when {@code distinctWords} templates of a
 *       leaf are equal in every position but one, which holds a different word in each, they
 *       become one template with a wildcard there (user names, job names).
 * </ol>
 * Not thread-safe: one miner per stream, or guard it.
 */
public final class TemplateMiner {
  private final MinerConfig config;
  private final Map<Integer, Node> roots = new HashMap<>();
  private final Map<Integer, List<Template>> byLength = new HashMap<>();
  private final List<Template> templates = new ArrayList<>();
  private final Map<String, Template> bySkeleton = new HashMap<>();

  public TemplateMiner() {
    this(MinerConfig.DEFAULT);
  }

  public TemplateMiner(MinerConfig config) {
    this.config = config;
  }

  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    final List<Template> templates = new ArrayList<>(2);
  }

  /** Splits a masked message into tokens. */
  public static String[] tokens(String masked) {
    String t = masked.strip();
    if (t.isEmpty()) return new String[0];
    // split on runs of regex \s (what split("\\s+") did, without the regex engine)
    ArrayList<String> out = new ArrayList<>(16);
    int start = -1;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
      if (space) {
        if (start >= 0) out.add(t.substring(start, i));
        start = -1;
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) out.add(t.substring(start));
    return out.toArray(new String[0]);
  }

  /** Mines one masked line: the template it joined or started. */
  public Template add(String[] tokens) {
    Template best = best(tokens);
    if (best == null) {
      best = new Template(templates.size(), tokens);
      templates.add(best);
      leaf(best.tokens()).templates.add(best);
      byLength.computeIfAbsent(tokens.length, k -> new ArrayList<>()).add(best);
      best.hit();
      Template merged = mergeSiblings(best);
      return merged == best ? sameSkeleton(best) : merged;
    }
    for (int i = 0; i < tokens.length; i++) {
      if (!best.token(i).equals(tokens[i])) best.setToken(i, TokenWidening.widen(best.token(i), tokens[i]));
    }
    best.hit();
    return best;
  }

  /** The template a line would join, without changing anything; null when it would start a new one. */
  public Template match(String[] tokens) {
    return best(tokens);
  }

  /** Restores a saved template (ids in order; a merged one points at its survivor's id). */
  public Template restore(int id, String[] tokens, long count, int mergedInto) {
    if (id != templates.size()) throw new IllegalArgumentException("templates must be restored in id order: " + id);
    Template t = new Template(id, tokens);
    t.setCount(count);
    templates.add(t);
    // Merged and aliased templates go back into the tree too: a line shaped like one of them
    // resolves to its group instead of starting a template the baseline would call new.
    leaf(t.tokens()).templates.add(t);
    if (mergedInto >= 0) {
      t.setCount(0);
      if (mergedInto >= id) throw new IllegalArgumentException("template " + id + " merged into a later one: " + mergedInto);
      t.aliasOf(templates.get(mergedInto));
    } else {
      byLength.computeIfAbsent(tokens.length, k -> new ArrayList<>()).add(t);
      String key = skeleton(t.tokens());
      if (key != null) bySkeleton.putIfAbsent(key, t);
    }
    return t;
  }

  /** Every template ever made, merged ones included (they {@link Template#resolve() resolve} to the live one). */
  public List<Template> templates() {
    return Collections.unmodifiableList(templates);
  }

  /** The live templates (not merged into another). */
  public List<Template> live() {
    return templates.stream().filter(t -> !t.merged()).toList();
  }

  public Template template(int id) {
    return templates.get(id);
  }

  /**
   * When a new template equals {@code distinctWords - 1} or more live templates of its leaf in
   * every position but one, and that position holds a different word in each, the position is a
   * variable (a user name, an interface, a job name): they become one template, the oldest.
   */
  private Template mergeSiblings(Template fresh) {
    String[] ft = fresh.tokens();
    if (constants(ft) < MIN_SHARED + 1) return fresh;
    List<Template> sameLength = new ArrayList<>(leaf(ft).templates);
    for (int p = 0; p < ft.length; p++) {
      if (!isWord(ft[p])) continue;
      List<Template> same = new ArrayList<>();
      for (Template t : sameLength) {
        if (t != fresh && !t.merged() && isWord(t.token(p)) && equalExcept(t.tokens(), ft, p)) same.add(t);
      }
      if (same.size() + 1 >= config.distinctWords()) {
        same.sort(java.util.Comparator.comparingInt(Template::id));
        Template survivor = same.get(0);
        remove(survivor);
        for (Template t : same) widen(survivor, t.tokens());
        widen(survivor, ft);
        for (Template t : same.subList(1, same.size())) {
          remove(t);
          t.mergeInto(survivor);
        }
        remove(fresh);
        fresh.mergeInto(survivor);
        leaf(survivor.tokens()).templates.add(survivor);
        byLength.get(ft.length).add(survivor);
        return survivor;
      }
    }
    return fresh;
  }

  /** A template needs this many constant tokens besides the differing one to take part in a word merge. */
  private static final int MIN_SHARED = 3;

  private static int constants(String[] tokens) {
    int n = 0;
    for (String t : tokens) if (!t.equals(Masker.WILDCARD)) n++;
    return n;
  }

  /**
   * A template whose constant tokens, in order, are another's, with a different number of
   * wildcard tokens between them ("sent 5 bytes" and "sent 5 bytes (5 KB)" after masking a unit),
   * joins that one's group: it keeps its own place in the tree, and resolves to the other.
   */
  private Template sameSkeleton(Template fresh) {
    String key = skeleton(fresh.tokens());
    if (key == null) return fresh;
    Template other = bySkeleton.get(key);
    if (other == null || other.merged() || other.length() == fresh.length() || !key.equals(skeleton(other.tokens()))) {
      bySkeleton.put(key, fresh);
      return fresh;
    }
    fresh.aliasOf(other);
    return fresh;
  }

  /** The tokens with letters joined (wildcards and bare punctuation left out), or null when fewer than two (too little to tell events apart). */
  static String skeleton(String[] tokens) {
    StringBuilder sb = new StringBuilder();
    int constants = 0;
    for (String t : tokens) {
      if (t.chars().noneMatch(Character::isLetter)) continue;
      sb.append(t).append('\u0000');
      constants++;
    }
    return constants >= 2 ? sb.toString() : null;
  }

  private static void widen(Template survivor, String[] other) {
    for (int i = 0; i < other.length; i++) {
      if (!survivor.token(i).equals(other[i])) survivor.setToken(i, TokenWidening.widen(survivor.token(i), other[i]));
    }
  }

  private void remove(Template t) {
    leaf(t.tokens()).templates.remove(t);
    byLength.get(t.length()).remove(t);
  }

  /** Equal in every position but {@code p}, where a wildcard or two non-words count as equal. */
  private static boolean equalExcept(String[] a, String[] b, int p) {
    for (int i = 0; i < a.length; i++) {
      if (i == p || a[i].equals(b[i])) continue;
      if (a[i].equals(Masker.WILDCARD) || b[i].equals(Masker.WILDCARD) || (!isWord(a[i]) && !isWord(b[i]))) continue;
      return false;
    }
    return true;
  }

  private Node leaf(String[] tokens) {
    Node node = roots.computeIfAbsent(tokens.length, k -> new Node());
    int depth = Math.min(config.prefixTokens(), tokens.length);
    for (int i = 0; i < depth; i++) {
      String key = routingKey(tokens[i]);
      Node child = node.children.get(key);
      if (child == null) {
        if (node.children.size() >= config.maxChildren()) key = Masker.WILDCARD;
        child = node.children.computeIfAbsent(key, k -> new Node());
      }
      node = child;
    }
    return node;
  }

  private static String routingKey(String token) {
    return isWord(token) ? token : Masker.WILDCARD;
  }

  /** A token the masks left whole (no wildcard): a constant word, "initialization" or "SOCKS5" alike. */
  static boolean isWord(String token) {
    return !token.contains(Masker.WILDCARD);
  }

  private Template best(String[] tokens) {
    Node root = roots.get(tokens.length);
    if (root == null) return null;
    Best best = new Best();
    search(root, tokens, 0, Math.min(config.prefixTokens(), tokens.length), best);
    return best.sim >= config.similarity() ? best.template : null;
  }

  private static final class Best {
    Template template;
    double sim = -1;
    int wild = -1;
  }

  private void search(Node node, String[] tokens, int level, int depth, Best best) {
    if (level == depth) {
      for (Template t : node.templates) score(t, tokens, best);
      return;
    }
    String key = routingKey(tokens[level]);
    Node exact = node.children.get(key);
    if (exact != null) search(exact, tokens, level + 1, depth, best);
  }

  private static void score(Template t, String[] tokens, Best best) {
    int same = 0;
    int wild = 0;
    for (int i = 0; i < tokens.length; i++) {
      String tt = t.token(i);
      if (tt.equals(Masker.WILDCARD)) {
        wild++;
        same++;
      } else if (tt.equals(tokens[i])) {
        same++;
      } else if (isWord(tt) && isWord(tokens[i])) {
        return;
      }
    }
    double sim = tokens.length == 0 ? 1 : (double) same / tokens.length;
    if (sim > best.sim || (sim == best.sim && wild > best.wild)) {
      best.template = t;
      best.sim = sim;
      best.wild = wild;
    }
  }
}
