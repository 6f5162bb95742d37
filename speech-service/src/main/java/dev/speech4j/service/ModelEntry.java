package dev.speech4j.service;

import dev.speech4j.EngineOptions;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.model.ModelRef;
import java.util.Locale;
import java.util.Objects;

/**
 * One link of a fallback chain: an engine, a model as {@link ModelRef#parse} reads it, and a device, written
 * {@code ENGINE:MODEL[@DEVICE]} (e.g. {@code whisper-cpp:tiny.en}, {@code whisper-djl:/models/small@gpu}).
 */
public record ModelEntry(String engine, String model, EngineOptions.Device device) {

  public ModelEntry {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(device, "device");
    if (engine.isBlank() || model.isBlank()) {
      throw new InvalidOptionsException("a model entry needs an engine and a model: ENGINE:MODEL[@DEVICE]");
    }
  }

  /**
   * Reads {@code ENGINE:MODEL[@DEVICE]}, the device being {@code cpu}, {@code gpu} or {@code auto} (the default).
   *
   * @throws InvalidOptionsException if the text has no engine, no model or an unknown device
   */
  public static ModelEntry parse(String text) {
    String t = text.strip();
    int colon = t.indexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new InvalidOptionsException("model entry '" + text + "' must read ENGINE:MODEL[@DEVICE], e.g. "
          + "whisper-cpp:tiny.en");
    }
    String engine = t.substring(0, colon);
    String model = t.substring(colon + 1);
    EngineOptions.Device device = EngineOptions.Device.AUTO;
    int at = model.lastIndexOf('@');
    if (at > 0 && (isDevice(model.substring(at + 1)) || !model.startsWith("hf://"))) {
      device = device(model.substring(at + 1), text);
      model = model.substring(0, at);
    }
    return new ModelEntry(engine, model, device);
  }

  /** The model reference to load. */
  public ModelRef ref() {
    return ModelRef.parse(model);
  }

  /** {@code ENGINE:MODEL@DEVICE}, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return engine + ":" + model + "@" + device.name().toLowerCase(Locale.ROOT);
  }

  private static boolean isDevice(String name) {
    return name.matches("(?i)cpu|gpu|auto");
  }

  private static EngineOptions.Device device(String name, String text) {
    if (!isDevice(name)) {
      throw new InvalidOptionsException("model entry '" + text + "' names device '" + name + "': use cpu, gpu or auto");
    }
    return EngineOptions.Device.valueOf(name.toUpperCase(Locale.ROOT));
  }
}
