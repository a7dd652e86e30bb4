package dev.flywheel.policy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The files the server serves from its jar: the playground page and its script and style, and the OpenAPI document.
 * All are read once at start; nothing is fetched from elsewhere, so the page works with no internet.
 */
final class StaticFiles {
  /** A file's bytes and media type. */
  record File(byte[] bytes, String mediaType) {}

  private final Map<String, File> files = Map.of(
      "/", load("playground/index.html", "text/html"),
      "/index.html", load("playground/index.html", "text/html"),
      "/playground.js", load("playground/playground.js", "text/javascript"),
      "/playground.css", load("playground/playground.css", "text/css"),
      "/openapi.json", load("openapi.json", "application/json"));

  /** {@return the file at {@code path}, or null} */
  File find(String path) {
    return files.get(path);
  }

  private static File load(String resource, String mediaType) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + ": the jar is incomplete");
      }
      return new File(in.readAllBytes(), mediaType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
