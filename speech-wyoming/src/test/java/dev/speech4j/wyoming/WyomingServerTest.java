package dev.speech4j.wyoming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.PcmFormat;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.ServiceConfig;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadEvent;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VadSession;
import dev.speech4j.vad.VoiceActivityDetector;
import dev.speech4j.wyoming.TestClient.Received;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The server on 127.0.0.1, driven by {@link TestClient} as Home Assistant drives a Wyoming program: whisper.cpp
 * with a random-weight model, espeak-ng's voice, and Silero VAD, all real.
 */
class WyomingServerTest {
  static Path model;
  static WyomingServer server;
  static Transcriber library;

  @BeforeAll
  static void start() {
    model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    server = WyomingServer.start(WyomingConfig.builder(ServiceConfig.builder().add("whisper-cpp:" + model)
        .preload(true).maxQueue(128).build()).uri("tcp://127.0.0.1:0").voice(ModelEntry.parse("espeak:en-us"))
        .voice(ModelEntry.parse("espeak:de")).vad("silero").build());
    library = Speech.transcriber("whisper-cpp", ModelRef.of(model));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (library != null) {
      library.close();
    }
  }

  @Test
  void describeListsTheProgramsAsInfo() throws IOException {
    try (TestClient client = new TestClient(server.port())) {
      Received info = client.send("describe", null).expect("info");
      assertThat(info.header().get("version").asText()).isNotBlank();
      JsonNode asr = info.data().get("asr").get(0);
      assertThat(asr.get("supports_transcript_streaming").asBoolean()).isTrue();
      JsonNode m = asr.get("models").get(0);
      assertThat(m.get("name").asText()).isEqualTo("whisper-cpp:" + model);
      assertThat(m.get("installed").asBoolean()).isTrue();
      assertThat(m.get("languages")).extracting(JsonNode::asText).containsExactly("en");
      assertThat(m.get("attribution").get("url").asText()).contains("openai/whisper");
      JsonNode tts = info.data().get("tts").get(0);
      assertThat(tts.get("supports_synthesize_streaming").asBoolean()).isTrue();
      assertThat(tts.get("voices")).extracting(v -> v.get("name").asText()).containsExactly("espeak:en-us",
          "espeak:de");
      assertThat(tts.get("voices").get(1).get("languages")).extracting(JsonNode::asText).containsExactly("de");
      for (String kind : List.of("handle", "intent", "wake", "mic", "snd")) {
        assertThat(info.data().get(kind).isArray()).as(kind).isTrue();
      }
      assertThat(client.send("ping", "{\"text\": \"hi\"}").expect("pong").data().get("text").asText())
          .isEqualTo("hi");
    }
  }

  /**
   * A clip drawn at random, declared in a random rate, width and channel count and sent in chunks of random size:
   * the transcript is the library's for the same audio, streamed as chunks that add up to it.
   */
  @RepeatedTest(2)
  void transcribesAudioInAnyFormatAsTheLibraryDoes() throws IOException {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<Path> clips = new ArrayList<>(List.of(SharedData.testdata("jfk.wav")));
    for (int i = 1; i <= 8; i++) {
      clips.add(SharedData.testdata("ljspeech-coqui/LJ001-000" + i + ".wav"));
    }
    Path clip = clips.get(random.nextInt(clips.size()));
    SpeechAudio speech = Audio.read(clip);
    int rate = new int[] {speech.sampleRate(), 16_000, 44_100, 48_000}[random.nextInt(4)];
    int width = 2 + random.nextInt(3);
    int channels = 1 + random.nextInt(2);
    System.out.printf("WyomingServerTest seed %d: %s as %d Hz, %d bytes, %d channel(s)%n", seed, clip.getFileName(),
        rate, width, channels);
    byte[] pcm = encode(speech.resample(rate), width, channels);
    PcmFormat format = AudioInput.pcmFormat(rate, width, channels);
    SpeechAudio converted;
    try (AudioSource source = Audio.openRaw(new ByteArrayInputStream(pcm), format).mono().resample(16_000)) {
      converted = source.readAll();
    }
    String expected = library.transcribe(converted, TranscriptionOptions.defaults()).text();
    List<String> expectedVad = vadEvents(converted, 0);

    try (TestClient client = new TestClient(server.port())) {
      client.send("transcribe", "{\"language\": \"en\"}");
      String audioFormat = "\"rate\": " + rate + ", \"width\": " + width + ", \"channels\": " + channels;
      client.send("audio-start", "{" + audioFormat + ", \"timestamp\": 0}");
      for (int at = 0; at < pcm.length; ) {
        int n = Math.min(pcm.length - at, 1 + random.nextInt(8000));
        client.send("audio-chunk", "{" + audioFormat + "}", java.util.Arrays.copyOfRange(pcm, at, at + n));
        at += n;
      }
      client.send("audio-stop", "{}");
      List<Received> all = client.readUntil("transcript-stop");
      assertThat(all.stream().filter(e -> e.type().startsWith("voice-"))
          .map(e -> e.type() + "@" + e.data().get("timestamp").asLong()))
          .as("VAD events on the audio as the server converted it, seed %d", seed)
          .containsExactlyElementsOf(expectedVad);
      List<Received> events = all.stream().filter(e -> !e.type().startsWith("voice-")).toList();
      List<String> types = TestClient.types(events);
      assertThat(types.get(0)).isEqualTo("transcript-start");
      assertThat(types.subList(types.size() - 2, types.size())).containsExactly("transcript", "transcript-stop");
      assertThat(types.subList(1, types.size() - 2)).containsOnly("transcript-chunk");
      Received transcript = events.get(events.size() - 2);
      assertThat(transcript.data().get("text").asText()).as("seed %d", seed).isEqualTo(expected);
      assertThat(transcript.data().get("language").asText()).isEqualTo("en");
      String chunks = events.stream().filter(e -> e.type().equals("transcript-chunk"))
          .map(e -> e.data().get("text").asText()).collect(Collectors.joining());
      assertThat(chunks.strip()).isEqualTo(expected);
    }
  }

