package dev.flywheel.policy.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The synthetic contribution dataset written by {@code flywheel-policy generate}, for the command, the benchmarks and
 * the tests of other modules, so that each of them runs over exactly the same lines.
 *
 * <p>Line {@code i} (1-based) is record {@code rec-NNNNNN}, or, for about 1.5% of lines, one of a few kinds of
 * invalid line. Every choice comes from one {@link SplittableRandom} seeded with the seed, so the output depends only
 * on the seed and the number of lines. The class is stateless and thread-safe.
 */
public final class GeneratedDataset {
  /** The seed of the example dataset {@code examples/contributions.jsonl}. */
  public static final long EXAMPLE_SEED = 20270301L;
  /** The number of lines of the example dataset {@code examples/contributions.jsonl}. */
  public static final int EXAMPLE_RECORDS = 2000;

  private static final JsonFactory JSON = new JsonFactory();
  /** Contributions are made between these instants. */
  private static final long FIRST = Instant.parse("2025-09-01T00:00:00Z").getEpochSecond();
  private static final long LAST = Instant.parse("2027-02-28T00:00:00Z").getEpochSecond();
  private static final String[] METHODS = {"chat", "upload", "form", "api", "import"};
  private static final String[] SOURCES = {"flywheel.example/chat", "flywheel.example/upload",
      "voices.example/app", "archive.example/import"};
  private static final String[] DOMAINS = {"news", "health", "law", "chat", "fiction", "science"};
  private static final String[] KINDS = {"text", "audio", "transcript"};
  private static final String[] REVOCABLE = {"LicenseRef-flywheel-contributor", "LicenseRef-flywheel-contributor",
      "proprietary"};

  private GeneratedDataset() {}

