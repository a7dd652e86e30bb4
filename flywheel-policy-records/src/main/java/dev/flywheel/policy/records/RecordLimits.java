package dev.flywheel.policy.records;

/**
 * Bounds on the JSON records a {@link RecordValidator} reads. Each is enforced while reading, before a JSON tree is
 * built (or, for the byte length, before reading starts), and exceeding it gives one error with its own code; it
 * never causes a crash, an unbounded allocation or a partial record.
 *
 * @param maxRecordBytes the longest record, in UTF-8 bytes; also the longest line of a JSON Lines file (without its
 *     line break). Code {@code record-too-long}. Default {@value #DEFAULT_MAX_RECORD_BYTES}.
 * @param maxNestingDepth the deepest nesting of arrays and objects (the record object itself is depth 1). Code
 *     {@code nesting-too-deep}. Default {@value #DEFAULT_MAX_NESTING_DEPTH}.
 * @param maxStringLength the longest string value, in chars. Code {@code string-too-long}. Default
 *     {@value #DEFAULT_MAX_STRING_LENGTH}.
 * @param maxKeyLength the longest object key, in chars. Code {@code key-too-long}. Default
 *     {@value #DEFAULT_MAX_KEY_LENGTH}.
 * @param maxNumberLength the most characters in one number. Code {@code number-too-long}. Default
 *     {@value #DEFAULT_MAX_NUMBER_LENGTH}.
 * @param maxTokens the most JSON tokens (keys, values, brackets) in one record. Code {@code too-many-tokens}. Default
 *     {@value #DEFAULT_MAX_TOKENS}.
 */
public record RecordLimits(
    int maxRecordBytes,
    int maxNestingDepth,
    int maxStringLength,
    int maxKeyLength,
    int maxNumberLength,
    int maxTokens) {

  /** Default largest record, in UTF-8 bytes (1 MiB). */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
  /** Default deepest nesting of objects and arrays. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 32;
  /** Default longest string value, in chars (256 Ki). */
  public static final int DEFAULT_MAX_STRING_LENGTH = 256 * 1024;
  /** Default longest object key, in chars. */
  public static final int DEFAULT_MAX_KEY_LENGTH = 256;
  /** Default longest number, in chars of its text. */
  public static final int DEFAULT_MAX_NUMBER_LENGTH = 64;
  /** Default most JSON tokens in one record. */
  public static final int DEFAULT_MAX_TOKENS = 100_000;

  /** Upper bound on {@code maxRecordBytes}: a record is read whole into memory, so it must stay small. */
  public static final int HARD_MAX_RECORD_BYTES = 64 << 20;

  /** Upper bound on {@code maxNestingDepth}: checks of the tree recurse once per level, so depth stays small. */
  public static final int HARD_MAX_NESTING_DEPTH = 1000;

  /**
   * The smallest nesting limit: a valid record nests five deep ({@code statements[i].scope.tags}), so a smaller
   * limit would reject every record with a scoped statement.
   */
  public static final int MIN_NESTING_DEPTH = 5;

  /** The defaults. */
  public static final RecordLimits DEFAULTS = new RecordLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_NESTING_DEPTH,
      DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_KEY_LENGTH, DEFAULT_MAX_NUMBER_LENGTH, DEFAULT_MAX_TOKENS);

  /**
   * Creates the record.
   *
   * @param maxRecordBytes the longest record, in UTF-8 bytes; also the longest line of a JSON Lines file (without its
   *     line break). Code {@code record-too-long}. Default {@value #DEFAULT_MAX_RECORD_BYTES}.
   * @param maxNestingDepth the deepest nesting of arrays and objects (the record object itself is depth 1). Code
   *     {@code nesting-too-deep}. Default {@value #DEFAULT_MAX_NESTING_DEPTH}.
   * @param maxStringLength the longest string value, in chars. Code {@code string-too-long}. Default
   *     {@value #DEFAULT_MAX_STRING_LENGTH}.
   * @param maxKeyLength the longest object key, in chars. Code {@code key-too-long}. Default
   *     {@value #DEFAULT_MAX_KEY_LENGTH}.
   * @param maxNumberLength the most characters in one number. Code {@code number-too-long}. Default
   *     {@value #DEFAULT_MAX_NUMBER_LENGTH}.
   * @param maxTokens the most JSON tokens (keys, values, brackets) in one record. Code {@code too-many-tokens}. Default
   *     {@value #DEFAULT_MAX_TOKENS}.
   * @throws IllegalArgumentException if a limit is below 1, {@code maxNestingDepth} is outside
   *     [{@value #MIN_NESTING_DEPTH}, {@value #HARD_MAX_NESTING_DEPTH}], or {@code maxRecordBytes} is above
   *     {@value #HARD_MAX_RECORD_BYTES}
   */
  public RecordLimits {
    requireAtLeast("maxRecordBytes", maxRecordBytes, 1);
    requireAtLeast("maxNestingDepth", maxNestingDepth, MIN_NESTING_DEPTH);
    requireAtLeast("maxStringLength", maxStringLength, 1);
    requireAtLeast("maxKeyLength", maxKeyLength, 1);
    requireAtLeast("maxNumberLength", maxNumberLength, 1);
    requireAtLeast("maxTokens", maxTokens, 1);
    if (maxNestingDepth > HARD_MAX_NESTING_DEPTH) {
      throw new IllegalArgumentException(
          "maxNestingDepth " + maxNestingDepth + " is above " + HARD_MAX_NESTING_DEPTH);
    }
    if (maxRecordBytes > HARD_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "maxRecordBytes " + maxRecordBytes + " is above " + HARD_MAX_RECORD_BYTES);
    }
  }

  /**
   * {@return these limits with {@code bytes} as {@link #maxRecordBytes()}}
   *
   * @param bytes the new limit
   */
  public RecordLimits withMaxRecordBytes(int bytes) {
    return new RecordLimits(bytes, maxNestingDepth, maxStringLength, maxKeyLength, maxNumberLength, maxTokens);
  }

  /**
   * {@return these limits with {@code depth} as {@link #maxNestingDepth()}}
   *
   * @param depth the new limit
   */
  public RecordLimits withMaxNestingDepth(int depth) {
    return new RecordLimits(maxRecordBytes, depth, maxStringLength, maxKeyLength, maxNumberLength, maxTokens);
  }

  /**
   * {@return these limits with {@code length} as {@link #maxStringLength()}}
   *
   * @param length the new limit
   */
  public RecordLimits withMaxStringLength(int length) {
    return new RecordLimits(maxRecordBytes, maxNestingDepth, length, maxKeyLength, maxNumberLength, maxTokens);
  }

  /**
   * {@return these limits with {@code length} as {@link #maxKeyLength()}}
   *
   * @param length the new limit
   */
  public RecordLimits withMaxKeyLength(int length) {
    return new RecordLimits(maxRecordBytes, maxNestingDepth, maxStringLength, length, maxNumberLength, maxTokens);
  }

  /**
   * {@return these limits with {@code length} as {@link #maxNumberLength()}}
   *
   * @param length the new limit
   */
  public RecordLimits withMaxNumberLength(int length) {
    return new RecordLimits(maxRecordBytes, maxNestingDepth, maxStringLength, maxKeyLength, length, maxTokens);
  }

  /**
   * {@return these limits with {@code tokens} as {@link #maxTokens()}}
   *
   * @param tokens the new limit
   */
  public RecordLimits withMaxTokens(int tokens) {
    return new RecordLimits(maxRecordBytes, maxNestingDepth, maxStringLength, maxKeyLength, maxNumberLength, tokens);
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }
}
