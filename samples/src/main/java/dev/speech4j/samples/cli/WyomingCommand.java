package dev.speech4j.samples.cli;

import dev.speech4j.ProviderInfo;
import dev.speech4j.Speech;
import dev.speech4j.model.ModelRef;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.ServiceConfig;
import dev.speech4j.wyoming.WyomingConfig;
import dev.speech4j.wyoming.WyomingServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a Wyoming protocol server (Home Assistant, openHAB) until it is stopped. */
@Command(name = "wyoming", description = "Serve speech-to-text, text-to-speech and VAD over the Wyoming protocol, "
    + "for Home Assistant's and openHAB's voice pipelines.")
final class WyomingCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--uri", paramLabel = "tcp://HOST:PORT", description = "Where to listen (default "
      + "tcp://127.0.0.1:10300; tcp://0.0.0.0:10300 for other machines, such as Home Assistant's).")
  String uri = "tcp://127.0.0.1:10300";

  @Option(names = "--stt", paramLabel = "ENGINE:MODEL", split = ",", description = "Transcription models, the "
      + "first the default (default whisper-cpp:base.en unless --config names a chain; 'none' for no STT).")
  List<String> stt;

  @Option(names = "--tts", paramLabel = "ENGINE:VOICE", split = ",", description = "Voices, the first the default "
      + "(default espeak:en-us; 'none' for no TTS).")
  List<String> tts = List.of("espeak:en-us");

  @Option(names = "--vad", paramLabel = "ENGINE", arity = "0..1", fallbackValue = "", description = "Send "
      + "voice-started/voice-stopped events on audio streams, with ENGINE (default: the best installed, silero).")
  String vad;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of service settings "
      + "(chain, max-concurrency, timeout-ms, …; see the speech-service README).")
  Path config;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Close connections idle this long "
      + "(default 60).")
  int idleSeconds = 60;

  @Option(names = "--max-connections", paramLabel = "N", description = "Connections served at once (default 128).")
  int maxConnections = 128;

  @Option(names = "--no-streaming", description = "Do not offer transcript and synthesis streaming events.")
  boolean noStreaming;

  @Override
  public Integer call() throws InterruptedException {
    Properties service = new Properties();
    if (config != null) {
      try (Reader in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
        service.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
      }
    }
    if (stt != null) {
      service.setProperty("chain", String.join(",", stt.contains("none") ? List.of() : stt));
    } else if (!service.containsKey("chain")) {
      service.setProperty("chain", "whisper-cpp:base.en");
    }
    if (service.getProperty("chain").isBlank()) {
      service.remove("chain");
    }
    service.putIfAbsent("preload", "true");
    WyomingConfig.Builder settings = WyomingConfig.builder(ServiceConfig.fromProperties(service)).uri(uri)
        .idleTimeout(Duration.ofSeconds(idleSeconds)).maxConnections(maxConnections)
        .streaming(!noStreaming);
    if (!tts.contains("none")) {
      tts.forEach(v -> settings.voice(ModelEntry.parse(v)));
    }
    if (vad != null) {
      settings.vad(vad.isEmpty() ? Speech.engineFor(ProviderInfo.Kind.VAD, ModelRef.defaultModel()) : vad);
    }
    WyomingConfig wyoming = settings.build();
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    WyomingServer server = WyomingServer.start(wyoming);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "speech4j-wyoming-shutdown"));
    out.println("speech4j Wyoming server at " + server.uri() + ": stt " + wyoming.service().chain() + ", tts "
        + wyoming.voices() + ", vad " + wyoming.vad().orElse("off"));
    out.println("Home Assistant: Settings > Devices & services > Add integration > Wyoming Protocol, host "
        + server.uri().getHost() + ", port " + server.port() + ".   stop: Ctrl-C");
    out.flush();
    stopped.await();
    return 0;
  }
}
