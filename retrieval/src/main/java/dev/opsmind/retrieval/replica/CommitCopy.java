package dev.opsmind.retrieval.replica;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

/**
 * Copies a commit of the writer into a replica's index folder so that a reader never sees part of
 * it: every file the replica lacks is written under a temporary name, fsynced, its checksum
 * verified against the writer's, and renamed into place; {@code segments_N} — what makes a commit
 * exist for a reader — comes last, the same way. Files of the replica's current commit are left
 * alone (open searchers use them) until {@link #cleanup} after the replica has reopened.
 *
 * <p>A replica may hold commits the writer never had (an earlier writer died before anyone copied
 * them): a file of the same name with another length or checksum is replaced (open readers keep
 * the old one: POSIX keeps an open file's contents), and its {@code segments_N} of the same or a
 * later generation is removed before the writer's is put in place, so the newest commit in the
 * folder is the writer's.
 */
public final class CommitCopy {
  /** Suffix of files being copied (removed when found at the start of a copy). */
  static final String TEMP_SUFFIX = ".replicating";
  /** Bytes asked for at a time. */
  public static final int CHUNK = 1 << 20;

  private CommitCopy() {}

  /** Reads bytes of one file of the commit being copied (from the writer, over the network). */
  @FunctionalInterface
  public interface Source {
    /** Up to {@code length} bytes of {@code name} from {@code offset}; fewer only at the end. */
    byte[] read(String name, long offset, int length) throws IOException;
  }

  /** What a copy did: files and bytes copied (the rest were already here). */
  public record Result(int files, long bytes) {}

  /**
   * Makes {@code commit} the newest commit in {@code dir}, copying what is missing from {@code source}.
   * On failure (the writer gone, a checksum mismatch) the folder's newest commit is still a whole
   * one (the previous one, unless a stale head of another lineage was already removed).
   */
  public static Result apply(Directory dir, CommitFiles commit, Source source) throws IOException {
    for (String name : dir.listAll()) {
      if (name.endsWith(TEMP_SUFFIX)) {
        dir.deleteFile(name);
      }
    }
    Set<String> present = Set.of(dir.listAll());
    int files = 0;
    long bytes = 0;
    for (CommitFiles.FileInfo file : commit.files()) {
      if (!file.name().equals(commit.segmentsFile()) && !have(dir, present, file)) {
        copy(dir, file, source);
        files++;
        bytes += file.length();
      }
    }
    for (String name : dir.listAll()) {
      if (name.startsWith(IndexFileNames.SEGMENTS + "_") && !name.equals(commit.segmentsFile())
          && SegmentInfos.generationFromSegmentsFileName(name) >= commit.generation()) {
        dir.deleteFile(name); // a head of another lineage: the writer's commit must be the newest
      }
    }
    CommitFiles.FileInfo segments = commit.segments();
    if (!have(dir, present, segments)) {
      copy(dir, segments, source);
      files++;
      bytes += segments.length();
    }
    dir.syncMetaData();
    return new Result(files, bytes);
  }

  /** Removes the index files that {@code commit} (now the newest) does not use; the write lock stays. */
  public static void cleanup(Directory dir, CommitFiles commit) throws IOException {
    Set<String> keep = new java.util.HashSet<>();
    commit.files().forEach(f -> keep.add(f.name()));
    Matcher codec = IndexFileNames.CODEC_FILE_PATTERN.matcher("");
    List<String> stale = new ArrayList<>();
    for (String name : dir.listAll()) {
      if (!keep.contains(name) && (codec.reset(name).matches() || name.startsWith(IndexFileNames.SEGMENTS + "_"))) {
        stale.add(name);
      }
    }
    for (String name : stale) {
      try {
        dir.deleteFile(name);
      } catch (IOException e) {
        // gone already, or still in use by a writer on another OS: the next cleanup tries again
      }
    }
  }

  private static boolean have(Directory dir, Set<String> present, CommitFiles.FileInfo file) {
    if (!present.contains(file.name())) {
      return false;
    }
    try {
      return CommitFiles.info(dir, file.name()).equals(file);
    } catch (IOException | RuntimeException e) {
      return false; // truncated or unreadable: copy it again
    }
  }

  private static void copy(Directory dir, CommitFiles.FileInfo file, Source source) throws IOException {
    String temp = file.name() + TEMP_SUFFIX;
    try (IndexOutput out = dir.createOutput(temp, IOContext.DEFAULT)) {
      long offset = 0;
      while (offset < file.length()) {
        int want = (int) Math.min(CHUNK, file.length() - offset);
        byte[] chunk = source.read(file.name(), offset, want);
        if (chunk.length == 0) {
          throw new IOException("the writer sent nothing for " + file.name() + " at " + offset + " of " + file.length());
        }
        out.writeBytes(chunk, chunk.length);
        offset += chunk.length;
      }
    }
    dir.sync(List.of(temp));
    try (IndexInput in = dir.openInput(temp, IOContext.READONCE)) {
      long checksum = CodecUtil.checksumEntireFile(in); // also checks the footer against the contents
      if (in.length() != file.length() || checksum != file.checksum()) {
        throw new IOException("copied " + file.name() + " does not match the writer's (length " + in.length() + "/"
            + file.length() + ", checksum " + checksum + "/" + file.checksum() + ")");
      }
    } catch (IOException e) {
      dir.deleteFile(temp);
      throw e;
    }
    dir.rename(temp, file.name());
  }
}
