package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.detect.Baseline;
import dev.opsmind.indexer.logs.detect.LogAnalysis;
import dev.opsmind.indexer.logs.format.LineFormat;
import dev.opsmind.indexer.logs.read.LogReading;
import dev.opsmind.indexer.logs.store.TemplateStore;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.SourceManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collection of normal logs, indexed earlier, as a baseline: its log sources are mined once and
 * the templates kept beside the index ({@code <store>/<collection>/log-templates.json}) with a
 * fingerprint of the sources' content hashes, so the baseline survives restarts and is mined again
 * only when the collection's logs change.
 */
public final class IndexedBaselines {
  static final String FINGERPRINT = "log-templates.sources";

  private IndexedBaselines() {}

  public static Baseline of(KnowledgeIndex index, Principal principal, String collection, LineFormat format,
      AnalysisOptions options, Path storeRoot) throws IOException {
    String fingerprint = fingerprint(index.manifests(collection));
    Path dir = storeRoot.resolve(safe(collection));
    Path stamp = dir.resolve(FINGERPRINT);
    synchronized (IndexedBaselines.class) {
      if (TemplateStore.exists(dir) && Files.isRegularFile(stamp)
          && Files.readString(stamp, StandardCharsets.UTF_8).equals(fingerprint)) {
        IndexedLogs.diagnose(index, principal, collection, null, inputs -> null); // the caller may read it
        return TemplateStore.load(dir);
      }
      Baseline baseline = IndexedLogs.diagnose(index, principal, collection, null, inputs -> {
        LogAnalysis analysis = new LogAnalysis(options, null);
        LogReading.read(inputs, format, analysis::accept, null, () -> false);
        return analysis.asBaseline();
      });
      TemplateStore.save(dir, baseline);
      Files.writeString(stamp, fingerprint, StandardCharsets.UTF_8);
      return baseline;
    }
  }

  static String fingerprint(Map<String, SourceManifest> manifests) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      // a store of another version (other masks) is mined again, as when the logs change
      sha.update(("template-store " + TemplateStore.VERSION + "\n").getBytes(StandardCharsets.UTF_8));
      for (SourceManifest m : new TreeMap<>(manifests).values()) {
        if (!"log".equals(m.sourceType())) continue;
        sha.update((m.sourcePath() + "\u0000" + m.contentHash() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String safe(String collection) {
    return collection.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