  @Test
  void speaksSpeechThatSileroHears() throws IOException {
    String text = "The birch canoe slid on the smooth planks. Glue the sheet to the dark blue background.";
    try (TestClient client = new TestClient(server.port())) {
      client.send("synthesize", "{\"text\": \"" + text + "\", \"voice\": {\"name\": \"espeak:en-us\"}}");
      List<Received> events = client.readUntil("audio-stop");
      SpeechAudio audio = audioOf(events);
      assertThat(audio.seconds()).isBetween(3.0, 15.0);
      assertThat(events.get(events.size() - 1).data().get("timestamp").asLong())
          .isCloseTo(Math.round(audio.seconds() * 1000), org.assertj.core.data.Offset.offset(2L));
      try (VoiceActivityDetector silero = Speech.vad("silero")) {
        List<SpeechSegment> speechFound = silero.speechSegments(audio, VadOptions.defaults());
        double spoken = speechFound.stream().mapToDouble(s -> s.endSeconds() - s.startSeconds()).sum();
        assertThat(spoken).as("seconds of speech Silero finds in %.1f s", audio.seconds())
            .isGreaterThan(0.5 * audio.seconds());
      }
    }
  }

  /** Streamed text is spoken sentence by sentence, one audio stream each; the repeated whole text is not. */
  @Test
  void streamsSynthesisSentenceBySentence() throws IOException {
    try (TestClient client = new TestClient(server.port())) {
      client.send("synthesize-start", "{\"voice\": {\"language\": \"de-DE\"}}");
      for (String piece : List.of("Guten Mor", "gen. Wie geht", " es dir? Gut, ", "danke")) {
        client.send("synthesize-chunk", "{\"text\": \"" + piece + "\"}");
      }
      client.send("synthesize", "{\"text\": \"Guten Morgen. Wie geht es dir? Gut, danke\"}");
      client.send("synthesize-stop", null);
      List<Received> events = client.readUntil("synthesize-stopped");
      assertThat(events.stream().filter(e -> e.type().equals("audio-start")).count()).isEqualTo(3);
      assertThat(events.stream().filter(e -> e.type().equals("audio-stop")).count()).isEqualTo(3);
      assertThat(events.get(0).type()).isEqualTo("audio-start");
      client.send("ping", null).expect("pong"); // nothing more came for the repeated text
    }
  }

