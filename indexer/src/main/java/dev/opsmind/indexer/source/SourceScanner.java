package dev.opsmind.indexer.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Walks a directory tree and sorts its files into those the indexer reads and those it skips.
 * Hidden files and folders (a leading '.', such as .git) are passed over silently; every other
 * file that is not read is reported with the reason. Symbolic links are not followed.
 */
public final class SourceScanner {

  /** Scans {@code root}; a missing or non-directory root is a caller error. */
  public ScanResult scan(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("not a directory: " + root);
    }
    List<SourceFile> files = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (isHidden(file)) return FileVisitResult.CONTINUE;
          String sourcePath = sourcePath(root, file);
          if (!attrs.isRegularFile()) {
            skipped.add(new SkippedFile(sourcePath, "not a regular file"));
            return FileVisitResult.CONTINUE;
          }
          Optional<SourceFormat> format = SourceFormat.ofFileName(file.getFileName().toString());
          if (format.isEmpty()) {
            skipped.add(new SkippedFile(sourcePath, "unsupported file type" + extension(file)));
          } else {
            files.add(new SourceFile(sourcePath, file, format.get(), attrs.size(), attrs.lastModifiedTime().toMillis()));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          // One unreadable entry never stops the scan.
          skipped.add(new SkippedFile(sourcePath(root, file), "unreadable: " + e.getMessage()));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + root + ": " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(SourceFile::sourcePath));
    skipped.sort(Comparator.comparing(SkippedFile::sourcePath));
    return new ScanResult(files, skipped);
  }

  /** The portable source path of {@code file} under {@code root} ('/'-separated). */
  public static String sourcePath(Path root, Path file) {
    Path relative = root.relativize(file);
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }

  private static boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? " " + name.substring(dot) : " (no extension)";
  }
}
