package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.RecordDigest;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/register/}: the example register of the example dataset is what its recipe below makes (Ed25519
 * signatures are deterministic, so the same keys and times give the same bytes), it verifies, and the README's filter
 * command honours masakhane's strike in it. With {@code -Dexample.register.write=true} the recipe first rewrites the
 * committed folder (keeping its keys; new EXAMPLE keys if there are none).
 */
class ExampleRegisterTest {
  static final Path DIR = Path.of("../examples/register");
  static final Path KEYS = DIR.resolve("keys");
  static final Path DATASET = Path.of("../examples/contributions.jsonl");
  static final List<String> FILES = List.of("entries.jsonl", "checkpoint.json", "operator.pub",
      "releases/2026-11.digests");
  static final String STRIKE = "deny train";

  @TempDir
  Path tmp;

  private static RegisterWriter.Signer signer(String name) throws IOException {
    Path key = KEYS.resolve(name + ".key");
    if (!Files.exists(key)) {
      Files.createDirectories(KEYS);
      Keys.write(Keys.generate(), key);
    }
    return new RegisterWriter.Signer(Keys.readPrivateKey(key).orElseThrow(),
        Keys.readPublicKey(Keys.publicKeyPath(key)).orElseThrow());
  }

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static void appended(RegisterWriter.Result result) {
    assertInstanceOf(RegisterWriter.Appended.class, result, result.toString());
  }

  /** The recipe: who admitted whom, what masakhane said, the release of the dataset, and the strike. */
  static void write(Path dir) throws IOException {
    RegisterWriter.Signer operator = signer("operator");
    RegisterWriter.Signer steward = signer("steward");
    RegisterWriter.Signer masakhane = signer("masakhane");
    PolicyEngine engine = PolicyEngine.builder().build();
    RegisterLimits limits = RegisterLimits.defaults();
    appended(RegisterWriter.init(dir, operator));
    for (var issuer : List.of(List.of(RegisterEntry.STEWARD, steward), List.of("masakhane", masakhane))) {
      String name = (String) issuer.get(0);
      RegisterWriter.Signer key = (RegisterWriter.Signer) issuer.get(1);
      String pub = Base64.getEncoder().encodeToString(key.publicKey().getEncoded());
      appended(RegisterWriter.append(dir, operator, operator,
          (seq, by, t) -> new RegisterEntry.Admit(seq, by, t, name, pub, key.keyid()),
          at("2026-11-01T00:00:00Z"), limits, engine));
    }
    // masakhane's standing terms, as the dataset's records embed them.
    appended(RegisterWriter.append(dir, masakhane, operator, (seq, by, t) -> new RegisterEntry.Statement(seq, by, t,
        "allow train if attribution and pay collective masakhane 0.002 EUR per item; allow eval", null,
        RegisterEntry.Scope.ALL, List.of()), at("2026-11-01T00:00:00Z"), limits, engine));
    appended(RegisterWriter.append(dir, masakhane, operator, (seq, by, t) -> new RegisterEntry.Statement(seq, by, t,
        "deny train from 2026-12-01", null, new RegisterEntry.Scope(null, null, List.of("language:yo")), List.of()),
        at("2026-11-01T00:00:00Z"), limits, engine));
    // The steward's release of every valid record of the dataset.
    List<String> digests = new ArrayList<>();
    RecordValidator validator = RecordValidator.withDefaults();
    for (String line : Files.readAllLines(DATASET, StandardCharsets.UTF_8)) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      if (validator.validate(bytes).isValid()) {
        digests.add(RecordDigest.of(bytes).orElseThrow());
      }
    }
    appended(RegisterWriter.appendRelease(dir, steward, operator, "2026-11", digests, at("2026-11-15T00:00:00Z"),
        limits, engine));
    // The strike: published on 2026-12-01, in force from 2027-02-01.
    appended(RegisterWriter.append(dir, masakhane, operator, (seq, by, t) -> new RegisterEntry.Statement(seq, by, t,
        STRIKE, Instant.parse("2027-02-01T00:00:00Z"), RegisterEntry.Scope.ALL, List.of()),
        at("2026-12-01T00:00:00Z"), limits, engine));
  }

  @Test
  void exampleRegister_isWhatItsRecipeWrites_andVerifies() throws Exception {
    if (Boolean.getBoolean("example.register.write")) {
      for (String f : FILES) {
        Files.deleteIfExists(DIR.resolve(f));
      }
      write(DIR);
    }
    Path fresh = tmp.resolve("register");
    write(fresh);
    for (String f : FILES) {
      assertArrayEquals(Files.readAllBytes(fresh.resolve(f)), Files.readAllBytes(DIR.resolve(f)),
          f + " differs from its recipe; rewrite with -Dexample.register.write=true (ExampleRegisterTest)");
    }
    Register.LoadOutcome loaded = Register.load(DIR, Keys.readPublicKey(DIR.resolve("operator.pub")).orElseThrow(),
        RegisterLimits.defaults());
    assertInstanceOf(Register.Loaded.class, loaded, loaded.toString());
  }

  /** Runs the README's filter command at {@code at} with {@code extra} options; returns the ledger. */
  private JsonNode ledger(String at, Path allowed, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("filter", "--purpose", "train", "--honour", "attribution",
        "--honour", "payment", "--honour", "quota", "--at", at, "--in", DATASET.toString(), "--format", "json",
        "--out", allowed.toString()));
    args.addAll(List.of(extra));
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    return Json.MAPPER.readTree(r.out());
  }

  /** The allowed lines of masakhane's members, each with the layers of its decision's reasons. */
  private static List<List<String>> masakhaneAllowed(Path allowed) throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (JsonNode line : FilterCommandTest.readJsonl(allowed)) {
      if (line.get("record").get("collectives").toString().contains("\"masakhane\"")) {
        List<String> layers = new ArrayList<>();
        line.get("decision").get("reasons").forEach(r -> layers.add(r.get("layer").asText()));
        out.add(layers);
      }
    }
    return out;
  }

  @Test
  void readmeFilterWithExampleRegister_honoursStrikeFromItsEffectiveDate() throws Exception {
    String[] register = {"--register", DIR.toString(), "--trust", DIR.resolve("operator.pub").toString()};
    JsonNode plain = ledger("2027-03-01", tmp.resolve("plain.jsonl"));
    JsonNode struck = ledger("2027-03-01", tmp.resolve("struck.jsonl"), register);
    List<List<String>> before = masakhaneAllowed(tmp.resolve("plain.jsonl"));
    List<List<String>> after = masakhaneAllowed(tmp.resolve("struck.jsonl"));
    assertTrue(before.size() > 100, "masakhane's items are used for training without the strike: " + before.size());
    assertTrue(after.size() < before.size() / 4, "after the strike: " + after.size());
    for (List<String> layers : after) {
      assertEquals(List.of("licence"), layers, "only an irrevocable licence keeps a struck item usable");
    }
    assertTrue(plain.get("register").isNull());
    assertEquals(plain.get("records").get("read").asLong() - plain.get("records").get("invalid").asLong(),
        struck.get("register").get("matchedRelease").asLong(), "every valid record is in the release");
    assertTrue(struck.get("register").get("embeddedIgnored").asLong() > 0);

    JsonNode early = ledger("2027-01-15", tmp.resolve("early.jsonl"), register);
    JsonNode earlyPlain = ledger("2027-01-15", tmp.resolve("early-plain.jsonl"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) early).putNull("register");
    assertEquals(earlyPlain, early, "before the strike takes effect the register says what the records say");
  }
}
