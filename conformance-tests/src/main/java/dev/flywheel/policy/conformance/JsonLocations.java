package dev.flywheel.policy.conformance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each value of a JSON text starts, by JSON Pointer, so that a problem found on the tree (by the schema or the
 * reader) can name a line and column too. One streaming pass over text that already parsed; linear in its size.
 */
final class JsonLocations {
  private final Map<String, int[]> starts;

  private JsonLocations(Map<String, int[]> starts) {
    this.starts = starts;
  }

  /** The locations of {@code json}, which must be well-formed (it was parsed before); empty when it is not. */
  static JsonLocations of(String json) {
    Map<String, int[]> starts = new HashMap<>();
    // The path of the value about to be read: a pointer segment per open container and the pending key or index.
    Deque<String> path = new ArrayDeque<>();
    Deque<int[]> indexes = new ArrayDeque<>(); // per open array, its next index; per object, null marker {-1}
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      String pendingKey = null;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME) {
          pendingKey = escape(parser.currentName());
          continue;
        }
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          indexes.pop();
          if (!path.isEmpty()) {
            path.pop();
          }
          continue;
        }
        String segment = null;
        if (!indexes.isEmpty()) {
          int[] index = indexes.peek();
          segment = index[0] < 0 ? pendingKey : Integer.toString(index[0]++);
        }
        String pointer = pointerOf(path, segment);
        JsonLocation at = parser.currentTokenLocation();
        starts.put(pointer, new int[] {at.getLineNr(), at.getColumnNr()});
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          if (segment != null) {
            path.push(segment);
          }
          indexes.push(new int[] {token == JsonToken.START_ARRAY ? 0 : -1});
        }
      }
    } catch (IOException | RuntimeException malformed) {
      return new JsonLocations(Map.of());
    }
    return new JsonLocations(starts);
  }

  private static String pointerOf(Deque<String> path, String segment) {
    StringBuilder sb = new StringBuilder();
    java.util.Iterator<String> outerFirst = path.descendingIterator();
    while (outerFirst.hasNext()) {
      sb.append('/').append(outerFirst.next());
    }
    if (segment != null) {
      sb.append('/').append(segment);
    }
    return sb.toString();
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** {@code problems} with the line and column of the value each points at (or of its nearest ancestor). */
  List<Problem> locate(List<Problem> problems) {
    return problems.stream().map(this::locate).toList();
  }

  private Problem locate(Problem p) {
    if (p.line() != null) {
      return p;
    }
    String pointer = p.pointer();
    while (true) {
      int[] at = starts.get(pointer);
      if (at != null) {
        return p.at(at[0], at[1]);
      }
      if (pointer.isEmpty()) {
        return p;
      }
      pointer = pointer.substring(0, pointer.lastIndexOf('/'));
    }
  }
}
