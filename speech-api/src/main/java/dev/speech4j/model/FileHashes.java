package dev.speech4j.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashes a downloaded file is checked against, computed as its bytes arrive: SHA-256 (an LFS file's ETag),
 * the git blob SHA-1 (a small file's ETag; only when the size is known up front) and MD5 (Piper's catalog).
 */
final class FileHashes {
  private final MessageDigest sha256 = digest("SHA-256");
  private final MessageDigest md5 = digest("MD5");
  private final MessageDigest gitSha1;
  private final long size;

  private FileHashes(long size) {
    this.size = size;
    gitSha1 = size >= 0 ? digest("SHA-1") : null;
    reset();
  }

  /** Forgets every byte seen, for a download that starts over. */
  void reset() {
    sha256.reset();
    md5.reset();
    if (gitSha1 != null) {
      gitSha1.reset();
      gitSha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** Hashes for a file of {@code size} bytes, or -1 if unknown. */
  static FileHashes forSize(long size) {
    return new FileHashes(size);
  }

  void update(ByteBuffer bytes) {
    sha256.update(bytes.duplicate());
    md5.update(bytes.duplicate());
    if (gitSha1 != null) {
      gitSha1.update(bytes.duplicate());
    }
  }

  /** Adds the first {@code length} bytes already in {@code file}. */
  void update(Path file, long length) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = length;
    try (InputStream in = Files.newInputStream(file)) {
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(file + " is shorter than " + length + " bytes");
        }
        update(ByteBuffer.wrap(buffer, 0, n));
        left -= n;
      }
    }
  }

  String sha256() {
    return hex(sha256);
  }

  String md5() {
    return hex(md5);
  }

  /** The git blob hash, or empty if the size was not known up front. */
  String gitSha1() {
    return gitSha1 == null ? "" : hex(gitSha1);
  }

  private static String hex(MessageDigest digest) {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no " + algorithm, e);
    }
  }
}
