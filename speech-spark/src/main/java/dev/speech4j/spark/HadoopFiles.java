package dev.speech4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads files by path on any executor, through Hadoop's file systems ({@code file:}, {@code hdfs:}, {@code s3a:},
 * …) configured as the driver's session is. Serializable: the configuration travels as its entries.
 */
final class HadoopFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The largest file read into memory (2 GiB, a Java array's bound). */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

  private final Map<String, String> settings;
  private transient Configuration configuration;

  HadoopFiles(Configuration configuration) {
    this.settings = new HashMap<>();
    configuration.forEach(e -> settings.put(e.getKey(), e.getValue()));
  }

  /**
   * The bytes of the file at {@code path}.
   *
   * @throws UncheckedIOException if it cannot be read or is larger than 2 GiB
   */
  byte[] read(String path) {
    Path p = new Path(path);
    try {
      var fs = p.getFileSystem(configuration());
      long length = fs.getFileStatus(p).getLen();
      if (length > MAX_BYTES) {
        throw new IOException("it holds " + length + " bytes, more than the 2 GiB a file may have here");
      }
      try (InputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private Configuration configuration() {
    if (configuration == null) {
      Configuration c = new Configuration(false);
      settings.forEach(c::set);
      configuration = c;
    }
    return configuration;
  }
}
