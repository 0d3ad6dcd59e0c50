package dev.opsmind.retrieval.replica;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * One commit point as a replica needs it: its generation, its {@code segments_N} file, and every
 * file it references with its length and the CRC32 that Lucene keeps in each file's footer. Lucene
 * never rewrites a file, so a file of the same name, length and checksum is the same file: a
 * replica copies only what it lacks.
 *
 * @param generation the commit's generation (N of segments_N)
 * @param segmentsFile the commit's segments_N
 * @param files every file of the commit, segments_N included
 */
public record CommitFiles(long generation, String segmentsFile, List<FileInfo> files) {
  public CommitFiles {
    files = List.copyOf(files);
  }

  /** A file of a commit: name, length in bytes and the checksum of its footer. */
  public record FileInfo(String name, long length, long checksum) {}

  /** The files of {@code commit}, read from {@code directory} (footers only: cheap). */
  public static CommitFiles of(Directory directory, IndexCommit commit) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    for (String name : commit.getFileNames()) {
      files.add(info(directory, name));
    }
    files.sort(java.util.Comparator.comparing(FileInfo::name));
    return new CommitFiles(commit.getGeneration(), commit.getSegmentsFileName(), files);
  }

  /** The last commit in {@code directory}, if there is an index there. */
  public static Optional<CommitFiles> latest(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return Optional.empty();
    }
    SegmentInfos infos = SegmentInfos.readLatestCommit(directory);
    List<FileInfo> files = new ArrayList<>();
    for (String name : infos.files(true)) {
      files.add(info(directory, name));
    }
    files.sort(java.util.Comparator.comparing(FileInfo::name));
    return Optional.of(new CommitFiles(infos.getGeneration(), infos.getSegmentsFileName(), files));
  }

  static FileInfo info(Directory directory, String name) throws IOException {
    try (IndexInput in = directory.openInput(name, IOContext.READONCE)) {
      return new FileInfo(name, in.length(), CodecUtil.retrieveChecksum(in));
    }
  }

  /** The entry of the segments_N file. */
  public FileInfo segments() {
    return files.stream().filter(f -> f.name().equals(segmentsFile)).findFirst().orElseThrow();
  }

  /** Whether {@code other} is the same commit (same segments_N, byte for byte). */
  public boolean sameAs(CommitFiles other) {
    return other != null && segments().equals(other.segments());
  }

  /** Total bytes of the commit's files. */
  public long bytes() {
    return files.stream().mapToLong(FileInfo::length).sum();
  }
}
