/**
 * One YAML config file plus environment overrides: {@link
 * dev.opsmind.server.config.ServerConfigLoader} reads and validates it into the {@link
 * dev.opsmind.server.config.ServerConfig} records; {@link dev.opsmind.server.config.ConfigWatch}
 * reloads what may change while serving (keys). The bottom floor: it knows no other package.
 */
package dev.opsmind.server.config;
