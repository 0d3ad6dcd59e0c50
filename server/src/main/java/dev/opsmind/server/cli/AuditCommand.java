package dev.opsmind.server.cli;

import dev.opsmind.server.audit.AuditChain;
import dev.opsmind.server.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsmind audit verify}: checks the audit log's hash chain across its rotated files. */
@Command(name = "audit", description = "The audit log: 'audit verify' checks its hash chain.",
    mixinStandardHelpOptions = true, subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Exit 0 when the chain holds, 1 naming the first broken entry. */
  @Command(name = "verify", description = "Check the audit log's hash chain; name the first broken entry (exit 1).",
      mixinStandardHelpOptions = true)
  public static final class Verify implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "the audit folder (default: data/audit beside the default index)")
    Path dir;

    @Option(names = "--copy", description = "DIR holds another node's copy of a chain (cluster: data/peers/NODE/audit), "
        + "which starts where copying began: its first entry is taken as the start")
    boolean copy;

    @Override
    public Integer call() {
      Path folder = dir != null ? dir : IndexLocation.defaultDir().resolveSibling("audit");
      Path file = folder.resolve(AuditLog.FILE);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no audit log at " + file);
      }
      AuditChain.Verification result = AuditChain.verify(file, copy);
      if (!result.ok()) {
        System.out.println("BROKEN after " + result.entries() + " good entries: " + result.broken());
        return 1;
      }
      System.out.println("ok: " + result.entries() + " entries in " + result.files().size() + " file(s), chain intact; "
          + "last seq " + result.head().seq() + ", last hash " + result.head().hash());
      return 0;
    }
  }
}
