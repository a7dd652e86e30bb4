package dev.flywheel.policy.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.json.RecordLineJson;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.RecordSummary;
import dev.flywheel.policy.records.RecordValidator;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/records/validate}: a JSON Lines body validated line by line as it arrives, each line with
 * diagnostics answered as it is read (in the form of {@code validate --records --format json}), then the summary.
 * Memory is one line and the output buffer, whatever the body's size up to its limit.
 *
 * <p>The status (200) is sent before the body has been read, so a limit broken part way (size, time) cannot change
 * it: the answer then ends with an error object ({@code {"status": 413, "diagnostics": [...]}}) in place of the
 * summary. A client knows the answer is complete only when its last line is the summary.
 */
final class RecordsEndpoint {
  /** Media types accepted for the body. */
  static final String[] MEDIA_TYPES = {"application/x-ndjson", "application/jsonl", "application/json-lines"};

  private final ServerSettings settings;
  private final RecordValidator validator = RecordValidator.withDefaults();
  private final ObjectMapper mapper = new ObjectMapper();

  RecordsEndpoint(ServerSettings settings) {
    this.settings = settings;
  }

  void handle(Request request, Response response, Callback callback) throws IOException {
    ApiHandler.requireMediaType(request, MEDIA_TYPES);
    long limit = settings.maxRecordsBodyBytes();
    long deadline = System.nanoTime() + settings.recordsTimeout().toNanos();
    if (request.getLength() > limit) {
      ApiHandler.BodyReader.drain(request, request.getLength(),
          System.nanoTime() + settings.requestTimeout().toNanos());
      throw ApiHandler.BodyReader.tooLarge(limit);
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-ndjson;charset=utf-8");
    try (InputStream in = new Bounded(Content.Source.asInputStream(request), limit, deadline);
         OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 1 << 14)) {
      ObjectNode last;
      try {
        RecordSummary summary = JsonLinesReader.validateAll(in, validator, line -> {
          if (!line.diagnostics().isEmpty()) {
            writeLine(out, RecordLineJson.toJson(line, true));
          }
        });
        last = RecordLineJson.summary(summary);
      } catch (LimitBroken broken) {
        last = broken.error.toJson();
      } catch (IOException e) {
        last = ApiHandler.BodyReader.timedOutOrBroken(e).error().toJson();
      }
      writeLine(out, last);
    } catch (UncheckedIOException | IOException e) {
      // The client stopped reading: nothing more can be said to it.
      callback.failed(e instanceof UncheckedIOException u ? u.getCause() : e);
      return;
    }
    callback.succeeded();
  }

  private void writeLine(OutputStream out, ObjectNode node) {
    try {
      out.write(mapper.writeValueAsBytes(node));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A limit broken while the body streamed in. */
  static final class LimitBroken extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient ApiError error;

    LimitBroken(ApiError error) {
      super(error.code(), null);
      this.error = error;
    }
  }

  /** The body, cut at the size limit and the deadline with a {@link LimitBroken}. */
  private static final class Bounded extends FilterInputStream {
    private final long limit;
    private final long deadline;
    private long read;

    Bounded(InputStream in, long limit, long deadline) {
      super(in);
      this.limit = limit;
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (System.nanoTime() - deadline > 0) {
        throw new LimitBroken(ApiHandler.BodyReader.timedOut().error());
      }
      int n = super.read(b, off, len);
      if (n > 0) {
        read += n;
        if (read > limit) {
          throw new LimitBroken(ApiHandler.BodyReader.tooLarge(limit).error());
        }
      }
      return n;
    }
  }
}
