package dev.speech4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams.TimestampGranularity;
import com.openai.models.audio.transcriptions.TranscriptionSegment;
import com.openai.models.audio.transcriptions.TranscriptionStreamEvent;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import com.openai.models.audio.translations.TranslationCreateParams;
import com.openai.models.models.Model;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.audio.WavEncoding;
import dev.speech4j.service.ServiceConfig;
import dev.speech4j.testing.WhisperReference;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unchanged but for its base URL, against a real server on 127.0.0.1. */
class OpenAiClientTest {
  static final String KEY = "test-key-" + System.nanoTime();
  static SpeechServer server;
  static OpenAIClient client;
  static Path jfk;
  static String chainId;
  static String multilingualId;

  @BeforeAll
  static void start() {
    Path model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    jfk = WhisperReference.Clip.JFK.file();
    chainId = "whisper-cpp:" + model;
    multilingualId = "whisper-cpp:" + WhisperReference.testModels().resolve("micro-ml/ggml-model.bin");
    server = SpeechServer.start(ServerConfig.builder(ServiceConfig.builder().add(chainId).add(multilingualId)
        .preload(true)
        .maxQueue(64).build()).port(0).apiKey(KEY).build()).awaitReady();
    client = OpenAIOkHttpClient.builder().baseUrl(server.uri() + "/v1").apiKey(KEY).maxRetries(0)
        .timeout(Duration.ofMinutes(2)).build();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static TranscriptionCreateParams.Builder params(AudioResponseFormat format) {
    return TranscriptionCreateParams.builder().file(jfk).model("whisper-1").language("en").responseFormat(format);
  }

  @Test
  void everyResponseFormatCarriesTheSameTranscript() {
    TranscriptionVerbose verbose = client.audio().transcriptions().create(params(AudioResponseFormat.VERBOSE_JSON)
        .addTimestampGranularity(TimestampGranularity.WORD).addTimestampGranularity(TimestampGranularity.SEGMENT)
        .build()).asVerbose();
    String text = verbose.text();
    System.out.println("transcript of the random-weight model: " + text);
    assertThat(verbose.language()).isEqualTo("english");
    assertThat(verbose.duration()).isBetween(10.9, 11.1);
    List<TranscriptionSegment> segments = verbose.segments().orElseThrow();
    assertThat(segments).isNotEmpty();
    StringBuilder joined = new StringBuilder();
    for (TranscriptionSegment s : segments) {
      assertThat(s.end()).isGreaterThanOrEqualTo(s.start());
      assertThat(s.tokens()).isNotEmpty();
      assertThat(s.avgLogprob()).isFinite();
      joined.append(s.text());
    }
    assertThat(joined.toString().strip()).isEqualTo(text);
    assertThat(verbose.words()).isPresent();

    String json = client.audio().transcriptions().create(params(AudioResponseFormat.JSON).build()).asTranscription()
        .text();
    assertThat(json).isEqualTo(text);
    String plain = client.audio().transcriptions().create(params(AudioResponseFormat.TEXT).build())
        .asTranscription().text();
    assertThat(plain.strip()).isEqualTo(text);
    String srt = client.audio().transcriptions().create(params(AudioResponseFormat.SRT).build()).asTranscription()
        .text();
    assertThat(srt).startsWith("1\n00:00:").contains(" --> ");
    assertThat(srt.lines().filter(l -> l.contains(" --> ")).count()).isEqualTo(segments.size());
    String vtt = client.audio().transcriptions().create(params(AudioResponseFormat.VTT).build()).asTranscription()
        .text();
    assertThat(vtt).startsWith("WEBVTT\n\n");
    assertThat(vtt.lines().filter(l -> l.contains(" --> ")).count()).isEqualTo(segments.size());
  }

  @Test
  void streamingYieldsDeltasThenTheWholeText() {
    String expected = client.audio().transcriptions().create(params(AudioResponseFormat.JSON).build())
        .asTranscription().text();
    List<String> deltas = new ArrayList<>();
    String done = null;
    try (StreamResponse<TranscriptionStreamEvent> stream = client.audio().transcriptions()
        .createStreaming(params(AudioResponseFormat.JSON).build())) {
      for (TranscriptionStreamEvent e : (Iterable<TranscriptionStreamEvent>) stream.stream()::iterator) {
        if (e.isTranscriptTextDelta()) {
          assertThat(done).as("no delta after done").isNull();
          deltas.add(e.asTranscriptTextDelta().delta());
        } else if (e.isTranscriptTextDone()) {
          done = e.asTranscriptTextDone().text();
          assertThat(e.asTranscriptTextDone().usage().orElseThrow().totalTokens()).isPositive();
        }
      }
    }
    assertThat(deltas).isNotEmpty();
    assertThat(done).isEqualTo(expected);
    assertThat(String.join("", deltas).strip()).isEqualTo(expected);
  }

  /**
   * A request refused before its stream began gets an ordinary error status; a failure once it has begun (here the
   * service's deadline, passed while a long clip decodes) arrives as an error event, which the SDK raises.
   */
  @Test
  void failuresBeforeAndDuringAStream() throws Exception {
    assertThatThrownBy(() -> client.audio().transcriptions().createStreaming(TranscriptionCreateParams.builder()
        .file(jfk).model("whisper-1").language("fr").build()).stream().forEach(e -> { }))
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("English-only"));

    SpeechAudio clip = Audio.read(jfk);
    Path longer = Files.createTempFile("speech4j-long-", ".wav");
    try (SpeechServer slow = SpeechServer.start(ServerConfig.builder(ServiceConfig.builder()
        .add("whisper-cpp:" + WhisperReference.testModels().resolve("tiny-en/ggml-model.bin")).preload(true)
        .timeout(Duration.ofMillis(2500)).build()).port(0).build()).awaitReady()) {
      Audio.write(SpeechAudio.concat(java.util.Collections.nCopies(30, clip), clip.sampleRate()), longer,
          WavEncoding.PCM_16);
      OpenAIClient slowClient = OpenAIOkHttpClient.builder().baseUrl(slow.uri() + "/v1").apiKey("none")
          .maxRetries(0).build();
      try (StreamResponse<TranscriptionStreamEvent> stream = slowClient.audio().transcriptions().createStreaming(
          TranscriptionCreateParams.builder().file(longer).model("whisper-1").build())) {
        assertThatThrownBy(() -> stream.stream().forEach(e -> { })).isInstanceOfSatisfying(SseException.class,
            e -> assertThat(e.getMessage()).contains("deadline"));
      }
    } finally {
      Files.deleteIfExists(longer);
    }
  }

