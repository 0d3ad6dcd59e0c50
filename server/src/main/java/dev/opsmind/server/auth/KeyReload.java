package dev.opsmind.server.auth;

import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.Json;
import java.util.ArrayList;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reloaded config's API keys applied while serving: added, revoked, roles and expiry changed
 * keys replace the current ones at once ({@link AuthHandler#replaceKeys}). Other changed settings
 * are named in the log as needing a restart. A reload that would leave a keyed server without
 * keys (open mode: everyone admin) is refused, as is one with a bad key. Audited as
 * config_reloaded / config_reload_refused.
 */
public final class KeyReload {
  private static final Logger LOG = LoggerFactory.getLogger(KeyReload.class);

  private KeyReload() {}

  /**
   * Applies {@code reloaded}'s keys to {@code auth}, for a server running on {@code running}.
   *
   * @return what happened, one line
   */
  public static String apply(AuthHandler auth, AuditLog audit, ServerConfig running, ServerConfig reloaded) {
    ApiKeys current = auth.keys();
    if (reloaded.apiKeys().isEmpty() && reloaded.tls().clients().isEmpty() && !current.openMode()) {
      String why = "refused: the new config has no API keys, which would make every caller an admin; keeping the "
          + current.size() + " current keys";
      LOG.error("config reload {}", why);
      audit.record(AuditLog.entry("config_reload_refused").put("reason", "no_keys"));
      return why;
    }
    ApiKeys keys;
    try {
      keys = new ApiKeys(reloaded.apiKeys(), reloaded.tls().clients());
    } catch (IllegalArgumentException e) {
      LOG.error("config reload refused: {}", e.getMessage());
      audit.record(AuditLog.entry("config_reload_refused").put("reason", e.getMessage()));
      return "refused: " + e.getMessage();
    }
    var before = new TreeSet<String>();
    current.principals().forEach(before::add);
    var after = new TreeSet<String>();
    keys.principals().forEach(after::add);
    auth.replaceKeys(keys);
    var added = new TreeSet<>(after);
    added.removeAll(before);
    var removed = new TreeSet<>(before);
    removed.removeAll(after);
    var entry = AuditLog.entry("config_reloaded").put("keys", keys.size());
    entry.set("principals_added", Json.MAPPER.valueToTree(added));
    entry.set("principals_removed", Json.MAPPER.valueToTree(removed));
    var restart = new ArrayList<String>();
    if (!reloaded.withApiKeys(running.apiKeys()).withTls(reloaded.tls().withClients(running.tls().clients()))
        .equals(running)) {
      restart.add("settings other than apiKeys");
      LOG.warn("config reload: only apiKeys take effect while serving; restart for the other changes");
    }
    entry.put("needs_restart", !restart.isEmpty());
    audit.record(entry);
    String line = "reloaded: " + keys.size() + " keys (added " + added + ", removed " + removed + ")"
        + (restart.isEmpty() ? "" : "; other changes need a restart");
    LOG.info("config {}", line);
    return line;
  }
}
