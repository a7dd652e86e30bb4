package dev.flywheel.policy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.flywheel.policy.records.JsonLineSplitter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor of any filter that reads a JSON Lines file with Jackson, end to end: the file split into lines and each
 * line tokenized by Jackson's streaming parser, every string materialised, nothing checked, decided or written (what
 * {@link FilterBenchmark#jacksonTokensOnly} measures in memory). {@code bin/bench-filter} runs it on the file the
 * filter reads.
 *
 * <pre>java -cp flywheel-policy-benchmarks/target/benchmarks.jar dev.flywheel.policy.benchmarks.JacksonTokenFloor FILE</pre>
 */
public final class JacksonTokenFloor {
  private JacksonTokenFloor() {}

  /**
   * Reads {@code args[0]} and prints the lines and the characters of string values read.
   *
   * @param args the file
   * @throws IOException if reading fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: JacksonTokenFloor FILE");
      System.exit(2);
    }
    JsonFactory jackson = JsonFactory.builder().build();
    long lines = 0;
    long chars = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[0])), 1 << 16)) {
      JsonLineSplitter splitter = new JsonLineSplitter(in, 1 << 20);
      while (splitter.next()) {
        lines++;
        byte[] line = splitter.copy();
        try (JsonParser parser = jackson.createParser(line)) {
          for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
            if (t == JsonToken.VALUE_STRING) {
              chars += parser.getText().length();
            }
          }
        } catch (IOException e) { // a malformed line: counted, as the filter counts it
          chars++;
        }
      }
    }
    System.out.println("lines " + lines + ", string chars " + chars);
  }
}
