/**
 * What both Whisper engines share and no network runs: {@link dev.speech4j.whisper.ModelDims} and the rules derived
 * from them, {@link dev.speech4j.whisper.CompressionRatio}, {@link dev.speech4j.whisper.Punctuation}. Engine-neutral;
 * open to the engines only.
 */
module dev.speech4j.whisper {
  requires dev.speech4j.api;

  exports dev.speech4j.whisper to dev.speech4j.engine.djl, dev.speech4j.engine.whispercpp;
}
