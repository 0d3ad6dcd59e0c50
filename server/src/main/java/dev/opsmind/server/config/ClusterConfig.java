package dev.opsmind.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code cluster:} section of the config (server/README.md, "Cluster"). Off unless
 * {@code enabled} (or {@code serve --cluster}).
 *
 * @param enabled join a cluster at start
 * @param name the cluster's name: only members with the same name join (Hazelcast cluster name)
 * @param nodeName how this node is named in /v1/models, /ready and /metrics (default host:port of its API)
 * @param host the interface Hazelcast and the event bus bind and advertise (an address the other
 *     members reach; default 127.0.0.1)
 * @param port the first Hazelcast port tried (default 5701)
 * @param portCount how many ports from {@code port} up are tried, and probed on each member (default 10)
 * @param eventBusPort the clustered event bus's port (0 = any free one, advertised through Hazelcast)
 * @param members the other members to join, {@code host} or {@code host:port} (TCP/IP join; no multicast)
 * @param secret the shared cluster secret (at least 16 characters); every inter-node message is
 *     sealed with a key derived from it
 * @param secretFile a file holding the secret instead (first line), so it stays out of the config
 * @param failureSeconds a member silent this long is declared lost (Hazelcast heartbeat timeout;
 *     a killed process on a reachable host is usually noticed within a second or two)
 * @param relayTimeoutSeconds how long a routed request waits for its serving node's next bytes
 *     before it fails (a backstop: node loss is noticed from membership, not from this)
 * @param tls encrypt and mutually authenticate the event bus with the {@code tls:} certificate and key
 *     (each node's certificate must chain to {@code caFile})
 * @param caFile the CA (PEM) the members' event-bus certificates chain to (with {@code tls})
 * @param journalCopies how many other nodes' disks each journal append (feedback, proposals,
 *     audit) is copied to before it is acknowledged (0 = none; fewer when fewer nodes are up)
 */
public record ClusterConfig(
    @JsonProperty("enabled") boolean enabled,
    @JsonProperty("name") String name,
    @JsonProperty("nodeName") String nodeName,
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("portCount") Integer portCount,
    @JsonProperty("eventBusPort") Integer eventBusPort,
    @JsonProperty("members") List<String> members,
    @JsonProperty("secret") String secret,
    @JsonProperty("secretFile") Path secretFile,
    @JsonProperty("failureSeconds") Integer failureSeconds,
    @JsonProperty("relayTimeoutSeconds") Integer relayTimeoutSeconds,
    @JsonProperty("tls") boolean tls,
    @JsonProperty("caFile") Path caFile,
    @JsonProperty("journalCopies") Integer journalCopies) {

  public static final ClusterConfig OFF = new ClusterConfig(false, null, null, null, null, null, null, null, null, null,
      null, null, false, null, null);

  public ClusterConfig {
    name = name == null || name.isBlank() ? "opsmind" : name.strip();
    nodeName = nodeName == null || nodeName.isBlank() ? null : nodeName.strip();
    host = host == null || host.isBlank() ? "127.0.0.1" : host.strip();
    port = port == null ? 5701 : port;
    portCount = portCount == null ? 10 : portCount;
    eventBusPort = eventBusPort == null ? 0 : eventBusPort;
    members = members == null ? List.of() : List.copyOf(members);
    failureSeconds = failureSeconds == null ? 10 : failureSeconds;
    relayTimeoutSeconds = relayTimeoutSeconds == null ? 120 : relayTimeoutSeconds;
    journalCopies = journalCopies == null ? 1 : journalCopies;
    if (journalCopies < 0) {
      throw new IllegalArgumentException("cluster.journalCopies must be >= 0, got " + journalCopies);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cluster.port must be between 1 and 65535, got " + port);
    }
    if (portCount < 1 || port + portCount - 1 > 65535) {
      throw new IllegalArgumentException("cluster.portCount must be >= 1 and keep the range below 65536, got " + portCount);
    }
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new IllegalArgumentException("cluster.eventBusPort must be between 0 and 65535, got " + eventBusPort);
    }
    if (failureSeconds < 2) {
      throw new IllegalArgumentException("cluster.failureSeconds must be >= 2, got " + failureSeconds);
    }
    if (relayTimeoutSeconds < 1) {
      throw new IllegalArgumentException("cluster.relayTimeoutSeconds must be >= 1, got " + relayTimeoutSeconds);
    }
    for (String member : members) {
      if (member == null || member.isBlank() || member.contains("/")) {
        throw new IllegalArgumentException("cluster.members entries are host or host:port, got '" + member + "'");
      }
    }
    if (secret != null && secretFile != null) {
      throw new IllegalArgumentException("give cluster.secret or cluster.secretFile, not both");
    }
    if (tls && caFile == null) {
      throw new IllegalArgumentException("cluster.tls needs cluster.caFile (the CA the members' certificates chain to)");
    }
  }

  /** This config turned on (serve --cluster). */
  public ClusterConfig withEnabled(boolean on) {
    return new ClusterConfig(on, name, nodeName, host, port, portCount, eventBusPort, members, secret, secretFile,
        failureSeconds, relayTimeoutSeconds, tls, caFile, journalCopies);
  }

  /**
   * The shared secret, read from {@code secretFile} when given; refused when missing or shorter than
   * 16 characters: a cluster without one would run anyone's requests that reach its ports.
   */
  public String resolveSecret() {
    String value = secret;
    if (secretFile != null) {
      try {
        value = Files.readAllLines(secretFile).stream().findFirst().orElse("").strip();
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cluster.secretFile " + secretFile + " cannot be read: " + e.getMessage());
      }
    }
    if (value == null || value.length() < 16) {
      throw new IllegalArgumentException("the cluster needs a shared secret of at least 16 characters (cluster.secret, "
          + "cluster.secretFile or OPSMIND_CLUSTER_SECRET), the same on every member");
    }
    return value;
  }
}
