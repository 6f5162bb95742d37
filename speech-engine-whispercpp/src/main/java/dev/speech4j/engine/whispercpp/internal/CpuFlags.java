package dev.speech4j.engine.whispercpp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The CPU feature flags Linux reports in {@code /proc/cpuinfo}; empty elsewhere. */
record CpuFlags(Set<String> flags) {

  static CpuFlags read() {
    try {
      return parse(Files.readString(Path.of("/proc/cpuinfo")));
    } catch (IOException | RuntimeException e) {
      return new CpuFlags(Set.of());
    }
  }

  /** The first {@code flags} (x86) or {@code Features} (ARM) line of a cpuinfo text. */
  static CpuFlags parse(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      String[] kv = line.split(":", 2);
      String key = kv[0].strip();
      if (kv.length == 2 && (key.equals("flags") || key.equals("Features"))) {
        return new CpuFlags(Set.copyOf(Arrays.asList(kv[1].strip().split("\\s+"))));
      }
    }
    return new CpuFlags(Set.of());
  }

  boolean contains(String flag) {
    return flags.contains(flag);
  }

  List<String> missing(List<String> wanted) {
    return wanted.stream().filter(f -> !flags.contains(f)).toList();
  }
}
