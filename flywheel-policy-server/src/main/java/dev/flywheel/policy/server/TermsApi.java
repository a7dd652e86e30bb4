package dev.flywheel.policy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flywheel.policy.Decision;
import dev.flywheel.policy.DefaultDecision;
import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.grammar.TermsParser;
import dev.flywheel.policy.interop.ExportFormat;
import dev.flywheel.policy.interop.ExportResult;
import dev.flywheel.policy.interop.ImportFormat;
import dev.flywheel.policy.interop.ImportOptions;
import dev.flywheel.policy.interop.ImportResult;
import dev.flywheel.policy.interop.Interop;
import dev.flywheel.policy.json.DecisionJson;
import dev.flywheel.policy.json.SignalJson;
import dev.flywheel.policy.json.ValidationJson;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.terms.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON operations behind the terms endpoints, from a parsed request body to the response body, with no HTTP in
 * sight. Bad fields are an {@link ApiError} (thrown as {@link ApiError.Failure}); bad terms are a normal answer
 * (diagnostics, or a deny), as on the command line.
 *
 * <p>Validation answers are cached as their serialised bytes per terms text (bounded in entries and bytes), so that a
 * flywheel checking the same few preference strings at ingest pays a map look-up. Thread-safe.
 */
final class TermsApi {
  /** Terms in one {@code POST /v1/validate} or {@code /v1/fmt} array, at most. */
  static final int MAX_TERMS_PER_REQUEST = 1000;

  private final ObjectMapper mapper;
  private final Clock clock;
  private final TermsParser parser = TermsParser.withDefaults();
  private final PolicyEngine denyByDefault;
  private final PolicyEngine allowByDefault;
  private final RecordValidator validator;
  private final Cache<String, byte[]> validations = Caffeine.newBuilder()
      .maximumWeight(32L << 20)
      .<String, byte[]>weigher((terms, bytes) -> 2 * terms.length() + bytes.length + 64)
      .build();

  TermsApi(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
    this.denyByDefault = PolicyEngine.builder().defaultDecision(DefaultDecision.DENY).build();
    this.allowByDefault = PolicyEngine.builder().defaultDecision(DefaultDecision.ALLOW).build();
    this.validator = RecordValidator.create(dev.flywheel.policy.records.RecordLimits.DEFAULTS, denyByDefault);
  }

