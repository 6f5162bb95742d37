package dev.speech4j;

/**
 * A downloaded model file differs from what its source promised: the hash or size does not match. The partial file
 * has been deleted; downloading again usually helps.
 */
public class ModelIntegrityException extends ModelDownloadException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String expected;
  private final String actual;

  /**
   * @param file the file, e.g. {@code hf://owner/repo/model.bin@main}
   * @param expected the promised value, e.g. {@code sha256 9f86d0...} or {@code 1024 bytes}
   * @param actual what was received, in the same form
   */
  public ModelIntegrityException(String file, String expected, String actual) {
    super(file + " arrived damaged: expected " + expected + ", got " + actual
        + "; the partial file was deleted, download it again", 0, null);
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }

  public String file() {
    return file;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
