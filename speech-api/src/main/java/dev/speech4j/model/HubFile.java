package dev.speech4j.model;

import dev.speech4j.InvalidOptionsException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One file of a Hugging Face Hub repository at a revision, as in {@code hf://owner/repo/path/in/repo@revision}, with
 * the size and MD5 its catalog promises where one does. Every part is checked so that none can escape the cache
 * folder: the repository is {@code owner/name}, the path has no empty, {@code .} or {@code ..} segment.
 */
public final class HubFile {
  /** The URI scheme of Hub references. */
  public static final String SCHEME = "hf://";
  private static final String DEFAULT_REVISION = "main";
  private static final String PART = "[A-Za-z0-9][A-Za-z0-9._-]{0,95}";
  private static final Pattern REPO = Pattern.compile(PART + "/" + PART);
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,254}|\\.[A-Za-z0-9_][A-Za-z0-9._+-]{0,253}");
  private static final Pattern REVISION = Pattern.compile(PART + "(/" + PART + "){0,3}");
  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

  private final String repo;
  private final String path;
  private final String revision;
  private final long size;
  private final String md5;

  private HubFile(String repo, String path, String revision, long size, String md5) {
    this.repo = repo;
    this.path = path;
    this.revision = revision;
    this.size = size;
    this.md5 = md5;
  }

  /**
   * The file {@code path} of {@code repo} on its {@code main} branch.
   *
   * @throws InvalidOptionsException if the repository or path is malformed
   */
  public static HubFile of(String repo, String path) {
    if (repo == null || !REPO.matcher(repo).matches() || repo.contains("..")) {
      throw new InvalidOptionsException("invalid Hub repository '" + repo + "': use owner/name with letters, "
          + "digits, '.', '_' and '-'");
    }
    if (path == null || path.length() > 1024) {
      throw new InvalidOptionsException("invalid path in Hub repository " + repo + ": " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
        throw new InvalidOptionsException("invalid path '" + path + "' in Hub repository " + repo
            + ": use '/'-separated names of letters, digits, '.', '_', '+' and '-'");
      }
    }
    return new HubFile(repo, path, DEFAULT_REVISION, -1, null);
  }

  /**
   * Reads {@code hf://owner/repo/path[@revision]}.
   *
   * @throws InvalidOptionsException if the text is not such a reference
   */
  public static HubFile parse(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      throw new InvalidOptionsException("not a Hub reference: " + uri + "; expected hf://owner/repo/FILE[@revision]");
    }
    String rest = uri.substring(SCHEME.length());
    String revision = DEFAULT_REVISION;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      revision = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    int first = rest.indexOf('/');
    int second = first < 0 ? -1 : rest.indexOf('/', first + 1);
    if (second < 0) {
      throw new InvalidOptionsException(uri + " names a repository but no file in it: give "
          + SCHEME + (rest.isEmpty() ? "owner/repo" : rest) + "/FILE[@revision]");
    }
    return of(rest.substring(0, second), rest.substring(second + 1)).at(revision);
  }

  /**
   * This file at another revision: a branch, a tag or a commit hash.
   *
   * @throws InvalidOptionsException if the revision is malformed
   */
  public HubFile at(String revision) {
    if (revision == null || !REVISION.matcher(revision).matches() || revision.contains("..")) {
      throw new InvalidOptionsException("invalid Hub revision '" + revision + "' for " + repo
          + ": give a branch, tag or commit hash");
    }
    return new HubFile(repo, path, revision, size, md5);
  }

  /** This file with the size in bytes and MD5 (lower-case hex) that its catalog promises. */
  public HubFile withMd5(long size, String md5) {
    if (size < 0 || md5 == null || !MD5.matcher(md5).matches()) {
      throw new IllegalArgumentException("size " + size + " and md5 '" + md5 + "' must be >= 0 and 32 hex digits");
    }
    return new HubFile(repo, path, revision, size, md5);
  }

  /** This repository's file at {@code path}, at the same revision. */
  public HubFile sibling(String path) {
    return of(repo, path).at(revision);
  }

  public String repo() {
    return repo;
  }

  public String path() {
    return path;
  }

  public String revision() {
    return revision;
  }

  /** The file name: the path's last segment. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The size the catalog promises, if it does. */
  public OptionalLong expectedSize() {
    return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
  }

  /** The MD5 the catalog promises, if it does. */
  public Optional<String> expectedMd5() {
    return Optional.ofNullable(md5);
  }

  /** Whether the revision is a full commit hash, which never moves. */
  public boolean isPinned() {
    return revision.matches("[0-9a-f]{40}");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HubFile f && repo.equals(f.repo) && path.equals(f.path) && revision.equals(f.revision)
        && size == f.size && Objects.equals(md5, f.md5);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repo, path, revision);
  }

  /** {@code hf://owner/repo/path@revision}. */
  @Override
  public String toString() {
    return SCHEME + repo + "/" + path + "@" + revision;
  }
}
