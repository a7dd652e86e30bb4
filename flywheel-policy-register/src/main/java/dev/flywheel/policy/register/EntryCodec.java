package dev.flywheel.policy.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.grammar.NameRules;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON form of entry payloads (docs/REGISTER.md section 2): writing an entry in its one field order, and reading
 * a payload strictly into an entry or a coded error. Reading checks what one payload can show on its own (fields,
 * types, formats, lengths, counts); what depends on the rest of the log (seq, keys, supersedes, terms) is
 * {@link RegisterLog}'s.
 */
final class EntryCodec {
  /** The payload type of register entries. */
  static final String PAYLOAD_TYPE = "application/vnd.flywheel-policy.register+json";

  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
  private static final Pattern RELEASE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TAG = Pattern.compile("(language|domain|kind|scarcity):[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_TAGS = 64;

  private static final Map<String, Set<String>> FIELDS = Map.of(
      "admit", Set.of("subject", "publicKey", "keyid"),
      "retire", Set.of("subject", "keyid", "effective"),
      "statement", Set.of("terms", "effective", "scope", "supersedes"),
      "roster", Set.of("effective", "members"),
      "withdrawal", Set.of("effective", "items", "contributors"),
      "release", Set.of("release", "records", "digest", "root"));
  private static final Set<String> COMMON = Set.of("seq", "kind", "issuer", "issuedAt");
  private static final Set<String> OPTIONAL = Set.of("effective", "scope", "supersedes", "items", "contributors");

  private final RegisterLimits limits;
  private final StrictJson json;

  EntryCodec(RegisterLimits limits) {
    this.limits = limits;
    this.json = new StrictJson(limits.maxNestingDepth(), Math.max(limits.maxFieldChars(), 1));
  }

  /** A decoded entry, or the first fault of the payload. */
  sealed interface Decoded permits Ok, Fault {
  }

  record Ok(RegisterEntry entry) implements Decoded {
  }

  record Fault(String code, String message) implements Decoded {
  }

  /** Thrown inside decoding only, caught in {@link #decode}: the first fault found. */
  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    Bad(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  Decoded decode(byte[] payload) {
    StrictJson.Result parsed = json.read(payload);
    if (parsed instanceof StrictJson.Error e) {
      return new Fault(e.code(), "payload: " + e.message());
    }
    try {
      return new Ok(entry(((StrictJson.Tree) parsed).node()));
    } catch (Bad bad) {
      return new Fault(bad.code, bad.getMessage());
    }
  }

  private RegisterEntry entry(JsonNode node) throws Bad {
    if (!node.isObject()) {
      throw new Bad("invalid-entry", "the payload is not a JSON object");
    }
    String kind = text(node, "kind", 32);
    Set<String> own = FIELDS.get(kind);
    if (own == null) {
      throw new Bad("unknown-kind", "unknown entry kind '" + kind + "'");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!COMMON.contains(name) && !own.contains(name)) {
        throw new Bad("unknown-field", "unknown field '" + name + "' in a " + kind + " entry");
      }
    }
    for (String name : own) {
      if (!node.has(name) && !OPTIONAL.contains(name)) {
        throw new Bad("missing-field", "a " + kind + " entry needs '" + name + "'");
      }
    }
    long seq = integer(node, "seq");
    String issuer = text(node, "issuer", limits.maxIdChars());
    Instant issuedAt = time(node, "issuedAt");
    switch (kind) {
      case "admit" -> {
        requireIssuer(issuer, RegisterEntry.OPERATOR, kind);
        String subject = subject(node);
        String publicKey = text(node, "publicKey", limits.maxFieldChars());
        String keyid = hex(node, "keyid");
        byte[] der;
        try {
          der = java.util.Base64.getDecoder().decode(publicKey);
        } catch (IllegalArgumentException e) {
          throw new Bad("invalid-key", "publicKey is not base64");
        }
        var key = Keys.publicKey(der);
        if (key.isEmpty()) {
          throw new Bad("invalid-key", "publicKey is not an Ed25519 SubjectPublicKeyInfo");
        }
        if (!Keys.keyId(key.get()).equals(keyid)) {
          throw new Bad("invalid-key", "keyid is not the SHA-256 of the public key");
        }
        return new RegisterEntry.Admit(seq, issuer, issuedAt, subject, publicKey, keyid);
      }
      case "retire" -> {
        requireIssuer(issuer, RegisterEntry.OPERATOR, kind);
        return new RegisterEntry.Retire(seq, issuer, issuedAt, subject(node), hex(node, "keyid"),
            time(node, "effective"));
      }
      case "statement" -> {
        collective(issuer);
        String terms = text(node, "terms", limits.maxFieldChars());
        Instant effective = optionalTime(node, "effective");
        RegisterEntry.Scope scope = scope(node.get("scope"));
        List<Long> supersedes = new ArrayList<>();
        JsonNode list = node.get("supersedes");
        if (list != null && !list.isNull()) {
          array(list, "supersedes", limits.maxSupersedes(), "field-too-long");
          for (JsonNode s : list) {
            if (!s.isIntegralNumber() || !s.canConvertToLong() || s.longValue() < 0) {
              throw new Bad("invalid-entry", "supersedes lists seq numbers (integers from 0)");
            }
            supersedes.add(s.longValue());
          }
        }
        return new RegisterEntry.Statement(seq, issuer, issuedAt, terms, effective, scope, supersedes);
      }
      case "roster" -> {
        collective(issuer);
        List<String> members = ids(node.get("members"), "members", limits.maxRosterMembers(), "roster-too-large");
        return new RegisterEntry.Roster(seq, issuer, issuedAt, time(node, "effective"), members);
      }
      case "withdrawal" -> {
        if (!issuer.equals(RegisterEntry.STEWARD)) {
          collective(issuer);
        }
        List<String> items = ids(node.get("items"), "items", limits.maxWithdrawalItems(), "withdrawal-too-large");
        List<String> contributors = ids(node.get("contributors"), "contributors", limits.maxWithdrawalItems(),
            "withdrawal-too-large");
        if ((long) items.size() + contributors.size() > limits.maxWithdrawalItems()) {
          throw new Bad("withdrawal-too-large", "a withdrawal lists more than " + limits.maxWithdrawalItems()
              + " items and contributors");
        }
        if (items.isEmpty() && contributors.isEmpty()) {
          throw new Bad("invalid-entry", "a withdrawal lists at least one item or contributor");
        }
        return new RegisterEntry.Withdrawal(seq, issuer, issuedAt, time(node, "effective"), items, contributors);
      }
      case "release" -> {
        requireIssuer(issuer, RegisterEntry.STEWARD, kind);
        String release = text(node, "release", limits.maxIdChars());
        if (!RELEASE_ID.matcher(release).matches()) {
          throw new Bad("invalid-entry", "a release id is [A-Za-z0-9][A-Za-z0-9._-]*");
        }
        long records = integer(node, "records");
        if (records > limits.maxReleaseDigests()) {
          throw new Bad("release-too-large", "a release of " + records + " records is past the limit of "
              + limits.maxReleaseDigests());
        }
        return new RegisterEntry.Release(seq, issuer, issuedAt, release, records, hex(node, "digest"),
            hex(node, "root"), List.of());
      }
      default -> throw new Bad("unknown-kind", "unknown entry kind '" + kind + "'");
    }
  }

  private void requireIssuer(String issuer, String expected, String kind) throws Bad {
    if (!issuer.equals(expected)) {
      throw new Bad("wrong-issuer", "a " + kind + " entry is issued by '" + expected + "', not '" + issuer + "'");
    }
  }

  private String subject(JsonNode node) throws Bad {
    String subject = text(node, "subject", limits.maxIdChars());
    if (!subject.equals(RegisterEntry.STEWARD)) {
      collective(subject);
    }
    return subject;
  }

  /** A collective's name: the rules of names in terms, and not one of the two reserved issuers. */
  private void collective(String name) throws Bad {
    if (name.equals(RegisterEntry.OPERATOR) || name.equals(RegisterEntry.STEWARD)) {
      throw new Bad("wrong-issuer", "'" + name + "' is reserved and cannot be a collective");
    }
    var problems = NameRules.check(name, limits.maxIdChars());
    if (!problems.isEmpty()) {
      throw new Bad("invalid-name", "'" + name + "' is not a valid collective name: " + problems.get(0).message());
    }
  }

  private RegisterEntry.Scope scope(JsonNode scope) throws Bad {
    if (scope == null || scope.isNull()) {
      return RegisterEntry.Scope.ALL;
    }
    if (!scope.isObject()) {
      throw new Bad("invalid-entry", "scope is an object");
    }
    for (Iterator<String> names = scope.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!Set.of("contributedFrom", "contributedUntil", "tags").contains(name)) {
        throw new Bad("unknown-field", "unknown field '" + name + "' in a scope");
      }
    }
    Instant from = optionalTime(scope, "contributedFrom");
    Instant until = optionalTime(scope, "contributedUntil");
    if (from != null && until != null && !from.isBefore(until)) {
      throw new Bad("empty-time-window", "the scope's contributedFrom is not before its contributedUntil");
    }
    List<String> tags = new ArrayList<>();
    JsonNode list = scope.get("tags");
    if (list != null && !list.isNull()) {
      array(list, "tags", MAX_TAGS, "field-too-long");
      Set<String> seen = new HashSet<>();
      for (JsonNode t : list) {
        if (!t.isTextual() || !TAG.matcher(t.textValue()).matches()) {
          throw new Bad("invalid-entry", "a scope tag is key:value, key one of language, domain, kind, scarcity");
        }
        if (!seen.add(t.textValue())) {
          throw new Bad("invalid-entry", "the scope tag '" + t.textValue() + "' is listed twice");
        }
        tags.add(t.textValue());
      }
    }
    return new RegisterEntry.Scope(from, until, tags);
  }

