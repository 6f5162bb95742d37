package dev.speech4j.engine.whispercpp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small JSON reader for the committed fixtures: objects as maps, arrays as lists, numbers as doubles. */
final class MiniJson {
  private final String text;
  private int at;

  private MiniJson(String text) {
    this.text = text;
  }

  static Object parse(String text) {
    MiniJson json = new MiniJson(text);
    Object value = json.value();
    json.space();
    if (json.at != text.length()) {
      throw new IllegalArgumentException("trailing text at " + json.at);
    }
    return value;
  }

  private Object value() {
    space();
    char c = text.charAt(at);
    switch (c) {
      case '{' -> {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        while (peek() != '}') {
          String key = string();
          expect(':');
          map.put(key, value());
          if (peek() == ',') {
            at++;
          }
        }
        at++;
        return map;
      }
      case '[' -> {
        List<Object> list = new ArrayList<>();
        at++;
        while (peek() != ']') {
          list.add(value());
          if (peek() == ',') {
            at++;
          }
        }
        at++;
        return list;
      }
      case '"' -> {
        return string();
      }
      default -> {
        int start = at;
        while (at < text.length() && ",}] \n\r\t".indexOf(text.charAt(at)) < 0) {
          at++;
        }
        String word = text.substring(start, at);
        return switch (word) {
          case "null" -> null;
          case "true" -> true;
          case "false" -> false;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(word);
        };
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    for (char c; (c = text.charAt(at++)) != '"'; ) {
      if (c == '\\') {
        char e = text.charAt(at++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private char peek() {
    space();
    return text.charAt(at);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected " + c + " at " + at);
    }
    at++;
  }

  private void space() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }
}
