package dev.flywheel.policy.register;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.records.StrictJsonReaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The digest a release lists for a record: the lower-case hex SHA-256 of the UTF-8 bytes of the record's RFC 8785
 * canonical JSON ({@link CanonicalJson}). Reformatting a record (whitespace, member order, escapes, {@code 1.0} for
 * {@code 1}) keeps its digest; changing any value changes it. Meant for records a {@code RecordValidator} accepted
 * (strict JSON, finite numbers, bounded size). Thread-safe.
 */
public final class RecordDigest {
  private static final ObjectMapper MAPPER = StrictJsonReaders.mapperBuilder(
          StrictJsonReaders.factoryBuilder(StreamReadConstraints.defaults()).build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();

  private RecordDigest() {
  }

  /**
   * The digest of one record.
   *
   * @param recordJson the record's JSON text, UTF-8
   * @return 64 lower-case hex digits
   * @throws IllegalArgumentException if the bytes are not one JSON value with finite numbers
   */
  public static String of(byte[] recordJson) {
    JsonNode node;
    try {
      node = MAPPER.readTree(recordJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON value: " + e.getMessage(), e);
    }
    return of(node);
  }

  /**
   * The digest of one record given as a tree (parsed with exact numbers).
   *
   * @param record the record
   * @return 64 lower-case hex digits
   * @throws IllegalArgumentException if a number is not finite
   */
  public static String of(JsonNode record) {
    byte[] canonical = CanonicalJson.canonicalize(record).getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(Keys.sha256(canonical));
  }
}