  private List<String> ids(JsonNode list, String field, int max, String tooLarge) throws Bad {
    if (list == null || list.isNull()) {
      if (field.equals("members")) {
        throw new Bad("missing-field", "a roster needs 'members'");
      }
      return List.of();
    }
    array(list, field, max, tooLarge);
    List<String> ids = new ArrayList<>(list.size());
    Set<String> seen = new HashSet<>(list.size() * 2);
    for (JsonNode id : list) {
      if (!id.isTextual() || id.textValue().length() > limits.maxIdChars()
          || !ID.matcher(id.textValue()).matches()) {
        throw new Bad("invalid-entry", field + " holds identifiers of 1-" + limits.maxIdChars()
            + " characters [A-Za-z0-9][A-Za-z0-9._:-]*");
      }
      if (!seen.add(id.textValue())) {
        throw new Bad("duplicate-id", field + " lists '" + id.textValue() + "' twice");
      }
      ids.add(id.textValue());
    }
    return ids;
  }

  private static void array(JsonNode list, String field, int max, String tooLarge) throws Bad {
    if (!list.isArray()) {
      throw new Bad("invalid-entry", field + " is an array");
    }
    if (list.size() > max) {
      throw new Bad(tooLarge, field + " lists " + list.size() + ", past the limit of " + max);
    }
  }

