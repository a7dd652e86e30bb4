package dev.flywheel.policy.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.records.StrictJsonReaders;
import dev.flywheel.policy.records.StrictUtf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the API's requests, enforces the limits a request can break (body size, time, concurrency, media type,
 * UTF-8, JSON syntax), and turns every failure into a JSON answer: 4xx for what the client sent, 500 with the code
 * {@code internal-error} and no stack trace for anything else.
 *
 * <p>JSON bodies are read whole, up to the body limit, decoded as strict UTF-8 (a malformed byte is a 400, never a
 * replacement character that could change the terms), and parsed with duplicate keys, trailing tokens and deep
 * nesting refused.
 */
final class ApiHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  /** JSON nesting accepted in a request body; a record's own limit is 32, and the envelope adds one. */
  static final int MAX_JSON_DEPTH = 40;

  private final ServerSettings settings;
  private final ObjectMapper mapper;
  private final TermsApi terms;
  private final RecordsEndpoint records;
  private final RegisterFeed register;
  private final StaticFiles files;
  private final Semaphore permits;
  private final Map<String, Function<JsonNode, byte[]>> jsonRoutes;
  private final byte[] vocabulary;

  ApiHandler(ServerSettings settings, RegisterFeed register) {
    this(settings, register, Map.of());
  }

  /** With {@code extraRoutes}: further JSON endpoints (tests use one that fails, to see the 500 answer). */
  ApiHandler(ServerSettings settings, RegisterFeed register, Map<String, Function<JsonNode, byte[]>> extraRoutes) {
    this.settings = settings;
    this.mapper = StrictJsonReaders.mapper(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_JSON_DEPTH)
        .maxStringLength((int) Math.min(Integer.MAX_VALUE, settings.maxBodyBytes()))
        .maxNumberLength(64)
        .build());
    this.terms = new TermsApi(mapper, settings.clock());
    this.records = new RecordsEndpoint(settings);
    this.register = register;
    this.files = new StaticFiles();
    this.permits = new Semaphore(settings.maxConcurrentRequests());
    Map<String, Function<JsonNode, byte[]>> routes = new java.util.HashMap<>(extraRoutes);
    routes.put("/v1/validate", terms::validate);
    routes.put("/v1/fmt", terms::fmt);
    routes.put("/v1/decide", terms::decide);
    routes.put("/v1/import", terms::importSignal);
    routes.put("/v1/export", terms::exportTerms);
    this.jsonRoutes = Map.copyOf(routes);
    this.vocabulary = vocabularyJson(mapper);
  }

  /** The words a client may send, from the enums themselves, so the playground never lists a stale word. */
  private static byte[] vocabularyJson(ObjectMapper mapper) {
    com.fasterxml.jackson.databind.node.ObjectNode node = mapper.createObjectNode();
    for (dev.flywheel.policy.Purpose p : dev.flywheel.policy.Purpose.values()) {
      node.withArray("purposes").add(p.word());
    }
    for (dev.flywheel.policy.Fact f : dev.flywheel.policy.Fact.values()) {
      node.withArray("facts").add(f.word());
    }
    for (dev.flywheel.policy.ObligationType o : dev.flywheel.policy.ObligationType.values()) {
      node.withArray("obligations").add(o.word());
    }
    for (dev.flywheel.policy.interop.ImportFormat f : dev.flywheel.policy.interop.ImportFormat.values()) {
      node.withArray("importFormats").add(f.word());
    }
    for (dev.flywheel.policy.interop.ExportFormat f : dev.flywheel.policy.interop.ExportFormat.values()) {
      node.withArray("exportFormats").add(f.word());
    }
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until no request is being handled, or {@code timeout} has passed.
   *
   * @return true when idle
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
    int all = settings.maxConcurrentRequests();
    if (permits.tryAcquire(all, timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
      permits.release(all);
      return true;
    }
    return false;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!permits.tryAcquire()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      send(response, callback, ApiError.of(503, "too-many-requests",
          "the server is handling " + settings.maxConcurrentRequests() + " requests, its limit; retry shortly"));
      return true;
    }
    try {
      route(request, response, callback);
    } catch (ApiError.Failure failure) {
      send(response, callback, failure.error());
    } catch (RuntimeException | IOException | StackOverflowError | OutOfMemoryError e) {
      // Fail closed and say nothing of the internals: the client gets a code, the log gets the cause.
      LOG.warn("internal error on {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
      send(response, callback, ApiError.of(500, "internal-error", "the server failed to answer; nothing was decided"));
    } finally {
      permits.release();
    }
    return true;
  }

  private void route(Request request, Response response, Callback callback) throws IOException {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    Function<JsonNode, byte[]> json = jsonRoutes.get(path);
    if (json != null) {
      requireMethod(method, "POST", response);
      JsonNode body = readJson(request);
      sendBytes(response, callback, 200, "application/json", json.apply(body));
      return;
    }
    switch (path) {
      case "/v1/records/validate" -> {
        requireMethod(method, "POST", response);
        records.handle(request, response, callback);
      }
      case "/v1/register/checkpoint" -> {
        requireGet(method, response);
        sendBytes(response, callback, 200, "application/json", register.checkpoint());
      }
      case "/v1/register/entries" -> {
        requireGet(method, response);
        RegisterFeed.Page page = register.entries(fromParameter(request));
        if (page.next() >= 0) {
          response.getHeaders().put("Link", "</v1/register/entries?from=" + page.next() + ">; rel=\"next\"");
        }
        response.getHeaders().put("X-Register-Size", Long.toString(page.size()));
        sendBytes(response, callback, 200, "application/x-ndjson", page.lines());
      }
      case "/v1/vocabulary" -> {
        requireGet(method, response);
        sendBytes(response, callback, 200, "application/json", vocabulary);
      }
      case "/health" -> {
        requireGet(method, response);
        sendBytes(response, callback, 200, "application/json",
            "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
      }
      default -> {
        StaticFiles.File file = files.find(path);
        if (file == null) {
          throw ApiError.of(404, "not-found", "no such endpoint: " + safe(path)).fail();
        }
        requireGet(method, response);
        sendBytes(response, callback, 200, file.mediaType(), file.bytes());
      }
    }
  }

  private static void requireGet(String method, Response response) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      throw ApiError.of(405, "method-not-allowed", "use GET here, not " + safe(method)).fail();
    }
  }

  private static void requireMethod(String method, String allowed, Response response) {
    if (!method.equals(allowed)) {
      response.getHeaders().put(HttpHeader.ALLOW, allowed);
      throw ApiError.of(405, "method-not-allowed", "use " + allowed + " here, not " + safe(method)).fail();
    }
  }

  private static long fromParameter(Request request) {
    String from = Request.extractQueryParameters(request).getValue("from");
    if (from == null) {
      return 0;
    }
    try {
      long value = Long.parseLong(from);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiError.of(400, "bad-parameter", "from must be an entry number, 0 or more").fail();
    }
  }

  /**
   * Reads a JSON body: media type {@code application/json} (charset UTF-8 if named), at most the body limit, within
   * the request time; strict UTF-8; one JSON value.
   */
  private JsonNode readJson(Request request) {
    requireMediaType(request, "application/json");
    byte[] bytes = BodyReader.read(request, settings.maxBodyBytes(), deadline());
    String text = StrictUtf8.decode(bytes)
        .orElseThrow(() -> ApiError.of(400, "invalid-utf8", "the body is not valid UTF-8").fail());
    if (text.isBlank()) {
      throw ApiError.of(400, "malformed-json", "the body is empty; send a JSON object").fail();
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : Math.max(0, at.getLineNr());
      int column = at == null ? 0 : Math.max(0, at.getColumnNr());
      throw new ApiError(400, "malformed-json", "the body is not one JSON value: " + e.getOriginalMessage(), null,
          line, column).fail();
    }
  }

  private long deadline() {
    return System.nanoTime() + settings.requestTimeout().toNanos();
  }

  /** Refuses a body that is not of {@code expected} (or a charset other than UTF-8) with 415. */
  static void requireMediaType(Request request, String... expected) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    boolean known = false;
    for (String e : expected) {
      known |= base.equals(e);
    }
    if (!known) {
      throw ApiError.of(415, "unsupported-media-type",
          "send the body as " + String.join(" or ", expected) + ", not " + (type == null ? "no type" : safe(type)))
          .fail();
    }
    String lower = type.toLowerCase(Locale.ROOT);
    int charset = lower.indexOf("charset=");
    if (charset >= 0) {
      String name = lower.substring(charset + 8).split(";", 2)[0].strip().replace("\"", "");
      if (!name.equals("utf-8") && !name.equals("utf8")) {
        throw ApiError.of(415, "unsupported-media-type", "the body must be UTF-8, not " + safe(name)).fail();
      }
    }
  }

  private void send(Response response, Callback callback, ApiError error) {
    try {
      sendBytes(response, callback, error.status(), "application/json", mapper.writeValueAsBytes(error.toJson()));
    } catch (JsonProcessingException e) {
      callback.failed(e);
    }
  }

  static void sendBytes(Response response, Callback callback, int status, String mediaType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE,
        mediaType.startsWith("image/") ? mediaType : mediaType + ";charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** A client's text quoted in a message: at most 80 characters, control characters as '?'. */
  static String safe(String text) {
    StringBuilder sb = new StringBuilder();
    text.codePoints().limit(80).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return sb.toString();
  }

  /** Bounded reading of a request body, whole. */
  static final class BodyReader {
    private BodyReader() {}

    /**
     * Reads the body: 413 past {@code limit} (at once when the declared length says so), 408 past the deadline or
     * when the client falls silent for the idle timeout.
     */
    static byte[] read(Request request, long limit, long deadlineNanos) {
      long declared = request.getLength();
      if (declared > limit) {
        drain(request, declared, deadlineNanos);
        throw tooLarge(limit);
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
          (int) Math.min(declared > 0 ? declared : 1024, limit));
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = Content.Source.asInputStream(request)) {
        while (true) {
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          if (out.size() + (long) n > limit) {
            throw tooLarge(limit);
          }
          out.write(buffer, 0, n);
          if (System.nanoTime() - deadlineNanos > 0) {
            throw timedOut();
          }
        }
      } catch (IOException e) {
        throw timedOutOrBroken(e);
      }
      return out.toByteArray();
    }

    /** Bodies read and thrown away before a 413, at most. */
    static final long DRAIN_MAX_BYTES = 8L << 20;

    /**
     * Reads and discards a body that will be refused, when it is at most {@link #DRAIN_MAX_BYTES} and arrives within
     * the deadline. A server that answers and closes while the client is still sending makes the client's system
     * reset the connection, which can destroy the answer before the client reads it; a small body is cheaper to
     * read than to lose the 413 for. A larger one is not read: the client gets the answer if it reads while sending
     * (or sent {@code Expect: 100-continue}).
     */
    static void drain(Request request, long declared, long deadlineNanos) {
      if (declared > DRAIN_MAX_BYTES) {
        return;
      }
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = Content.Source.asInputStream(request)) {
        while (in.read(buffer) >= 0) {
          if (System.nanoTime() - deadlineNanos > 0) {
            return;
          }
        }
      } catch (IOException e) {
        // The client went away or fell silent: the 413 is all there is to say.
      }
    }

    static ApiError.Failure tooLarge(long limit) {
      return ApiError.of(413, "body-too-large", "the body is larger than " + limit + " bytes, the limit").fail();
    }

    static ApiError.Failure timedOut() {
      return ApiError.of(408, "request-timeout", "the request did not arrive within the time limit").fail();
    }

    /** A read that failed: the idle timeout (408), or a client that went away (reported as 400, never seen). */
    static ApiError.Failure timedOutOrBroken(IOException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.util.concurrent.TimeoutException) {
          return timedOut();
        }
      }
      return ApiError.of(400, "body-unreadable", "the body could not be read: the client stopped sending").fail();
    }
  }

}
