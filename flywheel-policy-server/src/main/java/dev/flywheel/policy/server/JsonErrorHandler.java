package dev.flywheel.policy.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to what Jetty refuses before the API sees it (a header block over the limit, a malformed request line,
 * a bad URI): the API's JSON error form in place of Jetty's HTML page, with no stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws IOException {
    String errorCode = switch (code) {
      case 400 -> "bad-request";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 408 -> "request-timeout";
      case 413 -> "body-too-large";
      case 414 -> "uri-too-long";
      case 415 -> "unsupported-media-type";
      case 431 -> "headers-too-large";
      case 503 -> "unavailable";
      default -> code >= 500 ? "internal-error" : "bad-request";
    };
    String text = code >= 500 ? "the server failed to answer; nothing was decided"
        : "the request was refused: " + (message == null ? "HTTP " + code : ApiHandler.safe(message));
    byte[] body = MAPPER.writeValueAsBytes(ApiError.of(code, errorCode, text).toJson());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