  private static String text(JsonNode node, String field, int maxChars) throws Bad {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new Bad("missing-field", "'" + field + "' is required");
    }
    if (!value.isTextual()) {
      throw new Bad("invalid-entry", "'" + field + "' is a string");
    }
    if (value.textValue().length() > maxChars) {
      throw new Bad("field-too-long", "'" + field + "' is longer than " + maxChars + " characters");
    }
    if (value.textValue().isEmpty()) {
      throw new Bad("invalid-entry", "'" + field + "' is empty");
    }
    return value.textValue();
  }

  private static String hex(JsonNode node, String field) throws Bad {
    String value = text(node, field, 64);
    if (!HEX64.matcher(value).matches()) {
      throw new Bad("invalid-entry", "'" + field + "' is 64 lower-case hex digits");
    }
    return value;
  }

  private static long integer(JsonNode node, String field) throws Bad {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new Bad("missing-field", "'" + field + "' is required");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw new Bad("invalid-entry", "'" + field + "' is an integer from 0");
    }
    return value.longValue();
  }

  private static Instant time(JsonNode node, String field) throws Bad {
    Instant t = optionalTime(node, field);
    if (t == null) {
      throw new Bad("missing-field", "'" + field + "' is required");
    }
    return t;
  }

  private static Instant optionalTime(JsonNode node, String field) throws Bad {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.textValue().length() > 35) {
      throw new Bad("invalid-time", "'" + field + "' is an RFC 3339 time with an offset");
    }
    try {
      return OffsetDateTime.parse(value.textValue()).toInstant();
    } catch (DateTimeException e) {
      throw new Bad("invalid-time", "'" + field + "' is not an RFC 3339 time with an offset: " + value.textValue());
    }
  }

  /** The payload bytes of an entry: compact JSON, the common fields then the kind's, in the order of REGISTER.md. */
  static byte[] encode(RegisterEntry entry) {
    ObjectNode node = WRITER.createObjectNode();
    node.put("seq", entry.seq());
    node.put("kind", entry.kind());
    node.put("issuer", entry.issuer());
    node.put("issuedAt", entry.issuedAt().toString());
    if (entry instanceof RegisterEntry.Admit a) {
      node.put("subject", a.subject());
      node.put("publicKey", a.publicKey());
      node.put("keyid", a.keyid());
    } else if (entry instanceof RegisterEntry.Retire r) {
      node.put("subject", r.subject());
      node.put("keyid", r.keyid());
      node.put("effective", r.effective().toString());
    } else if (entry instanceof RegisterEntry.Statement s) {
      node.put("terms", s.terms());
      putTime(node, "effective", s.effective());
      ObjectNode scope = node.putObject("scope");
      putTime(scope, "contributedFrom", s.scope().contributedFrom());
      putTime(scope, "contributedUntil", s.scope().contributedUntil());
      ArrayNode tags = scope.putArray("tags");
      s.scope().tags().forEach(tags::add);
      ArrayNode supersedes = node.putArray("supersedes");
      s.supersedes().forEach(supersedes::add);
    } else if (entry instanceof RegisterEntry.Roster r) {
      node.put("effective", r.effective().toString());
      ArrayNode members = node.putArray("members");
      r.members().forEach(members::add);
    } else if (entry instanceof RegisterEntry.Withdrawal w) {
      node.put("effective", w.effective().toString());
      ArrayNode items = node.putArray("items");
      w.items().forEach(items::add);
      ArrayNode contributors = node.putArray("contributors");
      w.contributors().forEach(contributors::add);
    } else if (entry instanceof RegisterEntry.Release r) {
      node.put("release", r.release());
      node.put("records", r.records());
      node.put("digest", r.digest());
      node.put("root", r.root());
    }
    try {
      return WRITER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static void putTime(ObjectNode node, String field, Instant time) {
    if (time == null) {
      node.putNull(field);
    } else {
      node.put(field, time.toString());
    }
  }
}
