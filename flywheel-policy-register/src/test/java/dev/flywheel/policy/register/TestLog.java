package dev.flywheel.policy.register;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A verified log for tests, written entry by entry through the register's entry model, as verification hands it to
 * {@link Register#of}; and records built from one honest base.
 */
final class TestLog {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final RecordValidator VALIDATOR = RecordValidator.withDefaults();
  private static final String ZERO_ROOT = "0".repeat(64);

  private final List<RegisterEntry> entries = new ArrayList<>();
  private final java.util.Set<Long> revoked = new java.util.HashSet<>();

  long next() {
    return entries.size();
  }

  long admit(String subject, String issuedAt) {
    long seq = next();
    entries.add(new RegisterEntry.Admit(seq, RegisterEntry.OPERATOR, Instant.parse(issuedAt), subject,
        "key-of-" + subject, "id-of-" + subject));
    return seq;
  }

  long statement(String collective, String issuedAt, String terms, String effective, Long... supersedes) {
    return statement(collective, issuedAt, terms, effective, RegisterEntry.Scope.ALL, supersedes);
  }

  long statement(String collective, String issuedAt, String terms, String effective, RegisterEntry.Scope scope,
      Long... supersedes) {
    long seq = next();
    entries.add(new RegisterEntry.Statement(seq, collective, Instant.parse(issuedAt), terms,
        effective == null ? null : Instant.parse(effective), scope, List.of(supersedes)));
    return seq;
  }

  long roster(String collective, String issuedAt, String effective, String... members) {
    long seq = next();
    entries.add(new RegisterEntry.Roster(seq, collective, Instant.parse(issuedAt), Instant.parse(effective),
        List.of(members)));
    return seq;
  }

  long withdraw(String issuer, String issuedAt, String effective, List<String> items, List<String> contributors) {
    long seq = next();
    entries.add(new RegisterEntry.Withdrawal(seq, issuer, Instant.parse(issuedAt), Instant.parse(effective), items,
        contributors));
    return seq;
  }

  long release(String id, String issuedAt, List<String> digests) {
    long seq = next();
    entries.add(new RegisterEntry.Release(seq, RegisterEntry.STEWARD, Instant.parse(issuedAt), id, digests.size(),
        ZERO_ROOT, ZERO_ROOT, digests));
    return seq;
  }

  void revoke(long seq) {
    revoked.add(seq);
  }

  VerifiedLog log() {
    return new VerifiedLog(entries, new Checkpoint(entries.size(), ZERO_ROOT), Set.copyOf(revoked));
  }

  Register register() {
    return Register.of(log());
  }

  /** Contributor c-1 of masakhane, terms {@code allow train, eval}, masakhane's embargo embedded. */
  static ObjectNode honest() {
    try {
      return (ObjectNode) MAPPER.readTree("""
          {"schemaVersion": 1, "id": "rec-1", "contributor": "c-1",
           "collectives": ["masakhane"],
           "provenance": {"source": "flywheel.example/chat", "method": "chat", "created": "2026-03-01T12:00:00Z"},
           "licence": "LicenseRef-flywheel-contribution", "released": null,
           "preference": "allow train, eval",
           "statements": [{"by": "collective", "collective": "masakhane", "terms": "deny train until 2027-01-01"}],
           "tags": {"language": "yo", "kind": "text"}}
          """);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static ObjectNode edit(ObjectNode node, Consumer<ObjectNode> change) {
    ObjectNode copy = node.deepCopy();
    change.accept(copy);
    return copy;
  }

  static ArrayNode statements(ObjectNode node) {
    return (ArrayNode) node.get("statements");
  }

  static byte[] bytes(ObjectNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  static ContributionRecord record(ObjectNode node) {
    RecordResult result = VALIDATOR.validate(bytes(node));
    return result.record().orElseThrow(() -> new AssertionError("invalid test record: " + result.diagnostics()));
  }
}
