package dev.speech4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.testing.SharedData;
import dev.speech4j.testing.WhisperReference;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code speech4j.jar} the way README.md tells a user to. */
class CliJarIT {
  private static final Path JAR = Path.of(System.getProperty("speech4j.jar", "target/speech4j.jar"));

  @TempDir
  Path dir;

  @Test
  void infoRunsFromTheJar() throws Exception {
    Result r = java(List.of(), "info");
    assertThat(r.code).as(r.output).isZero();
    assertThat(r.output).contains("energy").contains("available");
  }

  /** The jar carries Silero's model and ONNX Runtime: VAD works with nothing else installed. */
  @Test
  void sileroVadRunsFromTheJar() throws Exception {
    Result r = java(List.of(), "vad", SharedData.testdata("jfk.wav").toString(), "--engine", "silero");
    assertThat(r.code).as(r.output).isZero();
    assertThat(r.output.lines().filter(l -> l.matches("\\d+\\.\\d{3}\t\\d+\\.\\d{3}"))).hasSize(4);
  }

  /**
   * Streams a one-hour WAV through {@code convert} in a JVM whose whole heap is capped at 64 MB, so peak heap
   * above baseline is under 64 MB by construction: holding the input (115 MB) or output would fail with
   * OutOfMemoryError.
   */
  @Test
  void convertStreamsAnHourInUnder64MbOfHeap() throws Exception {
    Path hour = writeTone(dir.resolve("hour.wav"), 3600, 16_000);
    Path out = dir.resolve("hour-8k.wav");

    Result r = java(List.of("-Xmx64m", "-XX:+UseSerialGC"), "convert", hour.toString(), out.toString(), "--rate",
        "8000");

    assertThat(r.code).as(r.output).isZero();
    try (AudioSource converted = Audio.open(out)) {
      assertThat(converted.sampleRate()).isEqualTo(8000);
      assertThat(converted.frameCount()).isEqualTo(3600L * 8000);
    }
  }

  /** 16-bit mono 440 Hz at -12 dBFS, written in chunks. */
  private static Path writeTone(Path file, int seconds, int rate) throws IOException {
    long frames = (long) seconds * rate;
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes()).putInt((int) (36 + frames * 2)).put("WAVEfmt ".getBytes()).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
        .putShort((short) 16).put("data".getBytes()).putInt((int) (frames * 2));
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header.array());
      ByteBuffer chunk = ByteBuffer.allocate(rate * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int s = 0; s < seconds; s++) {
        chunk.clear();
        for (int i = 0; i < rate; i++) {
          chunk.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        out.write(chunk.array());
      }
    }
    return file;
  }

  /**
   * {@code serve} from the jar: it prints its address, answers a transcription with the key it was given, refuses one
   * without, and stops cleanly on SIGTERM.
   */
  @Test
  void serveAnswersOpenAisApiFromTheJar() throws Exception {
    Path model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString(), "serve", "--port", "0", "--preload", "whisper-cpp:" + model, "--api-key", "k3y")
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String base = null;
      for (String line; base == null && (line = out.readLine()) != null; ) {
        Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/v1)").matcher(line);
        base = m.find() ? m.group(1) : null;
      }
      assertThat(base).as("the address serve prints").isNotNull();
      String boundary = "speech4jboundary";
      byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"jfk.wav\"\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8);
      byte[] tail = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\n"
          + "text\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
      var body = new java.io.ByteArrayOutputStream();
      body.writeBytes(head);
      body.writeBytes(Files.readAllBytes(SharedData.testdata("jfk.wav")));
      body.writeBytes(tail);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/audio/transcriptions"))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
      HttpResponse<String> refused = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      HttpResponse<String> ok = http.send(request.header("Authorization", "Bearer k3y").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.body()).isNotBlank();
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * {@code wyoming} from the jar: it prints its address, describes itself, transcribes a clip and speaks, as a
   * Wyoming client sees it, and stops cleanly on SIGTERM.
   */
  @Test
  void wyomingServesTranscriptionAndSpeechFromTheJar() throws Exception {
    Path model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString(), "wyoming", "--uri", "tcp://127.0.0.1:0", "--stt", "whisper-cpp:" + model, "--vad")
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      Integer port = null;
      for (String line; port == null && (line = out.readLine()) != null; ) {
        Matcher m = Pattern.compile("at tcp://127\\.0\\.0\\.1:(\\d+)").matcher(line);
        port = m.find() ? Integer.parseInt(m.group(1)) : null;
      }
      assertThat(port).as("the address wyoming prints").isNotNull();
      byte[] pcm = Audio.read(SharedData.testdata("jfk.wav")).toPcm16Bytes();
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        socket.setSoTimeout(60_000);
        var in = new java.io.DataInputStream(socket.getInputStream());
        OutputStream o = socket.getOutputStream();
        wyoming(o, "describe", null, null);
        assertThat(wyomingType(in, "info")).contains("whisper-cpp:" + model).contains("espeak:en-us");
        String format = "{\"rate\": 16000, \"width\": 2, \"channels\": 1}";
        wyoming(o, "transcribe", "{\"language\": \"en\"}", null);
        wyoming(o, "audio-start", format, null);
        wyoming(o, "audio-chunk", format, pcm);
        wyoming(o, "audio-stop", null, null);
        assertThat(wyomingType(in, "transcript")).contains("\"text\"");
        wyoming(o, "synthesize", "{\"text\": \"Hello there.\"}", null);
        assertThat(wyomingType(in, "audio-stop")).isNotNull();
      }
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("wyoming stops on SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }
  }

  private static void wyoming(OutputStream out, String type, String data, byte[] payload) throws IOException {
    byte[] d = data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
    out.write(("{\"type\": \"" + type + "\"" + (d.length > 0 ? ", \"data_length\": " + d.length : "")
        + (payload != null ? ", \"payload_length\": " + payload.length : "") + "}\n").getBytes(StandardCharsets.UTF_8));
    out.write(d);
    if (payload != null) {
      out.write(payload);
    }
    out.flush();
  }

  /** Reads events until one of {@code type}; returns its data as JSON text. */
  private static String wyomingType(java.io.DataInputStream in, String type) throws IOException {
    while (true) {
      var line = new java.io.ByteArrayOutputStream();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new IOException("the server closed the connection before '" + type + "'");
        }
        line.write(b);
      }
      String header = line.toString(StandardCharsets.UTF_8);
      byte[] data = new byte[number(header, "data_length")];
      in.readFully(data);
      in.readFully(new byte[number(header, "payload_length")]);
      if (header.contains("\"type\":\"" + type + "\"") || header.contains("\"type\": \"" + type + "\"")) {
        return new String(data, StandardCharsets.UTF_8);
      }
    }
  }

  private static int number(String header, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":\\s*(\\d+)").matcher(header);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private record Result(int code, String output) {}

  private static Result java(List<String> jvmArgs, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), output);
  }
}
