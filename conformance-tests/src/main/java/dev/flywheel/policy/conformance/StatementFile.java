package dev.flywheel.policy.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.records.StrictJsonReaders;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.records.StrictUtf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A collective's statement in a file of its own ({@code NAME.statement.json}), the shape a contribution record's
 * collective statement has, minus {@code by} (docs/RECORDS.md), and the payload of a register's {@code statement}
 * entry:
 *
 * <pre>{"collective": "egbe-yoruba", "termsFile": "yoruba-embargo.terms", "effective": "2026-01-01T00:00:00Z",
 *  "scope": {"contributedFrom": null, "contributedUntil": null, "tags": ["language:yo"]}}</pre>
 *
 * <p>The terms are given either as {@code terms} (the text) or as {@code termsFile}, a terms file (docs/LANGUAGE.md,
 * comments allowed) named relative to the statement file. {@code effective} and the scope's fields are optional
 * (absent or {@code null}: no bound). Unknown fields, duplicate keys and trailing content are errors, as in records.
 * The terms are not parsed here: a statement with invalid terms decides as any invalid layer does (deny, basis error).
 */
public final class StatementFile {
  /** Statement files and terms files larger than this are rejected before reading. */
  public static final long MAX_FILE_BYTES = 64 * 1024;

  private static final Set<String> FIELDS = Set.of("collective", "terms", "termsFile", "effective", "scope");
  private static final Set<String> SCOPE_FIELDS = Set.of("contributedFrom", "contributedUntil", "tags");

  private static final ObjectMapper MAPPER = StrictJsonReaders.mapper(
      StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1 << 16).build());

  private StatementFile() {}

  /**
   * Reads the statement file at {@code path}.
   *
   * @param path the statement file
   * @param problems where each problem is added, its pointer naming the field within the statement file and its
   *     message the file
   * @return the statement, or {@code null} when any problem was found
   */
  public static ItemTerms.CollectiveStatement read(Path path, List<Problem> problems) {
    int before = problems.size();
    String text = readText(path, problems);
    if (text == null) {
      return null;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      Problem p = new Problem("", path + ": not valid JSON: " + e.getOriginalMessage());
      problems.add(e.getLocation() == null ? p : p.at(e.getLocation().getLineNr(), e.getLocation().getColumnNr()));
      return null;
    }
    if (root == null || !root.isObject()) {
      problems.add(new Problem("", path + ": a statement file holds one JSON object"));
      return null;
    }
    unknownFields(path, root, FIELDS, "", problems);
    String collective = root.path("collective").isTextual() ? root.get("collective").asText() : null;
    if (collective == null || collective.isEmpty()) {
      problems.add(new Problem("/collective", path + ": \"collective\" is required: the collective's name"));
    }
    String terms = null;
    if (root.has("terms") == root.has("termsFile")) {
      problems.add(new Problem("", path + ": give the terms once, as \"terms\" or as \"termsFile\""));
    } else if (root.has("terms")) {
      terms = textual(path, root, "terms", "", problems);
    } else {
      String file = textual(path, root, "termsFile", "", problems);
      if (file != null) {
        Path termsPath = path.toAbsolutePath().getParent().resolve(file);
        terms = readText(termsPath, problems);
      }
    }
    Instant effective = instant(path, root, "effective", "", problems);
    JsonNode scope = root.path("scope");
    Instant from = null;
    Instant until = null;
    Set<String> tags = new LinkedHashSet<>();
    if (!scope.isMissingNode() && !scope.isNull()) {
      if (!scope.isObject()) {
        problems.add(new Problem("/scope", path + ": \"scope\" is an object"));
      } else {
        unknownFields(path, scope, SCOPE_FIELDS, "/scope", problems);
        from = instant(path, scope, "contributedFrom", "/scope", problems);
        until = instant(path, scope, "contributedUntil", "/scope", problems);
        if (from != null && until != null && !from.isBefore(until)) {
          problems.add(new Problem("/scope/contributedUntil", path + ": contributedUntil is not after contributedFrom"));
        }
        JsonNode tagNode = scope.path("tags");
        if (!tagNode.isMissingNode() && !tagNode.isNull()) {
          if (!tagNode.isArray() || tagNode.size() > 64) {
            problems.add(new Problem("/scope/tags", path + ": \"tags\" is an array of at most 64 key:value tags"));
          } else {
            for (int i = 0; i < tagNode.size(); i++) {
              JsonNode tag = tagNode.get(i);
              if (!tag.isTextual() || !tag.asText().matches("[a-z]{1,16}:[^\\s]{1,64}") || !tags.add(tag.asText())) {
                problems.add(new Problem("/scope/tags/" + i, path + ": a tag is a distinct 'key:value' string"));
              }
            }
          }
        }
      }
    }
    if (problems.size() > before || collective == null || terms == null) {
      return null;
    }
    return new ItemTerms.CollectiveStatement(collective, terms, effective, from, until, tags);
  }

  private static String readText(Path path, List<Problem> problems) {
    try {
      if (Files.size(path) > MAX_FILE_BYTES) {
        problems.add(new Problem("", path + ": larger than " + MAX_FILE_BYTES + " bytes"));
        return null;
      }
      String text = StrictUtf8.decode(Files.readAllBytes(path)).orElse(null);
      if (text == null) {
        problems.add(new Problem("", path + ": not valid UTF-8"));
      }
      return text;
    } catch (IOException e) {
      problems.add(new Problem("", path + ": cannot read: " + e.getMessage()));
    }
    return null;
  }

  private static void unknownFields(Path path, JsonNode node, Set<String> known, String at, List<Problem> problems) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(new Problem(at + "/" + name, path + ": unknown field \"" + name + "\"; expected one of "
            + new java.util.TreeSet<>(known)));
      }
    }
  }

  private static String textual(Path path, JsonNode node, String field, String at, List<Problem> problems) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      problems.add(new Problem(at + "/" + field, path + ": \"" + field + "\" is a non-empty string"));
      return null;
    }
    return value.asText();
  }

  private static Instant instant(Path path, JsonNode node, String field, String at, List<Problem> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      if (!value.isTextual()) {
        throw new DateTimeParseException("not a string", value.toString(), 0);
      }
      return OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(new Problem(at + "/" + field, path + ": not an RFC 3339 instant with offset: " + value));
      return null;
    }
  }

  /** The statements of {@code paths}, each relative to {@code base}, in order; problems added for the others. */
  static List<ItemTerms.CollectiveStatement> readAll(Path base, List<String> paths, String at,
      List<Problem> problems) {
    List<ItemTerms.CollectiveStatement> statements = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      List<Problem> own = new ArrayList<>();
      ItemTerms.CollectiveStatement s = read(base.resolve(paths.get(i)), own);
      // Problems inside a statement file are reported at the case file's reference to it.
      for (Problem p : own) {
        problems.add(new Problem(at + "/" + i, p.message() + (p.pointer().isEmpty() ? "" : " (at " + p.pointer() + ")")
            + (p.line() == null ? "" : " (line " + p.line() + ", column " + p.column() + " of that file)")));
      }
      if (s != null) {
        statements.add(s);
      }
    }
    return statements;
  }
}
