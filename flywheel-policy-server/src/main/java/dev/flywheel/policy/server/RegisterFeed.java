package dev.flywheel.policy.server;

/**
 * The register a server hands to consumers: its checkpoint and its entries, as the bytes of the register folder's
 * {@code checkpoint.json} and {@code entries.jsonl}, so a consumer verifies exactly what the operator signed.
 */
interface RegisterFeed {
  /** Entries in one answer of {@code GET /v1/register/entries}, at most. */
  int PAGE_SIZE = 1000;

  /** {@return the checkpoint's bytes} @throws ApiError.Failure 404 when no register is served */
  byte[] checkpoint();

  /**
   * {@return up to {@link #PAGE_SIZE} entries from entry {@code from} (0-based) on}
   *
   * @throws ApiError.Failure 404 when no register is served, 400 when {@code from} is past the end
   */
  Page entries(long from);

  /**
   * A page of entries.
   *
   * @param lines the entries' lines, each ending in a newline
   * @param next the entry of the next page, or -1 when this page reaches the end
   * @param size the number of entries in the register
   */
  record Page(byte[] lines, long next, long size) {}

  /** No register: both endpoints answer 404. */
  RegisterFeed NONE = new RegisterFeed() {
    @Override
    public byte[] checkpoint() {
      throw absent();
    }

    @Override
    public Page entries(long from) {
      throw absent();
    }

    private ApiError.Failure absent() {
      return ApiError.of(404, "no-register", "this server serves no register (start it with --register)").fail();
    }
  };
}
