/**
 * Constrained decoding: tokens restricted so the output is one JSON value of a schema.
 *
 * <p>{@link dev.opsmind.inference.generate.json.JsonSchema} compiles a JSON Schema into nodes
 * (keywords it cannot enforce are flagged partial); {@link dev.opsmind.inference.generate.json.JsonGrammar}
 * recognises such a value byte by byte; {@link dev.opsmind.inference.generate.json.JsonVocabulary}
 * holds the tokenizer's tokens as bytes (built once per scheduler); and
 * {@link dev.opsmind.inference.generate.json.JsonConstraint} masks, before a sequence samples, every
 * token that cannot continue allowed text, and says when the root value is complete.
 */
package dev.opsmind.inference.generate.json;
