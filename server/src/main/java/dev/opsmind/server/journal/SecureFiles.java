package dev.opsmind.server.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only their owner may read: folders 0700, files 0600 (on POSIX file systems; elsewhere the
 * platform's defaults). Existing files and folders are tightened too.
 */
public final class SecureFiles {
  private SecureFiles() {}

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates {@code dir} and missing parents; the ones created here, and {@code dir} itself, are
   * 0700. Parents that already existed are left as they are.
   */
  public static void createDirectories(Path dir) throws IOException {
    if (dir == null) {
      return;
    }
    Path absolute = dir.toAbsolutePath();
    if (!Files.isDirectory(absolute)) {
      createMissing(absolute);
    }
    ownerOnly(absolute, "rwx------");
  }

  private static void createMissing(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createMissing(dir.getParent());
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      return; // created meanwhile
    }
    ownerOnly(dir, "rwx------");
  }

  /** Creates an empty file 0600 if there is none; an existing one is set to 0600. */
  public static void createFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        if (posix(file)) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(file);
        }
      } catch (FileAlreadyExistsException e) {
        // created meanwhile
      }
    }
    ownerOnly(file, "rw-------");
  }

  private static void ownerOnly(Path path, String permissions) throws IOException {
    if (posix(path)) {
      try {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
      } catch (IOException | UnsupportedOperationException e) {
        // not ours to change (another owner): leave it
      }
    }
  }

  /** fsyncs a folder so a rename or a new file in it survives a crash (no-op where unsupported). */
  public static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can open a folder
    }
  }
}