  /**
   * Writes {@code records} lines made from {@code seed} to {@code os} (left open; flushed at the end).
   *
   * @throws IOException when {@code os} fails
   */
  public static void write(OutputStream os, long records, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    JsonGenerator gen = JSON.createGenerator(os);
    gen.setRootValueSeparator(null);
    try {
      for (long i = 1; i <= records; i++) {
        if (random.nextInt(1000) < 15) {
          gen.writeRaw(invalidLine(random, i));
        } else {
          writeRecord(gen, random, i);
        }
        gen.writeRaw('\n');
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    gen.flush();
  }

  private static String id(long i) {
    return String.format("rec-%06d", i);
  }

  private static String time(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  /** One of the hand-written kinds of bad line, with a record id so it can be found. */
  private static String invalidLine(SplittableRandom random, long i) {
    String id = id(i);
    String head = "{\"schemaVersion\": 1, \"id\": \"" + id + "\", \"contributor\": \"c-0099\", \"collectives\": [], "
        + "\"provenance\": {\"source\": \"flywheel.example/chat\", \"method\": \"chat\", "
        + "\"created\": \"2026-05-01T10:00:00Z\"}, ";
    switch (random.nextInt(6)) {
      case 0: // JSON cut short
        return head + "\"licence\": \"CC-BY-4.0\", \"released\": nu";
      case 1: // terms that do not parse
        return head + "\"licence\": \"proprietary\", \"released\": null, \"preference\": \"trian if attribution\", "
            + "\"tags\": {\"language\": \"en\"}}";
      case 2: // schema: no licence
        return head + "\"released\": null, \"preference\": \"allow train\", \"tags\": {}}";
      case 3: // schema: a contributor given as an e-mail address
        return head.replace("c-0099", "ada@example.org") + "\"licence\": \"CC0-1.0\", \"released\": null, "
            + "\"preference\": \"allow ai\", \"tags\": {}}";
      case 4: // a time that does not exist
        return head.replace("2026-05-01T10:00:00Z", "2026-02-30T10:00:00Z") + "\"licence\": \"CC0-1.0\", "
            + "\"released\": null, \"preference\": \"allow ai\", \"tags\": {}}";
      default: // a key twice: never "last one wins"
        return head + "\"licence\": \"proprietary\", \"released\": null, \"preference\": \"no-train\", "
            + "\"preference\": \"allow train\", \"tags\": {}}";
    }
  }

  private static void writeRecord(JsonGenerator g, SplittableRandom r, long i) throws IOException {
    long created = FIRST + r.nextLong(LAST - FIRST);
    // Contributors 0000-0399, the low ids more active; 0000-0004 cap their own use.
    int contributor = (int) Math.min(399, Math.abs(r.nextGaussian()) * 130);
    String licence = REVOCABLE[r.nextInt(REVOCABLE.length)];
    String released = null;
    String preference;
    String collective = null;
    String language = "en";
    String scarcity = null;
    String shiftAt = null;
    String shiftTerms = null;
    int kind = r.nextInt(100);
    if (contributor < 5 && kind < 60) {
      preference = "allow train if limit 3 per month; allow eval";
    } else if (kind < 10) {
      preference = "eval-only";
    } else if (kind < 20) {
      preference = "train if attribution";
    } else if (kind < 26) {
      preference = r.nextBoolean() ? "allow ai" : "deny train until 2027-01-01; allow train";
    } else if (kind < 40) {
      collective = "masakhane";
      language = new String[] {"yo", "ha", "sw", "ig"}[r.nextInt(4)];
      scarcity = language.equals("yo") ? "scarce" : null;
      preference = "allow train, eval";
    } else if (kind < 50) {
      collective = "Te Hiku Media";
      language = "mi";
      scarcity = "scarce";
      preference = "allow train, eval";
    } else if (kind < 58) {
      collective = "karya";
      language = r.nextBoolean() ? "hi" : "kn";
      preference = "train if attribution";
    } else if (kind < 66) { // a preference shift, in effect by early 2027 or not yet
      preference = "allow train";
      shiftAt = r.nextBoolean() ? "2027-01-01T00:00:00Z" : "2027-06-01T00:00:00Z";
      shiftTerms = "no-train";
    } else if (kind < 74) { // released under CC-BY before the contributor's later no-train
      licence = "CC-BY-4.0";
      released = time(created);
      preference = "allow train";
      shiftAt = "2027-01-01T00:00:00Z";
      shiftTerms = "no-train";
    } else if (kind < 78) {
      licence = "CC0-1.0";
      preference = "allow ai";
    } else if (kind < 81) {
      licence = "CC-BY-NC-4.0";
      preference = "no-train";
    } else if (kind < 86) {
      preference = "train if open-weights";
    } else if (kind < 90) {
      preference = "search-only";
    } else if (kind < 95) {
      preference = r.nextBoolean() ? "allow eval" : "allow train until 2027-01-01";
    } else {
      preference = "pay collective masakhane 0.002 EUR per item";
    }
    g.writeStartObject();
    g.writeNumberField("schemaVersion", 1);
    g.writeStringField("id", id(i));
    g.writeStringField("contributor", String.format("c-%04d", contributor));
    g.writeArrayFieldStart("collectives");
    if (collective != null) {
      g.writeString(collective);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("provenance");
    g.writeStringField("source", SOURCES[r.nextInt(SOURCES.length)]);
    g.writeStringField("method", METHODS[r.nextInt(METHODS.length)]);
    g.writeStringField("created", time(created));
    g.writeEndObject();
    g.writeStringField("licence", licence);
    g.writeStringField("released", released);
    g.writeStringField("preference", preference);
    if (shiftAt != null || collective != null) {
      g.writeArrayFieldStart("statements");
      if (shiftAt != null) {
        g.writeStartObject();
        g.writeStringField("by", "contributor");
        g.writeStringField("effective", shiftAt);
        g.writeStringField("terms", shiftTerms);
        g.writeEndObject();
      }
      if ("masakhane".equals(collective)) {
        collectiveStatement(g, collective,
            "allow train if attribution and pay collective masakhane 0.002 EUR per item; allow eval", null);
        if ("yo".equals(language)) { // the embargo on a scarce language, from a date on
          collectiveStatement(g, collective, "deny train from 2026-12-01", "language:yo");
        }
      } else if ("Te Hiku Media".equals(collective)) {
        collectiveStatement(g, collective,
            "allow train if attribution and pay collective \"Te Hiku Media\" and limit 40 per month; allow eval",
            null);
      } else if ("karya".equals(collective)) {
        collectiveStatement(g, collective, "pay collective karya 0.01 USD per item", null);
      }
      g.writeEndArray();
    }
    g.writeObjectFieldStart("tags");
    g.writeStringField("language", language);
    g.writeStringField("domain", DOMAINS[r.nextInt(DOMAINS.length)]);
    g.writeStringField("kind", KINDS[r.nextInt(KINDS.length)]);
    if (scarcity != null) {
      g.writeStringField("scarcity", scarcity);
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void collectiveStatement(JsonGenerator g, String collective, String terms, String tag)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("by", "collective");
    g.writeStringField("collective", collective);
    g.writeStringField("terms", terms);
    if (tag != null) {
      g.writeObjectFieldStart("scope");
      g.writeArrayFieldStart("tags");
      g.writeString(tag);
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** {@code records} lines made from {@code seed}, as UTF-8 bytes in memory. */
  public static byte[] jsonl(long records, long seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, records * 700));
    try {
      write(out, records, seed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Writes what {@code generate --records N --seed S --out file} writes to {@code file}, replacing it.
   *
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, long records, long seed) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(out, records, seed);
    }
  }
}
