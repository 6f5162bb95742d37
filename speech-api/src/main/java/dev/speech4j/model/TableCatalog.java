package dev.speech4j.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link ModelCatalog} read from a table an engine ships: one model a line, {@code NAME<TAB>owner/repo<TAB>FILE}
 * with more tab-separated files if the model has several (the first is the one loaded); {@code #} starts a
 * comment. An engine's catalog extends this with a constructor that opens its own resource.
 */
public abstract class TableCatalog implements ModelCatalog {
  private final String engine;
  private final String suffix;
  private final Map<String, List<HubFile>> models;

  /**
   * @param table the table's text, closed here
   * @param suffix how the engine's model files end, e.g. {@code ".bin"}, for {@link #accepts}
   */
  protected TableCatalog(String engine, InputStream table, String suffix) {
    this.engine = engine;
    this.suffix = suffix;
    if (table == null) {
      throw new IllegalStateException("the " + engine + " model table is missing from its jar");
    }
    Map<String, List<HubFile>> read = new LinkedHashMap<>();
    try (table) {
      for (String line : new String(table.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.strip().split("\t");
        if (cells.length < 3) {
          throw new IllegalStateException("bad line in the " + engine + " model table: " + line);
        }
        List<HubFile> files = new ArrayList<>();
        for (String path : Arrays.copyOfRange(cells, 2, cells.length)) {
          files.add(HubFile.of(cells[1], path));
        }
        read.put(cells[0], List.copyOf(files));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    models = Collections.unmodifiableMap(read);
  }

  @Override
  public final String engine() {
    return engine;
  }

  @Override
  public Set<String> names(HubClient hub) {
    return Collections.unmodifiableSet(new TreeSet<>(models.keySet()));
  }

  @Override
  public Optional<List<HubFile>> files(String name, HubClient hub) {
    return Optional.ofNullable(models.get(name));
  }

  @Override
  public boolean accepts(HubFile reference) {
    return reference.path().endsWith(suffix);
  }
}
