package dev.opsmind.server.cli;

import picocli.CommandLine;

/**
 * Maps exceptions escaping a subcommand to one line on stderr and a non-zero exit code: bad input
 * (IllegalArgumentException and its subclasses, which each module uses for caller errors) exits
 * 2, anything else 1. The stack trace is printed only with OPSMIND_DEBUG set.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
  static final int BAD_INPUT = 2;
  static final int FAILURE = 1;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    commandLine.getErr().println("opsmind " + commandLine.getCommandName() + ": " + message);
    if (System.getenv("OPSMIND_DEBUG") != null) {
      ex.printStackTrace(commandLine.getErr());
    }
    return ex instanceof IllegalArgumentException ? BAD_INPUT : FAILURE;
  }
}
