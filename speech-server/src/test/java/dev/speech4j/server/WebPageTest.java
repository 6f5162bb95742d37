package dev.speech4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speech4j.service.ServiceConfig;
import dev.speech4j.testing.WhisperReference;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The web page at {@code /} in a real, headless Chromium: upload a file and watch the transcript stream in, record
 * from the (fake) microphone, speak.
 */
class WebPageTest {

  @Test
  void aFileAndARecordingAreTranscribedAndTextIsSpoken() throws Exception {
    String executable = Chromium.executable().orElse(null);
    Assumptions.assumeTrue(executable != null, "needs Chromium for the browser test: apt install chromium");
    Path model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    Path jfk = WhisperReference.Clip.JFK.file();
    try (SpeechServer server = HttpApiTest.start(ServiceConfig.builder().add("whisper-cpp:" + model)
        .preload(true), b -> { });
        Chromium browser = Chromium.launch(executable)) {
      String expected = HttpApiTest.send(HttpApiTest.multipart(URI.create(server.uri() + "/v1/audio/transcriptions"),
          Files.readAllBytes(jfk), "response_format", "text")).body().strip();
      browser.call("Page.enable", Map.of());
      browser.call("Page.navigate", Map.of("url", server.uri() + "/"));
      HttpApiTest.eventually(Duration.ofSeconds(30), () -> evaluate(browser, "document.readyState === 'complete' && "
          + "document.getElementById('model').length > 1"));
      int root = browser.call("DOM.getDocument", Map.of()).path("root").path("nodeId").asInt();
      int input = browser.call("DOM.querySelector", Map.of("nodeId", root, "selector", "#file")).path("nodeId")
          .asInt();
      browser.call("DOM.setFileInputFiles", Map.of("nodeId", input, "files", List.of(jfk.toString())));
      HttpApiTest.eventually(Duration.ofSeconds(60), () -> evaluate(browser,
          "document.getElementById('status').textContent === 'done'"));
      assertThat(browser.evaluate("document.getElementById('transcript').textContent").asText())
          .isEqualTo(expected);

      // Chromium's fake microphone: two seconds recorded as WebM/Opus, which the server decodes with ffmpeg
      browser.evaluate("document.getElementById('record').click()");
      HttpApiTest.eventually(Duration.ofSeconds(30), () -> evaluate(browser,
          "document.getElementById('record').textContent === 'Stop and transcribe'"));
      Thread.sleep(2000);
      browser.evaluate("document.getElementById('record').click()");
      HttpApiTest.eventually(Duration.ofSeconds(60), () -> evaluate(browser,
          "document.getElementById('status').textContent === 'done' || "
              + "document.getElementById('status').className === 'error'"));
      assertThat(browser.evaluate("document.getElementById('status').className").asText()).as(browser.evaluate(
          "document.getElementById('status').textContent").asText()).isEmpty();

      browser.evaluate("document.getElementById('speak').click()");
      HttpApiTest.eventually(Duration.ofSeconds(60), () -> evaluate(browser,
          "document.getElementById('speakStatus').textContent.startsWith('done')"));
      assertThat(browser.evaluate("document.getElementById('player').src").asText()).startsWith("blob:");

      byte[] png = Base64.getDecoder().decode(browser.call("Page.captureScreenshot", Map.of("format", "png"))
          .path("data").asText());
      Path shot = Path.of("target", "web-page.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, png);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      Set<Integer> colours = new HashSet<>();
      for (int y = 0; y < image.getHeight(); y += 4) {
        for (int x = 0; x < image.getWidth(); x += 4) {
          colours.add(image.getRGB(x, y));
        }
      }
      assertThat(image.getWidth()).isGreaterThan(500);
      assertThat(colours).as("distinct colours in " + shot.toAbsolutePath()).hasSizeGreaterThan(20);
    }
  }

  private static boolean evaluate(Chromium browser, String condition) {
    try {
      return browser.evaluate(condition).asBoolean();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
