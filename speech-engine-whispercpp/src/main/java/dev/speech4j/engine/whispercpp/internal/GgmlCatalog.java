package dev.speech4j.engine.whispercpp.internal;

import dev.speech4j.model.TableCatalog;

/**
 * whisper-cpp's model names ({@code tiny.en}, {@code large-v3-turbo-q5_0}, ...) and the ggml files on the Hub they
 * stand for, from the table {@code ggml-models.tsv}.
 */
public final class GgmlCatalog extends TableCatalog {
  public GgmlCatalog() {
    super(WhisperCppProvider.NAME, GgmlCatalog.class.getResourceAsStream("ggml-models.tsv"), ".bin");
  }
}
