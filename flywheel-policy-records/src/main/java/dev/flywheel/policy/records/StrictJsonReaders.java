package dev.flywheel.policy.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * The one definition of strict JSON that every reader of the project's inputs shares (records, register files,
 * request bodies of the server, case and statement files): a duplicate key, content after the value, comments,
 * single quotes, non-finite numbers, leading zeros, unescaped control characters and every other leniency Jackson
 * offers are errors, never repaired, and an error's location never quotes the input (which may be large or
 * private). Jackson's own defaults take the last of duplicate keys and accept trailing content; a reader built here
 * refuses both. What differs between readers is only their bounds, given as {@link StreamReadConstraints}, and what
 * a reader adds for its own use (how numbers are kept, write constraints).
 */
public final class StrictJsonReaders {
  /** Every leniency of the JSON reader, each refused. */
  private static final List<JsonReadFeature> LENIENCIES = List.of(JsonReadFeature.ALLOW_JAVA_COMMENTS,
      JsonReadFeature.ALLOW_YAML_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
      JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_TRAILING_COMMA,
      JsonReadFeature.ALLOW_MISSING_VALUES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
      JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS,
      JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS, JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
      JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS, JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER);

  private StrictJsonReaders() {
  }

  /**
   * A factory builder for strict reading within {@code constraints}: duplicate keys detected by the parser, every
   * leniency refused, no input quoted in error locations. The caller may add to it (write constraints, or turn the
   * parser's duplicate detection off when it detects duplicates of the fields it knows itself).
   *
   * @param constraints the reader's bounds (nesting, string, name and number lengths)
   * @return a new builder
   */
  public static JsonFactoryBuilder factoryBuilder(StreamReadConstraints constraints) {
    JsonFactoryBuilder builder = new JsonFactoryBuilder()
        .streamReadConstraints(constraints)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION);
    // One at a time: the builder's varargs disable(first, others...) enables the others.
    for (JsonReadFeature leniency : LENIENCIES) {
      builder.disable(leniency);
    }
    return builder;
  }

  /**
   * A mapper builder over {@code factory} that also refuses content after the value and duplicate keys in trees.
   *
   * @param factory a factory from {@link #factoryBuilder(StreamReadConstraints)}
   * @return a new builder; the caller adds what it needs and builds it
   */
  public static JsonMapper.Builder mapperBuilder(JsonFactory factory) {
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  /**
   * A strict mapper within {@code constraints}: {@link #mapperBuilder(JsonFactory)} over
   * {@link #factoryBuilder(StreamReadConstraints)}. Thread-safe for reading, and costly to build: keep it.
   *
   * @param constraints the reader's bounds
   * @return a new mapper
   */
  public static JsonMapper mapper(StreamReadConstraints constraints) {
    return mapperBuilder(factoryBuilder(constraints).build()).build();
  }
}