  @Test
  @SuppressWarnings("deprecation")
  void translationNeedsAMultilingualModel() {
    var verbose = client.audio().translations().create(TranslationCreateParams.builder().file(jfk)
        .model(multilingualId).responseFormat(TranslationCreateParams.ResponseFormat.VERBOSE_JSON).build())
        .asVerbose();
    assertThat(verbose.duration()).isBetween(10.9, 11.1);
    assertThat(verbose.segments().orElseThrow()).isNotEmpty();
    assertThatThrownBy(() -> client.audio().translations().create(TranslationCreateParams.builder().file(jfk)
        .model("whisper-1").build())).isInstanceOfSatisfying(BadRequestException.class,
            e -> assertThat(e.getMessage()).contains("English-only"));
  }

  @Test
  void speechComesAsWavAndAs24kHzPcm() throws Exception {
    String input = "Hello there. This is speech for JVM applications. Goodbye.";
    try (HttpResponse r = client.audio().speech().create(SpeechCreateParams.builder().model("tts-1").input(input)
        .voice("alloy").responseFormat(SpeechCreateParams.ResponseFormat.WAV).build())) {
      byte[] wav = r.body().readAllBytes();
      try (AudioSource source = Audio.open(new ByteArrayInputStream(wav))) {
        SpeechAudio audio = source.readAll();
        assertThat(audio.seconds()).isGreaterThan(1.5);
        assertThat(audio.report().rmsDbfs()).isGreaterThan(-40);
      }
    }
    try (HttpResponse r = client.audio().speech().create(SpeechCreateParams.builder().model("tts-1").input(input)
        .voice("nova").speed(2.0).responseFormat(SpeechCreateParams.ResponseFormat.PCM).build())) {
      byte[] pcm = r.body().readAllBytes();
      assertThat(pcm.length % 2).isZero();
      assertThat(pcm.length / 2 / 24_000.0).isGreaterThan(0.5);
    }
  }

  @Test
  void modelsListTheChainAndOpenAisIds() {
    List<String> ids = client.models().list().data().stream().map(Model::id).toList();
    assertThat(ids).contains("whisper-1", "tts-1", chainId, "espeak:en-us");
    Model m = client.models().retrieve("whisper-1");
    assertThat(m.id()).isEqualTo("whisper-1");
    assertThat(m.ownedBy()).isEqualTo("speech4j");
    assertThatThrownBy(() -> client.models().retrieve("no-such-model")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aWrongKeyIs401InOpenAisShape() {
    OpenAIClient wrong = OpenAIOkHttpClient.builder().baseUrl(server.uri() + "/v1").apiKey("wrong").maxRetries(0)
        .build();
    assertThatThrownBy(() -> wrong.models().list()).isInstanceOfSatisfying(UnauthorizedException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(401);
      assertThat(e.code()).contains("invalid_api_key");
      assertThat(e.type()).contains("invalid_request_error");
    });
  }

  @Test
  void anUnknownModelIs404() {
    assertThatThrownBy(() -> client.audio().transcriptions().create(TranscriptionCreateParams.builder().file(jfk)
        .model("whisper-cpp:no-such-model").build())).isInstanceOfSatisfying(NotFoundException.class,
            e -> assertThat(e.getMessage()).contains("no-such-model").contains("Available: ").contains(chainId));
  }
}
