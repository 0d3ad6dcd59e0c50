/**
 * A checkpoint's own generation settings: {@link dev.opsmind.inference.generate.config.GenerationConfig}
 * reads {@code generation_config.json} (sampling defaults) and gathers the end-of-sequence ids from
 * it, config.json and tokenizer_config.json. Callers apply request values over these defaults.
 */
package dev.opsmind.inference.generate.config;