  /** VAD events on audio with speech in the middle are those of the library's own streaming session. */
  @Test
  void marksSpeechInTheMiddleOfAStream() throws IOException {
    SpeechAudio jfk = Audio.read(SharedData.testdata("jfk.wav"));
    SpeechAudio silence = SpeechAudio.of(new float[2 * 16_000], 16_000);
    SpeechAudio audio = SpeechAudio.concat(List.of(silence, jfk, silence), 16_000);
    byte[] pcm = audio.toPcm16Bytes();
    List<String> expected = vadEvents(SpeechAudio.ofPcm16(audio.toPcm16(), 16_000, 1), 1000);
    assertThat(expected).isNotEmpty();
    assertThat(expected.get(0)).startsWith("voice-started@");
    assertThat(Long.parseLong(expected.get(0).split("@")[1])) // 2 s of silence after a 1 s timestamp, then speech
        .isBetween(2_500L, 3_500L);

    try (TestClient client = new TestClient(server.port())) {
      client.send("audio-start", "{\"rate\": 16000, \"width\": 2, \"channels\": 1, \"timestamp\": 1000}");
      for (int at = 0; at < pcm.length; at += 2048) {
        client.send("audio-chunk", "{\"rate\": 16000, \"width\": 2, \"channels\": 1}",
            java.util.Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + 2048)));
      }
      client.send("audio-stop", null).send("ping", null);
      List<Received> events = client.readUntil("pong");
      List<Received> vad = events.subList(0, events.size() - 1);
      assertThat(vad).extracting(Received::type).as("no transcript without a transcribe when VAD is on")
          .allMatch(t -> t.startsWith("voice-"));
      assertThat(vad.get(vad.size() - 1).type()).isEqualTo("voice-stopped");
      assertThat(vad).extracting(e -> e.type() + "@" + e.data().get("timestamp").asLong())
          .containsExactlyElementsOf(expected);
    }
  }

  /** A hundred clients at once, each describing and speaking: every one is served. */
  @Test
  void servesAHundredSimultaneousClients() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      List<Callable<List<String>>> clients = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        clients.add(() -> {
          try (TestClient c = new TestClient(server.port())) {
            List<String> types = new ArrayList<>(List.of(c.send("describe", null).read().type()));
            types.addAll(TestClient.types(c.send("synthesize", "{\"text\": \"Yes.\"}").readUntil("audio-stop")));
            return types;
          }
        });
      }
      for (Future<List<String>> f : pool.invokeAll(clients)) {
        assertThat(f.get()).as("events").startsWith("info", "audio-start").endsWith("audio-stop")
            .contains("audio-chunk");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The events of the library's own Silero session on {@code audio}, as {@code type@milliseconds}. */
  static List<String> vadEvents(SpeechAudio audio, long startMs) {
    try (VoiceActivityDetector silero = Speech.vad("silero");
        VadSession session = silero.openSession(VadOptions.defaults())) {
      List<VadEvent> events = new ArrayList<>(session.push(audio.samples()));
      events.addAll(session.finish());
      return events.stream().map(e -> (e.type() == VadEvent.Type.SPEECH_START ? "voice-started" : "voice-stopped")
          + "@" + (startMs + Math.round(e.seconds() * 1000))).toList();
    }
  }

  /** {@code mono} as PCM of {@code width} bytes; a second channel is an echo 0.4 s later, so mixing matters. */
  static byte[] encode(SpeechAudio mono, int width, int channels) {
    float[] samples = mono.samples();
    int delay = (int) (0.4 * mono.sampleRate());
    ByteBuffer out = ByteBuffer.allocate(samples.length * width * channels).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples.length; i++) {
      for (int c = 0; c < channels; c++) {
        double v = c == 0 ? samples[i] : i < delay ? 0 : 0.8 * samples[i - delay];
        v = Math.max(-1, Math.min(1, v));
        long x = Math.round(v * ((1L << (8 * width - 1)) - 1));
        for (int b = 0; b < width; b++) {
          out.put((byte) (x >> (8 * b)));
        }
      }
    }
    return out.array();
  }

  static SpeechAudio audioOf(List<Received> events) {
    Received start = events.stream().filter(e -> e.type().equals("audio-start")).findFirst().orElseThrow();
    assertThat(start.data().get("width").asInt()).isEqualTo(2);
    assertThat(start.data().get("channels").asInt()).isEqualTo(1);
    int rate = start.data().get("rate").asInt();
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    long expectedTimestamp = 0;
    for (Received e : events) {
      if (e.type().equals("audio-chunk")) {
        assertThat(e.data().get("rate").asInt()).isEqualTo(rate);
        assertThat(e.data().get("timestamp").asLong()).isEqualTo(pcm.size() / 2 * 1000L / rate);
        assertThat(e.data().get("timestamp").asLong()).isGreaterThanOrEqualTo(expectedTimestamp);
        expectedTimestamp = e.data().get("timestamp").asLong();
        pcm.writeBytes(e.payload());
      }
    }
    short[] samples = new short[pcm.size() / 2];
    ByteBuffer.wrap(pcm.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    return SpeechAudio.ofPcm16(samples, rate, 1);
  }
}
