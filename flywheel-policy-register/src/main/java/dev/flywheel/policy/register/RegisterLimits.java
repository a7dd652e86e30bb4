package dev.flywheel.policy.register;

/**
 * The bounds a register must keep to be loaded. Each is checked before the work it bounds (a line's length before
 * it is parsed, a list's length while it is read), so loading takes time linear in the bytes read and memory bounded
 * by these values; a register past any of them is refused with the code given in docs/REGISTER.md, naming the entry.
 *
 * @param maxLineBytes bytes of one line of {@code entries.jsonl}, without its line feed (code {@code line-too-long})
 * @param maxLogBytes bytes of the whole {@code entries.jsonl} (code {@code log-too-large})
 * @param maxEntries entries in the log (code {@code too-many-entries})
 * @param maxNestingDepth JSON nesting of an envelope and of a payload, the outermost object being depth 1 (code
 *     {@code nesting-too-deep}); an entry needs 3
 * @param maxFieldChars characters of any one string (terms, a key, a signature; code {@code field-too-long})
 * @param maxIdChars characters of a name or an id: issuer, collective, contributor, item, release (code
 *     {@code field-too-long})
 * @param maxRosterMembers members of one roster (code {@code roster-too-large})
 * @param maxRosterMembersTotal members of all rosters of the log together (code {@code roster-too-large})
 * @param maxWithdrawalItems item ids plus contributor ids of one withdrawal (code {@code withdrawal-too-large})
 * @param maxReleaseDigests digests of one release (code {@code release-too-large})
 * @param maxSupersedes {@code seq}s one statement supersedes (code {@code field-too-long})
 */
public record RegisterLimits(
    int maxLineBytes,
    long maxLogBytes,
    int maxEntries,
    int maxNestingDepth,
    int maxFieldChars,
    int maxIdChars,
    int maxRosterMembers,
    long maxRosterMembersTotal,
    int maxWithdrawalItems,
    int maxReleaseDigests,
    int maxSupersedes) {

  /** Default {@link #maxLineBytes()}: 16 MiB, room for a roster of 100,000 ids of 100 characters. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;
  /** Default {@link #maxLogBytes()}: 2 GiB. */
  public static final long DEFAULT_MAX_LOG_BYTES = 2L << 30;
  /** Default {@link #maxEntries()}: 1,000,000. */
  public static final int DEFAULT_MAX_ENTRIES = 1_000_000;
  /** Default {@link #maxNestingDepth()}: 8. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 8;
  /** Default {@link #maxFieldChars()}: 8192, room for terms at the engine's 4096 code points. */
  public static final int DEFAULT_MAX_FIELD_CHARS = 8192;
  /** Default {@link #maxIdChars()}: 128, the records' identifier and name length. */
  public static final int DEFAULT_MAX_ID_CHARS = 128;
  /** Default {@link #maxRosterMembers()}: 100,000. */
  public static final int DEFAULT_MAX_ROSTER_MEMBERS = 100_000;
  /** Default {@link #maxRosterMembersTotal()}: 5,000,000. */
  public static final long DEFAULT_MAX_ROSTER_MEMBERS_TOTAL = 5_000_000;
  /** Default {@link #maxWithdrawalItems()}: 100,000. */
  public static final int DEFAULT_MAX_WITHDRAWAL_ITEMS = 100_000;
  /** Default {@link #maxReleaseDigests()}: 2,000,000. */
  public static final int DEFAULT_MAX_RELEASE_DIGESTS = 2_000_000;
  /** Default {@link #maxSupersedes()}: 1024. */
  public static final int DEFAULT_MAX_SUPERSEDES = 1024;

  /**
   * Creates the limits.
   *
   * @param maxLineBytes at least 1024
   * @param maxLogBytes at least 1
   * @param maxEntries at least 1
   * @param maxNestingDepth 3 to 1000
   * @param maxFieldChars at least 256
   * @param maxIdChars 1 to {@code maxFieldChars}
   * @param maxRosterMembers at least 1
   * @param maxRosterMembersTotal at least {@code maxRosterMembers}
   * @param maxWithdrawalItems at least 1
   * @param maxReleaseDigests at least 1
   * @param maxSupersedes at least 1
   * @throws IllegalArgumentException naming the first value out of its range
   */
  public RegisterLimits {
    require(maxLineBytes >= 1024, "maxLineBytes must be at least 1024: " + maxLineBytes);
    require(maxLogBytes >= 1, "maxLogBytes must be positive: " + maxLogBytes);
    require(maxEntries >= 1, "maxEntries must be positive: " + maxEntries);
    require(maxNestingDepth >= 3 && maxNestingDepth <= 1000,
        "maxNestingDepth must be 3 to 1000 (an entry needs 3): " + maxNestingDepth);
    require(maxFieldChars >= 256, "maxFieldChars must be at least 256: " + maxFieldChars);
    require(maxIdChars >= 1 && maxIdChars <= maxFieldChars,
        "maxIdChars must be 1 to maxFieldChars: " + maxIdChars);
    require(maxRosterMembers >= 1, "maxRosterMembers must be positive: " + maxRosterMembers);
    require(maxRosterMembersTotal >= maxRosterMembers,
        "maxRosterMembersTotal must be at least maxRosterMembers: " + maxRosterMembersTotal);
    require(maxWithdrawalItems >= 1, "maxWithdrawalItems must be positive: " + maxWithdrawalItems);
    require(maxReleaseDigests >= 1, "maxReleaseDigests must be positive: " + maxReleaseDigests);
    require(maxSupersedes >= 1, "maxSupersedes must be positive: " + maxSupersedes);
  }

  /** {@return the default limits, each given by its {@code DEFAULT_} constant} */
  public static RegisterLimits defaults() {
    return new RegisterLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_LOG_BYTES, DEFAULT_MAX_ENTRIES,
        DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_ID_CHARS, DEFAULT_MAX_ROSTER_MEMBERS,
        DEFAULT_MAX_ROSTER_MEMBERS_TOTAL, DEFAULT_MAX_WITHDRAWAL_ITEMS, DEFAULT_MAX_RELEASE_DIGESTS,
        DEFAULT_MAX_SUPERSEDES);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
