package dev.flywheel.policy.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.records.StrictJsonReaders;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.conformance.CaseFile.DecisionTest;
import dev.flywheel.policy.conformance.CaseFile.ExpectedDecision;
import dev.flywheel.policy.conformance.CaseFile.ExpectedDiagnostic;
import dev.flywheel.policy.conformance.CaseFile.ExpectedDuty;
import dev.flywheel.policy.conformance.CaseFile.ExpectedParse;
import dev.flywheel.policy.conformance.CaseFile.Group;
import dev.flywheel.policy.conformance.CaseFile.ParseTest;
import dev.flywheel.policy.conformance.CaseFile.RegisterSubject;
import dev.flywheel.policy.conformance.CaseFile.VerifyTest;
import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.conformance.CaseFile.Test;
import dev.flywheel.policy.records.StrictUtf8;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one case file: strict JSON, then the schema, then the values the schema cannot check (instants, amounts).
 *
 * <p>A file with any problem yields no tests at all, so a typo in a case can never silently drop or weaken a test.
 * Thread-safe.
 */
public final class CaseFileReader {
  /** Case files larger than this are rejected before parsing. */
  public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private static final ObjectMapper MAPPER = StrictJsonReaders.mapper(
      StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build());

  /** Records in case files are checked as a flywheel server checks them, with the default limits. */
  private static final RecordValidator RECORDS = RecordValidator.withDefaults();

  /** What reading a file gave: a case file, or the reasons there is none. */
  public sealed interface Result permits Loaded, Invalid {
    /** The file read. */
    Path path();
  }

  /** A file that is well-formed and valid against the schema. */
  public record Loaded(CaseFile file) implements Result {
    @Override
    public Path path() {
      return file.path();
    }
  }

