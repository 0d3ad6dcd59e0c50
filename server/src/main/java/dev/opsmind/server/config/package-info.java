/**
 * One YAML config file plus environment overrides: {@link
 * dev.opsmind.server.config.ServerConfigLoader} reads and validates it into the {@link
 * dev.opsmind.server.config.ServerConfig} records — the top-level keys in {@code ServerConfig}, each
 * area's settings records in a file of its own ({@link dev.opsmind.server.config.HttpSettings},
 * {@link dev.opsmind.server.config.AccessSettings}, {@link
 * dev.opsmind.server.config.KnowledgeSettings}, {@link dev.opsmind.server.config.FeatureSettings}),
 * still named {@code ServerConfig.Limits} and so on; {@link dev.opsmind.server.config.ConfigWatch}
 * reloads what may change while serving (keys). The bottom floor: it knows no other package.
 */
package dev.opsmind.server.config;
