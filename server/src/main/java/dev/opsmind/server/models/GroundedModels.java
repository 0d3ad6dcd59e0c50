package dev.opsmind.server.models;

/**
 * Model names that mean "answer from the knowledge base": {@code <generator>+opsmind} (that
 * generator writes the answer from retrieved sources) and {@value #EXTRACTIVE} (no generator: the
 * answer quotes the sources).
 */
public final class GroundedModels {
  public static final String SUFFIX = "+opsmind";
  public static final String EXTRACTIVE = "opsmind-extractive";

  private GroundedModels() {}

  public static boolean isAlias(String model) {
    return model.equals(EXTRACTIVE) || (model.endsWith(SUFFIX) && model.length() > SUFFIX.length());
  }

  /** The alias of a generator. */
  public static String aliasOf(String generator) {
    return generator + SUFFIX;
  }

  /** The generator an alias or a plain model name stands for; null for {@value #EXTRACTIVE}. */
  public static String generatorOf(String model) {
    if (model.equals(EXTRACTIVE)) {
      return null;
    }
    return model.endsWith(SUFFIX) ? model.substring(0, model.length() - SUFFIX.length()) : model;
  }
}
