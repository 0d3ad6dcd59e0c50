package dev.opsmind.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs one opsmind command line in-process and captures what it printed. Commands that stream
 * (generate) write to System.out directly, others through picocli's writer: both land in one
 * buffer, in order.
 */
record CliRun(int code, String out, String err) {

  static CliRun of(String... args) {
    PrintStream previous = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream captured = new PrintStream(out, true, StandardCharsets.UTF_8);
    System.setOut(captured);
    try {
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(new OutputStreamWriter(captured, StandardCharsets.UTF_8), true));
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute(args);
      cli.getOut().flush();
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(previous);
    }
  }
}
