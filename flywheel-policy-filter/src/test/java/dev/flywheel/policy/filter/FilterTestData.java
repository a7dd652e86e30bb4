package dev.flywheel.policy.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Record lines and filter runs for the filter's tests. */
final class FilterTestData {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final PolicyEngine ENGINE = PolicyEngine.builder().executor(Runnable::run).build();

  private FilterTestData() {}

  /** A valid record line: no statements, revocable licence, no collectives. */
  static String record(String id, String contributor, String preference) {
    return node(id, contributor, preference).toString();
  }

  /** A valid record belonging to {@code collective} with one collective statement {@code collectiveTerms}. */
  static String collectiveRecord(String id, String contributor, String collective, String collectiveTerms) {
    ObjectNode n = node(id, contributor, "allow train, eval");
    ((ArrayNode) n.get("collectives")).add(collective);
    ObjectNode s = n.putArray("statements").addObject();
    s.put("by", "collective");
    s.put("collective", collective);
    s.put("terms", collectiveTerms);
    return n.toString();
  }

  static ObjectNode node(String id, String contributor, String preference) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("schemaVersion", 1);
    n.put("id", id);
    n.put("contributor", contributor);
    n.putArray("collectives");
    ObjectNode p = n.putObject("provenance");
    p.put("source", "flywheel.example/chat");
    p.put("method", "chat");
    p.put("created", "2026-03-01T12:00:00Z");
    n.put("licence", "LicenseRef-flywheel-contribution");
    n.putNull("released");
    n.put("preference", preference);
    n.putObject("tags").put("language", "en");
    return n;
  }

  static byte[] jsonl(List<String> lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Every line of a run over {@code lines}, and its ledger. */
  record Run(List<FilteredLine> lines, Ledger ledger) {}

  static Run run(RecordFilter filter, byte[] input) {
    List<FilteredLine> out = new ArrayList<>();
    try {
      Ledger ledger = filter.filter(new ByteArrayInputStream(input), out::add);
      return new Run(out, ledger);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RecordFilter filter(Request request) {
    return RecordFilter.builder(ENGINE).request(request).build();
  }
}
