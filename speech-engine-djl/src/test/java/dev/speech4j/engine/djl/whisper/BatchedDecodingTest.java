package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.speech4j.audio.Audio;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Windows of different files encoded in one forward pass and decoded as one batch give exactly the tokens they
 * give one by one, with greedy decoding, beam search, and a prompt (which puts its window in a batch of its own).
 */
class BatchedDecodingTest {
  private static final List<String> FILES = List.of("jfk.wav",
      "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0870.wav",
      "pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0880.wav",
      "ljspeech-coqui/LJ001-0001.wav",
      "ljspeech-coqui/LJ001-0002.wav");

  @Test
  void batchedWindowsDecodeAsOneByOne() throws IOException {
    Path dir = ReferenceCase.checkedModel("micro-ml");
    WhisperConfig config = WhisperConfig.read(dir);
    List<WindowOptions> options = List.of(options(0, List.of()), options(0, List.of()), options(5, List.of()),
        options(0, List.of()), options(0, List.of(50363, 440)));
    try (WhisperTokenizer tokenizer = WhisperTokenizer.load(dir, config);
        TorchWhisper network = TorchWhisper.load(dir, config, Device.cpu())) {
      LogMel logMel = new LogMel(TestFiles.melFilters(80), 80);
      List<float[]> mels = new ArrayList<>();
      for (String file : FILES) {
        float[] samples = Audio.read(SharedData.testdata(file)).samples();
        LogMel.Spectrogram mel = logMel.compute(samples, LogMel.N_SAMPLES);
        mels.add(mel.window(0, Math.min(LogMel.N_FRAMES, mel.frames() - LogMel.N_FRAMES)));
      }
      WindowDecoder decoder = new WindowDecoder(network, config, tokenizer);
      List<WindowResult> alone = new ArrayList<>();
      for (int i = 0; i < mels.size(); i++) {
        try (WhisperNetwork.EncodedAudio audio = network.encode(mels.get(i))) {
          alone.add(decoder.decode(audio, options.get(i)));
        }
      }
      List<WhisperNetwork.EncodedAudio> encoded = network.encode(mels);
      List<WindowDecoder.Window> windows = new ArrayList<>();
      for (int i = 0; i < mels.size(); i++) {
        windows.add(new WindowDecoder.Window(encoded.get(i), options.get(i)));
      }
      List<WindowResult> batched = decoder.decodeAll(windows);
      encoded.forEach(WhisperNetwork.EncodedAudio::close);

      for (int i = 0; i < mels.size(); i++) {
        assertThat(batched.get(i).tokens()).as(FILES.get(i)).containsExactly(alone.get(i).tokens());
        assertThat(batched.get(i).text()).isEqualTo(alone.get(i).text());
        assertThat(batched.get(i).avgLogprob()).isCloseTo(alone.get(i).avgLogprob(), within(1e-4));
        assertThat(batched.get(i).noSpeechProb()).isCloseTo(alone.get(i).noSpeechProb(), within(1e-5));
      }
      assertThat(alone).extracting(r -> r.tokens().length).doesNotContain(0);
    }
  }

  private static WindowOptions options(int beamSize, List<Integer> prompt) {
    return new WindowOptions("en", false, 0, beamSize, 1, 1.0, null, 224, prompt, null, List.of(-1), true, false,
        1.0, new SplittableRandom(0));
  }
}
