/**
 * The {@code opsmind} command line (picocli): {@link dev.opsmind.server.cli.Main} lists the
 * commands; serve/up start an {@link dev.opsmind.server.OpsmindServer}, the others (index,
 * search, generate, diagnose, eval-*, models, audit, hash-key) run the lower modules directly.
 * The top floor with the route table: nothing imports it.
 */
package dev.opsmind.server.cli;