  /** A file that could not be used, with every problem found. */
  public record Invalid(Path path, List<Problem> problems) implements Result {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  /** Reads the file at {@code path}. Never throws for bad content; I/O failures become a problem too. */
  public Result read(Path path) {
    byte[] bytes;
    try {
      if (Files.size(path) > MAX_FILE_BYTES) {
        return new Invalid(path, List.of(new Problem("", "file is larger than " + MAX_FILE_BYTES + " bytes")));
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      return new Invalid(path, List.of(new Problem("", "cannot read file: " + e.getMessage())));
    }
    return StrictUtf8.decode(bytes).map(text -> read(path, text))
        .orElseGet(() -> new Invalid(path, List.of(new Problem("", "file is not valid UTF-8"))));
  }

  /** Reads case-file JSON {@code text}, reporting problems against {@code path}. */
  public Result read(Path path, String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      Problem problem = new Problem("", "not valid JSON: " + e.getOriginalMessage());
      if (e.getLocation() != null) {
        problem = problem.at(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
      }
      return new Invalid(path, List.of(problem));
    }
    if (root == null || root.isMissingNode()) {
      return new Invalid(path, List.of(new Problem("", "file is empty")));
    }
    List<Problem> problems = CaseSchema.get().check(text);
    if (!problems.isEmpty()) {
      return new Invalid(path, JsonLocations.of(text).locate(problems));
    }
    Mapper mapper = new Mapper();
    CaseFile file = mapper.file(path, root);
    return mapper.problems.isEmpty() ? new Loaded(file)
        : new Invalid(path, JsonLocations.of(text).locate(mapper.problems));
  }

  /** Maps a schema-valid tree to the typed form, collecting the problems the schema cannot see. */
  private static final class Mapper {
    final List<Problem> problems = new ArrayList<>();

    /** The statements of the file's statement files, added to every item of the file. */
    List<ItemTerms.CollectiveStatement> statements = List.of();

    /** The file's registers, by name. */
    final java.util.Map<String, RegisterCase> registers = new java.util.HashMap<>();

    CaseFile file(Path path, JsonNode root) {
      if (root.has("statements")) {
        List<String> names = new ArrayList<>();
        root.get("statements").forEach(n -> names.add(n.asText()));
        Path base = path.toAbsolutePath().getParent();
        statements = StatementFile.readAll(base, names, "/statements", problems);
      }
      JsonNode registersNode = root.path("registers");
      for (java.util.Iterator<String> names = registersNode.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        registers.put(name, register(name, registersNode.get(name), "/registers/" + name));
      }
      List<Group> groups = new ArrayList<>();
      JsonNode groupsNode = root.get("groups");
      for (int g = 0; g < groupsNode.size(); g++) {
        Group group = group(groupsNode.get(g), "/groups/" + g);
        if (group != null) {
          groups.add(group);
        }
      }
      return new CaseFile(path, root.get("description").asText(), groups);
    }

    Group group(JsonNode node, String at) {
      String terms = node.has("terms") ? node.get("terms").asText() : null;
      RegisterSubject register = null;
      ItemTerms item;
      if (node.has("register")) {
        RegisterCase spec = registers.get(node.get("register").asText());
        if (spec == null) {
          problems.add(new Problem(at + "/register", "no register of this name in \"registers\": "
              + node.get("register").asText()));
          return null;
        }
        ContributionRecord record = node.has("record") ? validRecord(node.get("record"), at + "/record") : null;
        if (node.has("record") && record == null) {
          return null;
        }
        byte[] json = record == null ? null : node.get("record").toString().getBytes(StandardCharsets.UTF_8);
        register = new RegisterSubject(spec, record, json, node.path("requireRelease").asBoolean(false));
        // The register replaces what statement files would add: a register group decides the record as the
        // register amends it, and nothing else.
        item = record == null ? null : record.toItemTerms();
      } else {
        item = node.has("item") ? item(node.get("item"), at + "/item")
            : node.has("record") ? record(node.get("record"), at + "/record") : null;
        if (item != null && !statements.isEmpty()) {
          item = withStatements(item, statements);
        }
      }
      DefaultDecision defaultDecision = DefaultDecision.DENY;
      if (node.has("engine") && node.get("engine").has("default")) {
        defaultDecision = DefaultDecision.valueOf(node.get("engine").get("default").asText().toUpperCase(Locale.ROOT));
      }
      List<Test> tests = new ArrayList<>();
      JsonNode testsNode = node.get("tests");
      Set<String> names = new LinkedHashSet<>();
      for (int t = 0; t < testsNode.size(); t++) {
        JsonNode testNode = testsNode.get(t);
        String path = at + "/tests/" + t;
        String description = testNode.get("description").asText();
        if (!names.add(description)) {
          problems.add(new Problem(path + "/description", "duplicate test description in this group: " + description));
        }
        if (testNode.has("parse")) {
          if (terms == null) {
            problems.add(new Problem(path + "/parse", "a parse test needs a group with \"terms\""));
            continue;
          }
          tests.add(new ParseTest(description, parse(testNode.get("parse"))));
        } else if (testNode.has("verify")) {
          if (register == null) {
            problems.add(new Problem(path + "/verify", "a verify test needs a group with a \"register\""));
            continue;
          }
          JsonNode v = testNode.get("verify");
          tests.add(new VerifyTest(description, new CaseFile.ExpectedVerify(v.get("valid").asBoolean(),
              text(v, "code"), optionalLong(v, "seq"), optionalLong(v, "entries"), optionalLong(v, "checkpointed"))));
        } else {
          if (register != null && register.record() == null) {
            problems.add(new Problem(path + "/request", "a decision test under a register needs the group's \"record\""));
            continue;
          }
          Request request = request(testNode.get("request"), path + "/request");
          ExpectedDecision expect = expectDecision(testNode.get("expect"), path + "/expect");
          if (expect != null && expect.register() != null && register == null) {
            problems.add(new Problem(path + "/expect/register", "register expectations need a group with a \"register\""));
          }
          if (request != null && expect != null) {
            tests.add(new DecisionTest(description, request, expect));
          }
        }
      }
      if (terms == null && item == null && register == null) {
        return null;
      }
      return new Group(node.get("description").asText(), terms, item, defaultDecision, tests, register);
    }

    ItemTerms item(JsonNode node, String at) {
      ItemTerms.Builder b = ItemTerms.builder();
      b.terms(text(node, "terms"));
      b.contributedAt(instant(node, "contributedAt", at));
      JsonNode shifts = node.path("preferenceShifts");
      for (int i = 0; i < shifts.size(); i++) {
        Instant effective = instant(shifts.get(i), "effective", at + "/preferenceShifts/" + i);
        if (effective != null) {
          b.preferenceShift(effective, shifts.get(i).get("terms").asText());
        }
      }
      JsonNode statements = node.path("collectiveStatements");
      for (int i = 0; i < statements.size(); i++) {
        JsonNode s = statements.get(i);
        String sAt = at + "/collectiveStatements/" + i;
        b.collectiveStatement(new ItemTerms.CollectiveStatement(
            s.get("collective").asText(),
            s.get("terms").asText(),
            instant(s, "effective", sAt),
            instant(s, "contributedFrom", sAt),
            instant(s, "contributedUntil", sAt),
            strings(s.path("tags"))));
      }
      b.stewardDefaults(text(node, "stewardDefaults"));
      b.collectives(strings(node.path("collectives")));
      b.tags(strings(node.path("tags")));
      b.licence(text(node, "licence"));
      b.releasedAt(instant(node, "releasedAt", at));
      return b.build();
    }

    /**
     * The layered terms of a contribution record, checked by the record validator as a flywheel server would check
     * it: an invalid record is a problem of the case file (a test of an item nobody could ingest would test nothing).
     */
    ItemTerms record(JsonNode node, String at) {
      ContributionRecord record = validRecord(node, at);
      return record == null ? null : record.toItemTerms();
    }

    ContributionRecord validRecord(JsonNode node, String at) {
      RecordResult result = RECORDS.validate(node);
      if (result.record().isEmpty()) {
        for (Diagnostic d : result.errors()) {
          String pointer = d.pointer() == null ? "" : d.pointer();
          problems.add(new Problem(at + pointer, "invalid record: " + d.code().id() + ": " + d.message()));
        }
        return null;
      }
      return result.record().get();
    }

    /** A register section: its entries, checkpoint and faults, with instants checked. */
    RegisterCase register(String name, JsonNode node, String at) {
      List<RegisterCase.Entry> entries = new ArrayList<>();
      JsonNode list = node.get("entries");
      for (int i = 0; i < list.size(); i++) {
        JsonNode e = list.get(i);
        String eAt = at + "/entries/" + i;
        String kind = e.get("kind").asText();
        String issuer = text(e, "issuer");
        if (issuer == null) {
          issuer = kind.equals("admit") || kind.equals("retire") ? "operator" : "steward";
        }
        Instant issuedAt = instant(e, "issuedAt", eAt);
        List<byte[]> records = new ArrayList<>();
        JsonNode released = e.path("records");
        for (int r = 0; r < released.size(); r++) {
          JsonNode rec = released.get(r);
          // A string is the record's exact line (to show that reformatting keeps the digest); an object is a record.
          String line = rec.isTextual() ? rec.asText() : rec.toString();
          JsonNode parsed;
          try {
            parsed = MAPPER.readTree(line);
          } catch (JsonProcessingException ex) {
            problems.add(new Problem(eAt + "/records/" + r, "not a JSON record: " + ex.getOriginalMessage()));
            continue;
          }
          if (validRecord(parsed, eAt + "/records/" + r) != null) {
            records.add(line.getBytes(StandardCharsets.UTF_8));
          }
        }
        List<Long> supersedes = new ArrayList<>();
        e.path("supersedes").forEach(n -> supersedes.add(n.asLong()));
        JsonNode scope = e.path("scope");
        if (issuedAt != null) {
          entries.add(new RegisterCase.Entry(kind, optionalLong(e, "seq"), issuer, issuedAt, text(e, "signedBy"),
              text(e, "subject"), text(e, "key"), instant(e, "effective", eAt), text(e, "terms"),
              scope.isObject() ? instant(scope, "contributedFrom", eAt + "/scope") : null,
              scope.isObject() ? instant(scope, "contributedUntil", eAt + "/scope") : null,
              scope.isObject() ? List.copyOf(strings(scope.path("tags"))) : List.of(),
              supersedes, List.copyOf(strings(e.path("members"))), List.copyOf(strings(e.path("items"))),
              List.copyOf(strings(e.path("contributors"))), text(e, "release"), records));
        }
      }
      RegisterCase.CheckpointSpec checkpoint = RegisterCase.CheckpointSpec.WHOLE_LOG;
      if (node.has("checkpoint")) {
        JsonNode c = node.get("checkpoint");
        Integer size = c.has("size") ? c.get("size").asInt() : null;
        if (size != null && size > list.size()) {
          problems.add(new Problem(at + "/checkpoint/size", "the checkpoint cannot cover more entries than listed"));
          size = null;
        }
        checkpoint = new RegisterCase.CheckpointSpec(size,
            c.has("signedBy") ? c.get("signedBy").asText() : RegisterCase.OPERATOR_KEY);
      }
      List<RegisterCase.Fault> faults = new ArrayList<>();
      for (JsonNode f : node.path("faults")) {
        faults.add(new RegisterCase.Fault(f.get("fault").asText(),
            f.has("seq") ? f.get("seq").asInt() : null, text(f, "release")));
      }
      return new RegisterCase(name, entries, checkpoint, faults);
    }

    static Long optionalLong(JsonNode node, String field) {
      return node.has(field) && !node.get(field).isNull() ? node.get(field).asLong() : null;
    }

    static ItemTerms withStatements(ItemTerms item, List<ItemTerms.CollectiveStatement> extra) {
      List<ItemTerms.CollectiveStatement> all = new ArrayList<>(item.collectiveStatements());
      all.addAll(extra);
      return new ItemTerms(item.terms(), item.contributedAt(), item.preferenceShifts(), all, item.stewardDefaults(),
          item.collectives(), item.tags(), item.licence(), item.releasedAt());
    }

    Request request(JsonNode node, String at) {
      Purpose purpose = Purpose.fromWord(node.get("purpose").asText()).orElseThrow();
      Set<Fact> facts = EnumSet.noneOf(Fact.class);
      for (JsonNode f : node.path("facts")) {
        facts.add(Fact.fromWord(f.asText()).orElseThrow());
      }
      Set<ObligationType> honoured = EnumSet.noneOf(ObligationType.class);
      for (JsonNode h : node.path("honour")) {
        honoured.add(ObligationType.fromWord(h.asText()).orElseThrow());
      }
      Instant when = instant(node, "at", at);
      return when == null ? null : new Request(purpose, facts, when, honoured);
    }

    ExpectedDecision expectDecision(JsonNode node, String at) {
      List<ExpectedDuty> duties = new ArrayList<>();
      JsonNode obligations = node.path("obligations");
      for (int i = 0; i < obligations.size(); i++) {
        JsonNode d = obligations.get(i);
        BigDecimal amount = null;
        if (d.has("amount")) {
          try {
            amount = new BigDecimal(d.get("amount").asText());
          } catch (NumberFormatException e) {
            problems.add(new Problem(at + "/obligations/" + i + "/amount", "not a decimal number"));
          }
        }
        duties.add(new ExpectedDuty(d.get("type").asText(), text(d, "collective"), amount, text(d, "currency"),
            d.path("limit").asLong(0), text(d, "period"), text(d, "scope")));
      }
      String decision = node.get("decision").asText();
      if (decision.equals("obligation") != !duties.isEmpty()) {
        problems.add(new Problem(at + "/obligations",
            "an obligation lists at least one duty, and only an obligation lists duties"));
      }
      return new ExpectedDecision(decision, duties, node.get("basis").asText(),
          node.has("allowed") ? node.get("allowed").asBoolean() : null,
          optionalStrings(node, "wouldAllowWith"), optionalStrings(node, "errorCodes"),
          optionalStrings(node, "reasonLayers"), expectRegister(node.get("register")));
    }

    static CaseFile.ExpectedRegister expectRegister(JsonNode node) {
      if (node == null) {
        return null;
      }
      return new CaseFile.ExpectedRegister(text(node, "effect"), optionalLong(node, "entry"),
          node.has("embeddedIgnored") ? node.get("embeddedIgnored").asInt() : null,
          node.has("matchedRelease") ? node.get("matchedRelease").asBoolean() : null);
    }

    ExpectedParse parse(JsonNode node) {
      List<ExpectedDiagnostic> diagnostics = new ArrayList<>();
      for (JsonNode d : node.path("diagnostics")) {
        diagnostics.add(new ExpectedDiagnostic(d.get("code").asText(),
            d.path("line").isInt() ? d.get("line").asInt() : null,
            d.path("column").isInt() ? d.get("column").asInt() : null,
            text(d, "helpContains")));
      }
      return new ExpectedParse(node.get("valid").asBoolean(), text(node, "canonical"), diagnostics);
    }

    Instant instant(JsonNode node, String field, String at) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      try {
        return OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        problems.add(new Problem(at + "/" + field, "not an RFC 3339 instant with offset: " + value.asText()));
        return null;
      }
    }

    static String text(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : value.asText();
    }

    static Set<String> strings(JsonNode array) {
      Set<String> out = new LinkedHashSet<>();
      for (JsonNode v : array) {
        out.add(v.asText());
      }
      return out;
    }

    static List<String> optionalStrings(JsonNode node, String field) {
      if (!node.has(field)) {
        return null;
      }
      List<String> out = new ArrayList<>();
      for (JsonNode v : node.get(field)) {
        out.add(v.asText());
      }
      return out;
    }
  }
}
