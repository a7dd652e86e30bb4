package dev.flywheel.policy.register;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.records.StrictJsonReaders;
import java.io.IOException;

/**
 * Strict JSON for register files ({@link StrictJsonReaders}: duplicate keys, trailing content, comments, non-finite
 * numbers are errors) within the register's nesting and string limits, each error mapped to a stable code.
 */
final class StrictJson {
  /** Readers by their two bounds: an ObjectMapper is costly to build and safe to share for reading. */
  private static final java.util.concurrent.ConcurrentHashMap<Long, StrictJson> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final ObjectMapper mapper;

  static StrictJson of(int maxNestingDepth, int maxStringLength) {
    long key = ((long) maxNestingDepth << 32) | (maxStringLength & 0xffffffffL);
    if (SHARED.size() > 64) {
      SHARED.clear(); // a few limit settings are normal; many are not worth keeping
    }
    return SHARED.computeIfAbsent(key, k -> new StrictJson(maxNestingDepth, maxStringLength));
  }

  private StrictJson(int maxNestingDepth, int maxStringLength) {
    JsonFactory factory = StrictJsonReaders.factoryBuilder(StreamReadConstraints.builder()
            .maxNestingDepth(maxNestingDepth)
            .maxStringLength(maxStringLength)
            .maxNumberLength(32)
            .maxNameLength(maxStringLength)
            .build())
        .build();
    this.mapper = StrictJsonReaders.mapperBuilder(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
    mapper.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
  }

  /** The parsed tree, or the error's code and message. */
  sealed interface Result permits Tree, Error {
  }

  record Tree(JsonNode node) implements Result {
  }

  record Error(String code, String message) implements Result {
  }

  Result read(byte[] bytes) {
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        return new Error("invalid-json", "no JSON value");
      }
      return new Tree(node);
    } catch (StreamConstraintsException e) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.contains("nesting depth")) {
        return new Error("nesting-too-deep", "JSON nested deeper than the limit");
      }
      if (m.contains("String value length") || m.contains("Name length")) {
        return new Error("field-too-long", "a JSON string is longer than the limit");
      }
      return new Error("invalid-json", "a JSON value is past its limit: " + oneLine(m));
    } catch (JsonParseException e) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.startsWith("Duplicate field")) {
        return new Error("duplicate-key", oneLine(m));
      }
      return new Error("invalid-json", oneLine(m));
    } catch (IOException e) {
      return new Error("invalid-json", oneLine(String.valueOf(e.getMessage())));
    }
  }

  ObjectMapper mapper() {
    return mapper;
  }

  private static String oneLine(String message) {
    String line = message.replaceAll("[\\r\\n\\t]+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
