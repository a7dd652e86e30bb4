package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.filter.receipt.ReceiptJson;
import dev.flywheel.policy.filter.receipt.ReceiptRecorder;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bounds of {@code filter --receipt} and {@code audit --receipt}, at and one past each (docs/AUDIT.md). */
class ReceiptBoundsCommandTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "contributions.jsonl");

  @TempDir
  Path dir;

  private record Result(int exitCode, String out, String err) {}

  /** {@code filter} on the example with a receipt recording at most {@code maxLines} lines. */
  private Result filter(long maxLines) {
    FilterCommand command = new FilterCommand();
    command.receiptMaxLines = maxLines;
    CommandLine cli = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("--purpose", "train", "--honour", "attribution", "--at", "2027-03-01",
        "--in", EXAMPLE.toString(), "--out", dir.resolve("allowed.jsonl").toString(),
        "--ledger", dir.resolve("ledger.json").toString(), "--receipt", dir.resolve("receipt.json").toString());
    return new Result(code, out.toString(), err.toString());
  }

  private List<String> files() throws Exception {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void filter_inputOfExactlyTheMostLinesAReceiptRecords_writesTheReceipt() throws Exception {
    long lines = Files.readAllLines(EXAMPLE).size();
    Result run = filter(lines);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of("allowed.jsonl", "ledger.json", "receipt.json"), files());
    assertEquals(lines, new ObjectMapper().readTree(dir.resolve("receipt.json").toFile()).path("input")
        .path("lines").asLong());
  }

  @Test
  void filter_inputOfOneLineMoreThanAReceiptRecords_exitsOneNamingTheLineAndWritesNothing() throws Exception {
    long lines = Files.readAllLines(EXAMPLE).size();
    Result run = filter(lines - 1);
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("flywheel-policy: --receipt: a receipt records at most " + (lines - 1) + " lines; line " + lines
        + " is past it; split the input; nothing written\n", run.err());
    assertEquals(List.of(), files(), "no output and no temporary file");
  }

  @Test
  void filter_default_recordsAtMostMaxLines() {
    assertEquals(ReceiptRecorder.MAX_LINES, new FilterCommand().receiptMaxLines);
    assertEquals(20_000_000, ReceiptRecorder.MAX_LINES);
  }

  @Test
  void audit_receiptFileOfOneByteMoreThanTheLargest_exitsOneAsNotAReceiptWithoutReadingIt() throws Exception {
    Path receipt = sparse("big.json", ReceiptJson.MAX_FILE_BYTES + 1);
    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", EXAMPLE.toString());
    assertEquals(1, audit.exitCode(), audit.err());
    assertEquals("flywheel-policy: --receipt " + receipt + " is not a receipt: larger than "
        + ReceiptJson.MAX_FILE_BYTES + " bytes\n", audit.err());
  }

  @Test
  void audit_receiptFileOfExactlyTheLargestSize_isReadAndRefusedForWhatItHolds() throws Exception {
    Path receipt = sparse("edge.json", ReceiptJson.MAX_FILE_BYTES);
    CliRunner.Result audit = CliRunner.run("audit", "--receipt", receipt.toString(), "--in", EXAMPLE.toString());
    assertEquals(1, audit.exitCode(), audit.err());
    assertTrue(audit.err().startsWith("flywheel-policy: --receipt " + receipt + " is not a receipt: "),
        audit.err());
    assertFalse(audit.err().contains("larger than"), audit.err());
  }

  @Test
  void audit_default_readsReceiptsUpToMaxFileBytes() {
    assertEquals(ReceiptJson.MAX_FILE_BYTES, new AuditCommand().maxReceiptBytes);
  }

  /** A file of {@code size} zero bytes that takes no room on disk. */
  private Path sparse(String name, long size) throws Exception {
    Path file = dir.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    return file;
  }
}
