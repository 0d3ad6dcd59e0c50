package dev.opsmind.server.http;

import dev.opsmind.server.config.ServerConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS listener's PEM files (config {@code tls}): the options Vert.x builds its SSL context
 * from, and whether the files changed since they were last read (the server then reloads them,
 * see {@code OpsmindServer}). Client certificates are requested or required when a client CA is
 * configured; the handshake verifies them against it, and the auth handler maps their subject.
 */
public final class TlsFiles {
  private final ServerConfig.Tls tls;
  private List<Long> stamps;

  public TlsFiles(ServerConfig.Tls tls) {
    this.tls = tls;
    this.stamps = tls.enabled() ? stamps() : List.of();
  }

  /** The SSL options for the listener (Vert.x reads the files when it applies them). */
  public ServerSSLOptions sslOptions() {
    ServerSSLOptions options = new ServerSSLOptions()
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(tls.cert().toAbsolutePath().toString())
            .setKeyPath(tls.key().toAbsolutePath().toString()));
    if (tls.clientCa() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCa().toAbsolutePath().toString()))
          .setClientAuth(tls.clientAuth().equals("required") ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
    }
    return options;
  }

  /** Whether a file changed (modification time or size) since the last call; blocking (a worker's job). */
  public synchronized boolean changed() {
    List<Long> now = stamps();
    boolean changed = !now.equals(stamps);
    stamps = now;
    return changed;
  }

  private List<Long> stamps() {
    List<Long> out = new ArrayList<>();
    for (Path file : new Path[] {tls.cert(), tls.key(), tls.clientCa()}) {
      if (file == null) {
        continue;
      }
      try {
        out.add(Files.getLastModifiedTime(file).toMillis());
        out.add(Files.size(file));
      } catch (IOException e) {
        out.add(-1L);
      }
    }
    return out;
  }
}
