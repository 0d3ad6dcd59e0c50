package dev.opsmind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.ApiErrors;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 item 10: data folders are the owner's, no start leaves a folder in /tmp, aborts are not errors. */
class DataFilesTest {
  @TempDir Path tmp;

  @Test
  void dataFoldersAreOwnerOnlyAndUploadsLeaveNothingBehind() throws Exception {
    Path index = tmp.resolve("data").resolve("index");
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q").withIndex(index);
    try (OpsmindServer server = OpsmindServer.start(config)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(index)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(index.getParent())));
      Path uploads = index.resolveSibling("uploads");
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(uploads)));
    }
    assertFalse(Files.exists(index.resolveSibling("uploads")), "removed at close");
    // (no count of /tmp/opsmind-uploads*: other servers on a shared machine make them too)
  }

  @Test
  void aClientThatWentAwayIsNotAServerError() {
    assertEquals(499, ApiErrors.map(new ClosedChannelException()).status());
    assertEquals(499, ApiErrors.map(new io.vertx.core.http.HttpClosedException("Connection was closed")).status());
    assertEquals(500, ApiErrors.map(new NullPointerException()).status());
  }
}
