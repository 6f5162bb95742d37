package dev.speech4j.model;

import dev.speech4j.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The Hugging Face Hub cache on disk, in huggingface_hub's own layout, so that files Python users downloaded are
 * reused and ours are theirs: {@code models--OWNER--NAME/blobs/ETAG} holds each file once, under its hash;
 * {@code snapshots/COMMIT/PATH} links to the blob; {@code refs/REVISION} holds the commit a branch or tag had.
 * Downloads in progress are {@code blobs/ETAG.incomplete}, never under a final name.
 *
 * <p>The folder is the system property {@code speech4j.hub.cache}, else {@code HF_HUB_CACHE}, else
 * {@code HF_HOME/hub}, else {@code XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}.
 */
public final class HubCache {
  private final Path root;

  public HubCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The cache in the folder the environment names (see the class description). */
  public static HubCache fromEnvironment() {
    String dir = System.getProperty("speech4j.hub.cache", System.getenv("HF_HUB_CACHE"));
    if (dir != null && !dir.isBlank()) {
      return new HubCache(Path.of(dir));
    }
    String home = System.getenv("HF_HOME");
    if (home == null || home.isBlank()) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
      return new HubCache(cache.resolve("huggingface").resolve("hub"));
    }
    return new HubCache(Path.of(home, "hub"));
  }

  public Path root() {
    return root;
  }

  /** A cached file: what it is, the commit it came from, where it lies and its size. */
  public record Entry(HubFile file, String commit, Path path, long size) {}

  /** The cached copy of {@code file} at its revision (read from {@code refs/} unless it is a commit hash). */
  public Optional<Path> find(HubFile file) {
    return commit(file).map(c -> snapshot(file, c)).filter(Files::isRegularFile);
  }

  /** Every file of every cached snapshot, sorted by repository and path. */
  public List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (Path repoDir : list(root)) {
      String folder = repoDir.getFileName().toString();
      if (!folder.startsWith("models--") || folder.split("--").length != 3) {
        continue;
      }
      String repo = folder.substring("models--".length()).replace("--", "/");
      for (Path snapshot : list(repoDir.resolve("snapshots"))) {
        String commit = snapshot.getFileName().toString();
        try (Stream<Path> files = Files.walk(snapshot)) {
          for (Path path : files.filter(Files::isRegularFile).toList()) {
            String inRepo = snapshot.relativize(path).toString().replace('\\', '/');
            try {
              entries.add(new Entry(HubFile.of(repo, inRepo).at(commit), commit, path, Files.size(path)));
            } catch (RuntimeException e) {
              // a folder not written by a Hub client: not ours to list
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + snapshot + ": " + e.getMessage(), e);
        }
      }
    }
    entries.sort(Comparator.comparing((Entry e) -> e.file().repo()).thenComparing(e -> e.file().path()));
    return entries;
  }

  /**
   * Deletes {@code file} from every cached snapshot of its repository, with blobs no other file shares, and the
   * repository's folder once nothing is left in it.
   *
   * @return how many snapshot files were deleted
   */
  public int remove(HubFile file) {
    Path repoDir = repoDir(file.repo());
    int removed = 0;
    try {
      for (Path snapshot : list(repoDir.resolve("snapshots"))) {
        Path link = snapshot.resolve(file.path());
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(link);
          removed++;
          for (Path dir = link.getParent(); !dir.equals(repoDir.resolve("snapshots")) && isEmpty(dir);
              dir = dir.getParent()) {
            Files.delete(dir);
          }
        }
      }
      deleteUnlinkedBlobs(repoDir);
      if (list(repoDir.resolve("snapshots")).isEmpty()) {
        deleteTree(repoDir);
        deleteTree(root.resolve(".locks").resolve(repoDir.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file + " from " + repoDir + ": " + e.getMessage(), e);
    }
    return removed;
  }

  Optional<String> commit(HubFile file) {
    if (file.isPinned()) {
      return Optional.of(file.revision());
    }
    Path ref = repoDir(file.repo()).resolve("refs").resolve(file.revision());
    try {
      return Files.isRegularFile(ref) ? Optional.of(Files.readString(ref, StandardCharsets.UTF_8).strip())
          .filter(c -> c.matches("[0-9a-f]{40}")) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  Path repoDir(String repo) {
    return root.resolve("models--" + repo.replace("/", "--"));
  }

  Path blob(String repo, String etag) {
    return repoDir(repo).resolve("blobs").resolve(etag);
  }

  Path lockFile(String repo, String etag) {
    return root.resolve(".locks").resolve(repoDir(repo).getFileName()).resolve(etag + ".lock");
  }

  Path snapshot(HubFile file, String commit) {
    return repoDir(file.repo()).resolve("snapshots").resolve(commit).resolve(file.path());
  }

  /** Puts {@code snapshots/COMMIT/PATH} in place as a relative link to the blob, or a copy where links fail. */
  Path link(HubFile file, String commit, String etag) throws IOException {
    Path target = snapshot(file, commit);
    Path blob = blob(file.repo(), etag);
    Files.createDirectories(target.getParent());
    if (Files.isRegularFile(target) && Files.isSameFile(target, blob)) {
      return target;
    }
    Path staged = target.resolveSibling("." + target.getFileName() + "." + nonce() + ".link");
    try {
      Files.createSymbolicLink(staged, target.getParent().relativize(blob));
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(blob, staged, StandardCopyOption.REPLACE_EXISTING);
    }
    AtomicFiles.replace(staged, target);
    return target;
  }

  /** Records that {@code revision} is at {@code commit}. */
  void writeRef(String repo, String revision, String commit) throws IOException {
    if (revision.equals(commit)) {
      return;
    }
    Path ref = repoDir(repo).resolve("refs").resolve(revision);
    Files.createDirectories(ref.getParent());
    Path staged = ref.resolveSibling("." + ref.getFileName() + "." + nonce() + ".tmp");
    Files.writeString(staged, commit, StandardCharsets.UTF_8);
    AtomicFiles.replace(staged, ref);
  }

  private void deleteUnlinkedBlobs(Path repoDir) throws IOException {
    Set<Path> used = new HashSet<>();
    for (Path snapshot : list(repoDir.resolve("snapshots"))) {
      try (Stream<Path> files = Files.walk(snapshot)) {
        for (Path link : files.filter(Files::isSymbolicLink).toList()) {
          used.add(link.getParent().resolve(Files.readSymbolicLink(link)).normalize());
        }
      }
    }
    for (Path blob : list(repoDir.resolve("blobs"))) {
      if (!used.contains(blob.normalize()) && !blob.getFileName().toString().endsWith(".incomplete")) {
        Files.delete(blob);
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String nonce() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }
}
