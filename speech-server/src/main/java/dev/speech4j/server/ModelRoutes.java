package dev.speech4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speech4j.model.DownloadListener;
import dev.speech4j.model.HubFile;
import dev.speech4j.service.LoadedModel;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code /v1/models}: the list and one model in OpenAI's shape, and the extensions {@code POST} (download, one JSON
 * line of progress after another) and {@code DELETE} (remove from the cache).
 */
final class ModelRoutes {
  private final ModelDirectory models;
  private final Supplier<List<LoadedModel>> loaded;
  private final ObjectMapper json;
  private final long started = Instant.now().getEpochSecond();

  ModelRoutes(ModelDirectory models, Supplier<List<LoadedModel>> loaded, ObjectMapper json) {
    this.models = models;
    this.loaded = loaded;
    this.json = json;
  }

  void list(Context ctx) {
    ctx.json(Map.of("object", "list", "data", models.list(loaded.get()).stream().map(this::model).toList()));
  }

  void show(Context ctx) {
    String id = ctx.pathParam("id");
    ctx.json(model(models.find(id, loaded.get()).orElseThrow(() -> notFound(id))));
  }

  private Map<String, Object> model(ModelDirectory.Listed m) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", m.id());
    body.put("object", "model");
    body.put("created", started);
    body.put("owned_by", "speech4j");
    body.put("task", m.kind());
    body.put("loaded", m.loaded());
    return body;
  }

  private ApiException notFound(String id) {
    return new ApiException(404, "invalid_request_error", "model", "model_not_found", "model '" + id
        + "' does not exist here. " + models.known(null));
  }

  /** Downloads a model, one JSON line of progress after another ({@code application/x-ndjson}). */
  void download(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    models.requireDownloadable(id);
    ctx.status(200).contentType("application/x-ndjson");
    var out = ctx.res().getOutputStream();
    Consumer<Map<String, ?>> line = event -> {
      try {
        out.write((json.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("the client went away", e);
      }
    };
    DownloadListener progress = new DownloadListener() {
      long lastSent;

      @Override
      public void started(HubFile file, long total, long resumedAt) {
        line.accept(Map.of("status", "downloading", "file", file.toString(), "total", total, "done", resumedAt));
      }

      @Override
      public void progressed(HubFile file, long done, long total) {
        long now = System.nanoTime();
        if (now - lastSent > 250_000_000L) {
          lastSent = now;
          line.accept(Map.of("status", "downloading", "file", file.toString(), "total", total, "done", done));
        }
      }
    };
    Map<String, Object> done = new LinkedHashMap<>();
    try {
      Path path = models.download(id, progress);
      done.put("status", "done");
      done.put("id", id);
      done.put("path", path.toString());
    } catch (UncheckedIOException gone) {
      throw gone;
    } catch (RuntimeException e) {
      done.put("status", "error");
      done.putAll(ApiException.of(e).body());
    }
    line.accept(done);
  }

  void remove(Context ctx) {
    String id = ctx.pathParam("id");
    if (models.remove(id) == 0) {
      throw notFound(id);
    }
    ctx.json(Map.of("id", id, "object", "model", "deleted", true));
  }
}
