package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Record texts for tests, built from one valid base record. */
final class TestRecords {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private TestRecords() {}

  /** A valid record with no statements, no floor licence, preference {@code train if attribution}. */
  static ObjectNode base() {
    try {
      return (ObjectNode) MAPPER.readTree("""
          {"schemaVersion": 1, "id": "rec-1", "contributor": "c-1",
           "collectives": ["masakhane"],
           "provenance": {"source": "flywheel.example/chat", "method": "chat", "created": "2026-03-01T12:00:00Z"},
           "licence": "LicenseRef-flywheel-contribution", "released": null,
           "preference": "train if attribution",
           "tags": {"language": "yo", "kind": "text"}}
          """);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The base record changed by {@code edit}, as compact JSON text. */
  static String with(Consumer<ObjectNode> edit) {
    ObjectNode node = base();
    edit.accept(node);
    return node.toString();
  }

  static String baseText() {
    return base().toString();
  }

  /** The directory of committed example records. */
  static Path examples() {
    Path dir = Path.of("..", "examples", "records");
    assertTrue(Files.isDirectory(dir), "examples directory not found at " + dir.toAbsolutePath());
    return dir;
  }

  static List<DiagnosticCode> codes(RecordResult result) {
    return result.diagnostics().stream().map(Diagnostic::code).toList();
  }

  static Diagnostic only(RecordResult result) {
    if (result.diagnostics().size() != 1) {
      throw new AssertionError("expected one diagnostic, got " + result.diagnostics());
    }
    return result.diagnostics().get(0);
  }
}
