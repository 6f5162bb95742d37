package dev.speech4j.samples.cli;

import dev.speech4j.server.ServerConfig;
import dev.speech4j.server.SpeechServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the OpenAI-compatible speech server until it is stopped. */
@Command(name = "serve", description = "Serve OpenAI's audio API (transcriptions, translations, speech, models) "
    + "over HTTP, for the official OpenAI clients and curl.")
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default 127.0.0.1: this "
      + "machine only).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8000; 0 any free one).")
  Integer port;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of server. and service "
      + "settings (see the speech-server README).")
  Path config;

  @Option(names = "--preload", paramLabel = "MODEL", split = ",", description = "ENGINE:MODEL to load at start, "
      + "in fallback order (default whisper-cpp:base.en unless the file names a chain).")
  List<String> preload;

  @Option(names = "--api-key", paramLabel = "KEY", description = "Require Authorization: Bearer KEY (default: "
      + "SPEECH4J_API_KEY, else none).")
  String apiKey;

  @Override
  public Integer call() throws InterruptedException {
    Properties overrides = new Properties();
    if (host != null) {
      overrides.setProperty("server.host", host);
    }
    if (port != null) {
      overrides.setProperty("server.port", port.toString());
    }
    String key = apiKey != null ? apiKey : System.getenv("SPEECH4J_API_KEY");
    if (key != null) {
      overrides.setProperty("server.api-key", key);
    }
    if (preload != null) {
      overrides.setProperty("chain", String.join(",", preload));
      overrides.setProperty("preload", "true");
    }
    if (config == null && preload == null) {
      overrides.setProperty("chain", "whisper-cpp:base.en");
    }
    ServerConfig settings = ServerConfig.fromFile(config, overrides).build();
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    SpeechServer server = SpeechServer.start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "speech4j-serve-shutdown"));
    out.println("speech4j serves " + settings.service().chain() + " at " + server.uri() + "/v1"
        + (settings.apiKey().isPresent() ? " (API key required)" : ""));
    out.println("web page: " + server.uri() + "/   health: " + server.uri() + "/health   stop: Ctrl-C");
    out.flush();
    stopped.await();
    return 0;
  }
}
