package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsEveryKindOfValue() {
    Object json = Json.parse(" {\"a\": [1, -2.5e3, 0.667, true, false, null], \"b\": {\"\\u00e7\\n\\\"\": \"x\\/y\"},"
        + " \"c\": {}, \"d\": []}\n");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1L, -2500.0, 0.667, true, false, null));
    expected.put("b", Map.of("ç\n\"", "x/y"));
    expected.put("c", Map.of());
    expected.put("d", List.of());
    assertThat(json).isEqualTo(expected);
    assertThat(Json.parse("\"ɪ\"")).isEqualTo("ɪ");
  }

  @Test
  void rejectsWhatIsNotJson() {
    for (String bad : new String[] {"", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1 2]", "01", "1.", "\"\\x\"", "\"\\u12\"",
        "tru", "{} {}", "{a: 1}", "\"line\nbreak\"", "-", "+1"}) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid JSON at line");
    }
  }
}
