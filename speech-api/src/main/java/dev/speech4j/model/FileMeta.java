package dev.speech4j.model;

import dev.speech4j.ModelDownloadException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the Hub says of a file before sending it: the commit the revision is at, the ETag (its hash, and the blob's
 * name in the cache), the size (-1 if not said), whether the file lives in LFS, and where to fetch it.
 */
record FileMeta(String commit, String etag, long size, boolean linked, URI location) {
  private static final Pattern SAFE_ETAG = Pattern.compile("[A-Za-z0-9_-]{8,128}");

  static FileMeta of(HubFile file, int status, HttpHeaders headers, URI location) {
    Optional<String> linkedEtag = headers.firstValue("X-Linked-Etag");
    String etag = linkedEtag.or(() -> headers.firstValue("ETag")).map(FileMeta::unquote).orElse("");
    if (!SAFE_ETAG.matcher(etag).matches()) {
      throw new ModelDownloadException(file + ": the server sent " + (etag.isEmpty() ? "no ETag" : "an unusable "
          + "ETag '" + etag + "'") + "; is the endpoint a Hugging Face Hub?", status, null);
    }
    String commit = headers.firstValue("X-Repo-Commit").map(String::strip)
        .or(() -> file.isPinned() ? Optional.of(file.revision()) : Optional.empty())
        .filter(c -> c.matches("[0-9a-f]{40}"))
        .orElseThrow(() -> new ModelDownloadException(file + ": the server sent no X-Repo-Commit; is the endpoint a "
            + "Hugging Face Hub?", status, null));
    Optional<String> size = headers.firstValue("X-Linked-Size");
    if (size.isEmpty() && status / 100 == 2) {
      size = headers.firstValue("Content-Length");
    }
    long bytes = size.map(FileMeta::parseSize).orElse(-1L);
    return new FileMeta(commit, etag, bytes, linkedEtag.isPresent(), location);
  }

  private static String unquote(String etag) {
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
  }

  private static long parseSize(String text) {
    try {
      long n = Long.parseLong(text.strip());
      return n >= 0 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
