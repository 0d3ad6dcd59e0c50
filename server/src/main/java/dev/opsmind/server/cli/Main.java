package dev.opsmind.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one CLI entry point the {@code opsmind} launcher dispatches to. Each subcommand is a small
 * class of its own in this package; add it to {@code subcommands} below.
 */
@Command(
    name = "opsmind",
    mixinStandardHelpOptions = true,
    version = "opsmind 0.1.0",
    description = "Self-hosted ops assistant: local transformer, grounded answers over your runbooks, OpenAI API.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ServeCommand.class,
      UpCommand.class,
      HashKeyCommand.class,
      GenerateCommand.class,
      ModelsCommand.class,
      EvalAnswersCommand.class,
      SearchCommand.class,
      EvalRetrievalCommand.class,
      IndexCommand.class,
      DiagnoseCommand.class,
      EvalLogparseCommand.class,
      EvalAnomaliesCommand.class,
      EvalPerplexityCommand.class,
      AuditCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run subcommands through it without exiting the JVM. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new CliErrors());
  }
}