  /** {@code POST /v1/validate}: the validation object for a string, an array of them for an array. */
  byte[] validate(JsonNode body) {
    JsonNode terms = termsField(body);
    if (terms.isTextual()) {
      return validationBytes(terms.textValue());
    }
    // An array: splice the cached bytes of each element into one JSON array.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < terms.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(validationBytes(terms.get(i).textValue()));
    }
    out.write(']');
    return out.toByteArray();
  }

  /** {@code POST /v1/fmt}: as validate; the canonical form is the answer's {@code canonical}. */
  byte[] fmt(JsonNode body) {
    return validate(body);
  }

  private byte[] validationBytes(String terms) {
    return validations.get(terms, t -> write(ValidationJson.toJson(parse(t), t)));
  }

  private ParseResult parse(String terms) {
    return parser.parse(terms);
  }

  /** The {@code terms} field: a string, or a non-empty array of at most {@link #MAX_TERMS_PER_REQUEST} strings. */
  private static JsonNode termsField(JsonNode body) {
    JsonNode terms = object(body).get("terms");
    if (terms == null || terms.isNull()) {
      throw ApiError.at("/terms", "missing-field", "the body needs \"terms\": a string or an array of strings")
          .fail();
    }
    if (terms.isArray()) {
      if (terms.isEmpty() || terms.size() > MAX_TERMS_PER_REQUEST) {
        throw ApiError.at("/terms", "bad-field", "\"terms\" must hold 1 to " + MAX_TERMS_PER_REQUEST + " strings")
            .fail();
      }
      for (int i = 0; i < terms.size(); i++) {
        if (!terms.get(i).isTextual()) {
          throw ApiError.at("/terms/" + i, "bad-field", "each element of \"terms\" must be a string").fail();
        }
      }
      return terms;
    }
    if (!terms.isTextual()) {
      throw ApiError.at("/terms", "bad-field", "\"terms\" must be a string or an array of strings").fail();
    }
    return terms;
  }

  /** {@code POST /v1/decide}: the decision object of {@code decide --format json}, spans also in UTF-16. */
  byte[] decide(JsonNode body) {
    ObjectNode request = object(body);
    JsonNode terms = request.get("terms");
    JsonNode item = request.get("item");
    boolean hasTerms = terms != null && !terms.isNull();
    boolean hasItem = item != null && !item.isNull();
    if (hasTerms == hasItem) {
      throw ApiError.at(hasTerms ? "/item" : "/terms", "missing-field",
          "give either \"terms\" (a string) or \"item\" (a contribution record), not both or neither").fail();
    }
    Request decisionRequest = new Request(
        word(request, "purpose", Purpose::fromWord, true).orElseThrow(),
        words(request, "facts", Fact.class, Fact::fromWord),
        time(request),
        words(request, "honour", ObligationType.class, ObligationType::fromWord));
    PolicyEngine engine = defaultDecision(request) == DefaultDecision.ALLOW ? allowByDefault : denyByDefault;
    if (hasTerms) {
      if (!terms.isTextual()) {
        throw ApiError.at("/terms", "bad-field", "\"terms\" must be a string").fail();
      }
      String text = terms.textValue();
      return write(DecisionJson.toJson(engine.decide(text, decisionRequest), text));
    }
    if (!item.isObject()) {
      throw ApiError.at("/item", "bad-field", "\"item\" must be a contribution record (a JSON object)").fail();
    }
    byte[] record = write(item);
    Decision decision;
    if (record.length > validator.limits().maxRecordBytes()) {
      decision = new Decision.Deny(Decision.Basis.ERROR, List.of(), List.of(Diagnostic.of(
          DiagnosticCode.RECORD_TOO_LONG, "the record is longer than " + validator.limits().maxRecordBytes()
              + " bytes, the limit")), List.of());
    } else {
      RecordResult result = validator.validate(record);
      decision = result.record().isEmpty()
          ? new Decision.Deny(Decision.Basis.ERROR, List.of(), result.errors(), List.of())
          : engine.decide(result.record().get().toItemTerms(), decisionRequest);
    }
    // An item's spans lie in its several terms texts, so they carry no UTF-16 offsets (null), as documented.
    return write(DecisionJson.toJson(decision, null));
  }

  /** {@code POST /v1/import}: the object of {@code import --format json}. */
  byte[] importSignal(JsonNode body) {
    ObjectNode request = object(body);
    ImportFormat from = word(request, "from", ImportFormat::fromWord, true).orElseThrow();
    String text = text(request, "text", true);
    ImportOptions options = ImportOptions.DEFAULTS;
    try {
      String agent = text(request, "agent", false);
      String path = text(request, "path", false);
      if (agent != null) {
        options = options.withAgent(agent);
      }
      if (path != null) {
        options = options.withPath(path);
      }
    } catch (IllegalArgumentException e) {
      throw ApiError.of(400, "bad-field", e.getMessage()).fail();
    }
    ImportResult result = Interop.importFrom(from, text, options);
    return write(SignalJson.importJson(from.word(), result.terms(), result.report(), text));
  }

  /** {@code POST /v1/export}: the object of {@code export --format json}. */
  byte[] exportTerms(JsonNode body) {
    ObjectNode request = object(body);
    ExportFormat to = word(request, "to", ExportFormat::fromWord, true).orElseThrow();
    String terms = text(request, "terms", true);
    ParseResult parsed = parse(terms);
    if (!parsed.isValid()) {
      return write(SignalJson.invalidExportJson(to.word(), parsed.diagnostics(), terms));
    }
    ExportResult result = Interop.exportTo(to, parsed.policy().orElseThrow());
    return write(SignalJson.exportJson(to.word(), to.fieldName(), result.value(), result.report(), terms));
  }

  private static ObjectNode object(JsonNode body) {
    if (!(body instanceof ObjectNode object)) {
      throw ApiError.at("", "bad-body", "the body must be a JSON object").fail();
    }
    return object;
  }

  private static String text(ObjectNode request, String field, boolean required) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw ApiError.at("/" + field, "missing-field", "the body needs \"" + field + "\"").fail();
      }
      return null;
    }
    if (!node.isTextual()) {
      throw ApiError.at("/" + field, "bad-field", "\"" + field + "\" must be a string").fail();
    }
    return node.textValue();
  }

  private static <T> Optional<T> word(ObjectNode request, String field, Function<String, Optional<T>> parse,
      boolean required) {
    String word = text(request, field, required);
    if (word == null) {
      return Optional.empty();
    }
    Optional<T> value = parse.apply(word);
    if (value.isEmpty()) {
      throw ApiError.at("/" + field, "unknown-word", "unknown " + field + " '" + word + "'").fail();
    }
    return value;
  }

  private static <E extends Enum<E>> Set<E> words(ObjectNode request, String field, Class<E> type,
      Function<String, Optional<E>> parse) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray()) {
      throw ApiError.at("/" + field, "bad-field", "\"" + field + "\" must be an array of words").fail();
    }
    EnumSet<E> set = EnumSet.noneOf(type);
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      Optional<E> value = element.isTextual() ? parse.apply(element.textValue()) : Optional.empty();
      if (value.isEmpty()) {
        throw ApiError.at("/" + field + "/" + i, "unknown-word", "unknown word in \"" + field + "\": " + element)
            .fail();
      }
      set.add(value.get());
    }
    return set;
  }

  /** {@code at}: a date (00:00 UTC) or an instant with an offset; the server's clock when absent. */
  private Instant time(ObjectNode request) {
    String at = text(request, "at", false);
    if (at == null) {
      return clock.instant();
    }
    try {
      return at.length() == 10
          ? LocalDate.parse(at).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(at).toInstant();
    } catch (DateTimeException e) {
      throw ApiError.at("/at", "bad-time",
          "\"at\" must be a date (2027-01-01) or an instant with Z or an offset (2027-01-01T12:00:00Z)").fail();
    }
  }

  private static DefaultDecision defaultDecision(ObjectNode request) {
    String value = text(request, "default", false);
    if (value == null) {
      return DefaultDecision.DENY;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "allow" -> DefaultDecision.ALLOW;
      case "deny" -> DefaultDecision.DENY;
      default -> throw ApiError.at("/default", "unknown-word", "\"default\" is allow or deny").fail();
    };
  }

  private byte[] write(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ArrayNode emptyArray() {
    return JsonNodeFactory.instance.arrayNode();
  }
}
