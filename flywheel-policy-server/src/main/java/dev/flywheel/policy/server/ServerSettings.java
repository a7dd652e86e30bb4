package dev.flywheel.policy.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a {@link PolicyServer}: where it listens, its limits and the register it serves. Build with
 * {@link #builder()}; every limit is checked when set.
 *
 * @param bind the address to listen on; loopback ({@code 127.0.0.1}) by default
 * @param port the TCP port; 0 picks a free one
 * @param maxBodyBytes the largest request body of every JSON endpoint, in bytes; 1 MiB by default
 * @param maxRecordsBodyBytes the largest body of {@code POST /v1/records/validate}, in bytes; 1 GiB by default
 * @param maxHeaderBytes the largest request line and headers together, in bytes; 8 KiB by default
 * @param requestTimeout the longest a request may take to arrive in full (and the longest a connection may stay
 *     silent); 30 s by default
 * @param recordsTimeout the longest a {@code POST /v1/records/validate} may take, body included; 10 min by default
 * @param maxConcurrentRequests requests handled at once; one more is answered 503 at once; 64 by default
 * @param shutdownTimeout how long a stop waits for requests in flight; 30 s by default
 * @param register the register folder to serve, if any
 * @param trust the operator's public key the register is verified against (required with a register)
 * @param clock the time of decisions that name no time
 */
public record ServerSettings(
    String bind,
    int port,
    long maxBodyBytes,
    long maxRecordsBodyBytes,
    int maxHeaderBytes,
    Duration requestTimeout,
    Duration recordsTimeout,
    int maxConcurrentRequests,
    Duration shutdownTimeout,
    Optional<Path> register,
    Optional<Path> trust,
    Clock clock) {

  /** The default address: loopback only. */
  public static final String DEFAULT_BIND = "127.0.0.1";
  /** The default port. */
  public static final int DEFAULT_PORT = 8080;
  /** The default body limit of the JSON endpoints: 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;
  /** The default body limit of {@code POST /v1/records/validate}: 1 GiB. */
  public static final long DEFAULT_MAX_RECORDS_BODY_BYTES = 1L << 30;
  /** The default limit of the request line and headers: 8 KiB. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 8 << 10;
  /** The default time for a request to arrive. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** The default time of a records validation. */
  public static final Duration DEFAULT_RECORDS_TIMEOUT = Duration.ofMinutes(10);
  /** The default number of requests handled at once. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
  /** The default wait for requests in flight at a stop. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Creates the settings; {@link #builder()} is the usual way.
   *
   * @throws IllegalArgumentException if a limit is out of range, or a register comes without a trusted key
   * @throws NullPointerException if a component is null
   */
  public ServerSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(recordsTimeout, "recordsTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(register, "register");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (maxBodyBytes < 1024 || maxBodyBytes > (1L << 30)) {
      throw new IllegalArgumentException("the body limit must be 1 KiB to 1 GiB, not " + maxBodyBytes);
    }
    if (maxRecordsBodyBytes < 1024) {
      throw new IllegalArgumentException("the records body limit must be at least 1 KiB, not " + maxRecordsBodyBytes);
    }
    if (maxHeaderBytes < 1024 || maxHeaderBytes > (1 << 20)) {
      throw new IllegalArgumentException("the header limit must be 1 KiB to 1 MiB, not " + maxHeaderBytes);
    }
    positive(requestTimeout, "request timeout");
    positive(recordsTimeout, "records timeout");
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("the shutdown timeout cannot be negative");
    }
    if (maxConcurrentRequests < 1 || maxConcurrentRequests > 10_000) {
      throw new IllegalArgumentException(
          "concurrent requests must be 1 to 10000, not " + maxConcurrentRequests);
    }
    if (register.isPresent() != trust.isPresent()) {
      throw new IllegalArgumentException("a register needs the operator's key to verify it against, and a key a "
          + "register: give both or neither");
    }
  }

  private static void positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("the " + name + " must be positive, not " + d);
    }
  }

  /** {@return a builder with every default} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ServerSettings}; each setter checks its value through the record's constructor at build. */
  public static final class Builder {
    private String bind = DEFAULT_BIND;
    private int port = DEFAULT_PORT;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private long maxRecordsBodyBytes = DEFAULT_MAX_RECORDS_BODY_BYTES;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration recordsTimeout = DEFAULT_RECORDS_TIMEOUT;
    private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Path register;
    private Path trust;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** @param value the address to listen on @return this */
    public Builder bind(String value) {
      this.bind = value;
      return this;
    }

    /** @param value the port, 0 for any free one @return this */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** @param value the body limit of the JSON endpoints, in bytes @return this */
    public Builder maxBodyBytes(long value) {
      this.maxBodyBytes = value;
      return this;
    }

    /** @param value the body limit of the records endpoint, in bytes @return this */
    public Builder maxRecordsBodyBytes(long value) {
      this.maxRecordsBodyBytes = value;
      return this;
    }

    /** @param value the limit of the request line and headers, in bytes @return this */
    public Builder maxHeaderBytes(int value) {
      this.maxHeaderBytes = value;
      return this;
    }

    /** @param value the time for a request to arrive @return this */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /** @param value the time of a records validation @return this */
    public Builder recordsTimeout(Duration value) {
      this.recordsTimeout = value;
      return this;
    }

    /** @param value the requests handled at once @return this */
    public Builder maxConcurrentRequests(int value) {
      this.maxConcurrentRequests = value;
      return this;
    }

    /** @param value the wait for requests in flight at a stop @return this */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = value;
      return this;
    }

    /**
     * @param folder the register folder
     * @param operatorKey the operator's public key file
     * @return this
     */
    public Builder register(Path folder, Path operatorKey) {
      this.register = folder;
      this.trust = operatorKey;
      return this;
    }

    /** @param value the clock of decisions that name no time @return this */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * {@return the settings}
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ServerSettings build() {
      return new ServerSettings(bind, port, maxBodyBytes, maxRecordsBodyBytes, maxHeaderBytes, requestTimeout,
          recordsTimeout, maxConcurrentRequests, shutdownTimeout, Optional.ofNullable(register),
          Optional.ofNullable(trust), clock);
    }
  }
}
