package dev.speech4j.engine.whispercpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.speech4j.EngineOptions;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.TranscriptionStream;
import dev.speech4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Six minutes of speech (the five LibriVox clips and jfk.wav, 35.7 s, played ten times) through the default
 * 300 s chunks: read as it is transcribed, at most one chunk ahead of the segments handed out, and each chunk's
 * segments on the whole audio's clock.
 */
class LongAudioTest {
  private static final int RATE = WhisperCppStream.RATE;
  private static final int CHUNK = 300 * RATE;
  private static final int REPEATS = 10;
  /** No previous-text prompt, so that a chunk decodes exactly as its audio does on its own. */
  private static final TranscriptionOptions OPTIONS = ParityTest.GREEDY.toBuilder().conditionOnPreviousText(false)
      .build();

  @Test
  void sixMinutesStreamInBoundedMemoryWithTimesMappedAcrossTheChunkBoundary() throws IOException {
    float[] piece = speech();
    long total = (long) piece.length * REPEATS;
    List<Segment> segments = new ArrayList<>();
    long maxReadAhead = 0;
    long readAtFirstSegment = -1;
    try (Transcriber whisper = new WhisperCppProvider().create(ModelRef.of(WhisperModels.ggml("tiny-en")),
        EngineOptions.builder().threads(1).build())) {
      Looped source = new Looped(piece, REPEATS);
      try (TranscriptionStream stream = whisper.stream(source, OPTIONS)) {
        for (Segment s : (Iterable<Segment>) stream.segments()::iterator) {
          readAtFirstSegment = readAtFirstSegment < 0 ? source.read : readAtFirstSegment;
          maxReadAhead = Math.max(maxReadAhead, source.read - Math.round(s.end() * RATE));
          segments.add(s);
        }
      }
      assertThat(readAtFirstSegment).as("frames read before the first segment").isEqualTo(CHUNK);
      assertThat(maxReadAhead).as("frames read past a segment's end").isLessThanOrEqualTo(CHUNK);

      for (int i = 1; i < segments.size(); i++) {
        assertThat(segments.get(i).start()).isGreaterThanOrEqualTo(segments.get(i - 1).end() - 1e-9);
      }
      // the last window was decoded (the seeded model's timestamps may run past the audio's end, as openai's do)
      assertThat(segments.get(segments.size() - 1).end()).isGreaterThan(total / (double) RATE - 30);

      // a segment's seek is its chunk's first frame; the second chunk starts where the first chunk's last kept
      // segment ends, and holds what its audio gives on its own, shifted by that offset
      Map<Integer, List<Segment>> chunks = new TreeMap<>();
      segments.forEach(s -> chunks.computeIfAbsent(s.seek(), k -> new ArrayList<>()).add(s));
      assertThat(chunks).hasSize(2);
      List<Segment> first = chunks.get(0);
      int secondSeek = chunks.keySet().stream().skip(1).findFirst().orElseThrow();
      double offset = secondSeek * 160 / (double) RATE;
      assertThat(first.get(first.size() - 1).end()).isCloseTo(offset, within(1e-9)).isLessThanOrEqualTo(270.0);
      float[] tail = new float[(int) (total - secondSeek * 160L)];
      for (int i = 0; i < tail.length; i++) {
        tail[i] = piece[(int) ((secondSeek * 160L + i) % piece.length)];
      }
      List<Segment> alone = whisper.transcribe(SpeechAudio.of(tail, RATE), OPTIONS).segments();
      List<Segment> mapped = chunks.get(secondSeek);
      assertThat(mapped).hasSameSizeAs(alone);
      for (int i = 0; i < alone.size(); i++) {
        assertThat(mapped.get(i).tokens()).isEqualTo(alone.get(i).tokens());
        assertThat(mapped.get(i).start()).isCloseTo(offset + alone.get(i).start(), within(1e-9));
        assertThat(mapped.get(i).end()).isCloseTo(offset + alone.get(i).end(), within(1e-9));
      }
    }
  }

  /** The LibriVox clips, then jfk.wav, at 16 kHz. */
  private static float[] speech() throws IOException {
    List<SpeechAudio> clips = new ArrayList<>();
    try (Stream<Path> librivox = Files.list(SharedData.testdata("pocketsphinx-testdata/librivox"))) {
      librivox.filter(p -> p.toString().endsWith(".wav")).sorted().forEach(p -> clips.add(Audio.read(p)));
    }
    clips.add(Audio.read(ParityTest.JFK));
    return SpeechAudio.concat(clips.stream().map(c -> c.mono().resample(RATE)).toList(), RATE).samples();
  }

  /** {@code piece} played {@code times} times, counting the frames read: never held whole. */
  private static final class Looped implements AudioSource {
    private final float[] piece;
    private final long total;
    long read;

    Looped(float[] piece, int times) {
      this.piece = piece;
      this.total = (long) piece.length * times;
    }

    @Override
    public int sampleRate() {
      return RATE;
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public long frameCount() {
      return total;
    }

    @Override
    public String description() {
      return "looped speech";
    }

    @Override
    public int read(float[] buffer) {
      int n = (int) Math.min(buffer.length, total - read);
      if (n <= 0) {
        return -1;
      }
      for (int i = 0; i < n; i++) {
        buffer[i] = piece[(int) ((read + i) % piece.length)];
      }
      read += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
