package dev.opsmind.indexer.logs.mine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Online template mining in one pass, in the family of Drain: a line's tokens (after masking)
 * route it by token count and its first constant tokens down a fixed-depth prefix tree to a leaf
 * of candidate templates; it joins the most similar one (share of positions equal, a wildcard
 * equal to anything) when that share reaches the threshold, widening differing positions to
 * {@code <*>}; otherwise it starts a new template. Not thread-safe: one miner per stream, or
 * guard it.
 */
public final class TemplateMiner {
  private final MinerConfig config;
  private final Map<Integer, Node> roots = new HashMap<>();
  private final List<Template> templates = new ArrayList<>();

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
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }

  /** Mines one masked line: the template it joined or started. */
  public Template add(String[] tokens) {
    Node leaf = leaf(tokens, true);
    Template best = best(leaf, tokens);
    if (best == null) {
      best = new Template(templates.size(), tokens);
      templates.add(best);
      leaf.templates.add(best);
      best.hit();
      return mergeSiblings(leaf, best);
    } else {
      for (int i = 0; i < tokens.length; i++) {
        if (!best.token(i).equals(tokens[i])) best.setToken(i, merge(best.token(i), tokens[i]));
      }
    }
    best.hit();
    return best;
  }

  /** The template a line would join, without changing anything; null when it would start a new one. */
  public Template match(String[] tokens) {
    Node leaf = leaf(tokens, false);
    return leaf == null ? null : best(leaf, tokens);
  }

  /** Restores a saved template (its id must be the next one). */
  public Template restore(int id, String[] tokens, long count) {
    if (id != templates.size()) throw new IllegalArgumentException("templates must be restored in id order: " + id);
    Node leaf = leaf(tokens, true);
    Template t = new Template(id, tokens);
    t.setCount(count);
    templates.add(t);
    leaf.templates.add(t);
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

  private static String merge(String a, String b) {
    return Masker.WILDCARD;
  }

  /**
   * Brain's observation, online: when a new template equals {@code distinctWords - 1} or more
   * templates of its leaf in every position but one, and that position holds a different word in
   * each, the position is a variable (a user name, a host): they become one template.
   */
  private Template mergeSiblings(Node leaf, Template fresh) {
    String[] ft = fresh.tokens();
    for (int p = 0; p < ft.length; p++) {
      if (!isWord(ft[p])) continue;
      List<Template> same = new ArrayList<>();
      for (Template t : leaf.templates) {
        if (t != fresh && equalExcept(t.tokens(), ft, p) && isWord(t.token(p))) same.add(t);
      }
      if (same.size() + 1 >= config.distinctWords()) {
        Template survivor = same.get(0);
        survivor.setToken(p, Masker.WILDCARD);
        for (Template t : same.subList(1, same.size())) {
          t.mergeInto(survivor);
          leaf.templates.remove(t);
        }
        fresh.mergeInto(survivor);
        leaf.templates.remove(fresh);
        return survivor;
      }
    }
    return fresh;
  }

  private static boolean equalExcept(String[] a, String[] b, int p) {
    for (int i = 0; i < a.length; i++) if (i != p && !a[i].equals(b[i])) return false;
    return true;
  }

  private Node leaf(String[] tokens, boolean create) {
    Node node = roots.get(tokens.length);
    if (node == null) {
      if (!create) return null;
      node = new Node();
      roots.put(tokens.length, node);
    }
    int depth = Math.min(config.prefixTokens(), tokens.length);
    for (int i = 0; i < depth; i++) {
      String key = routingKey(tokens[i]);
      Node child = node.children.get(key);
      if (child == null) {
        if (!create) {
          child = node.children.get(Masker.WILDCARD);
          if (child == null) return null;
        } else {
          if (node.children.size() >= config.maxChildren() && !key.equals(Masker.WILDCARD)) key = Masker.WILDCARD;
          child = node.children.computeIfAbsent(key, k -> new Node());
        }
      }
      node = child;
    }
    return node;
  }

  private static String routingKey(String token) {
    return token.contains(Masker.WILDCARD) ? Masker.WILDCARD : token;
  }

  /** A token of letters and punctuation only: a constant word, never widened to a variable. */
  static boolean isWord(String token) {
    if (token.contains(Masker.WILDCARD)) return false;
    for (int i = 0; i < token.length(); i++) if (Character.isDigit(token.charAt(i))) return false;
    return true;
  }

  private Template best(Node leaf, String[] tokens) {
    Template best = null;
    double bestSim = -1;
    int bestWild = -1;
    for (Template t : leaf.templates) {
      int same = 0;
      int wild = 0;
      int words = 0;
      for (int i = 0; i < tokens.length; i++) {
        String tt = t.token(i);
        if (tt.equals(Masker.WILDCARD)) {
          wild++;
          same++;
        } else if (tt.equals(tokens[i])) {
          same++;
        } else if (isWord(tt) && isWord(tokens[i])) {
          words++;
        }
      }
      if (words > 0) continue;
      double sim = tokens.length == 0 ? 1 : (double) same / tokens.length;
      if (sim > bestSim || (sim == bestSim && wild > bestWild)) {
        best = t;
        bestSim = sim;
        bestWild = wild;
      }
    }
    return bestSim >= config.similarity() ? best : null;
  }
}
