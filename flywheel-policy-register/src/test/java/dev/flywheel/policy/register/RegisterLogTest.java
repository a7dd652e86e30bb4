package dev.flywheel.policy.register;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification of whole registers, honest and hostile: each fault is refused naming the entry and a code. */
class RegisterLogTest {
  @TempDir
  Path dir;
  RegisterFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new RegisterFixture(dir).standard();
  }

  private LoadResult.Rejected rejected(LoadResult result) {
    return assertInstanceOf(LoadResult.Rejected.class, result, () -> "expected a refusal, got " + result);
  }

  /** Appends, as entry 6, a roster of karya's of {@code size} members {@code c-0}, {@code c-1}, .... */
  private void appendKaryaRoster(int size) throws Exception {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      members.add("\"c-" + i + "\"");
    }
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.karya, payload(6, "\"roster\",\"issuer\":\"karya\","
        + "\"issuedAt\":\"2026-06-01T00:00:00Z\",\"effective\":\"2026-06-01T00:00:00Z\",\"members\":"
        + members + "}")));
    f.writeLines(lines);
  }

  /** Asserts that loading was refused at entry {@code seq} with {@code code}. */
  private void assertRejected(LoadResult result, long seq, String code) {
    LoadResult.Rejected r = rejected(result);
    assertEquals(seq, r.seq(), () -> "the refused entry of " + r);
    assertEquals(code, r.code(), () -> "the code of " + r);
  }

  private static String payload(long seq, String kindAndFields) {
    return "{\"seq\":" + seq + ",\"kind\":" + kindAndFields;
  }

  private static String statement(long seq, String issuer, String terms) {
    return payload(seq, "\"statement\",\"issuer\":\"" + issuer + "\",\"issuedAt\":\"2026-06-01T00:00:00Z\","
        + "\"terms\":\"" + terms + "\",\"effective\":null,\"scope\":null,\"supersedes\":[]}");
  }

  @Test
  void load_honestRegister_verifiesEveryEntryAndTheCheckpoint() {
    VerifiedLog log = assertInstanceOf(LoadResult.Verified.class, f.load()).log();
    assertEquals(6, log.entries().size());
    assertEquals(6, log.checkpoint().size());
    assertEquals(List.of("admit", "admit", "admit", "statement", "roster", "release"),
        log.entries().stream().map(RegisterEntry::kind).toList());
    RegisterEntry.Release release = assertInstanceOf(RegisterEntry.Release.class, log.entries().get(5));
    assertEquals(List.of(RegisterFixture.hex('a'), RegisterFixture.hex('b'), RegisterFixture.hex('c')),
        release.digests());
    for (int i = 0; i < log.entries().size(); i++) {
      assertEquals(i, log.entries().get(i).seq());
    }
  }

  @Test
  void load_oneChangedByteAnywhereInTheLog_refusedNamingThatLine() throws Exception {
    byte[] honest = Files.readAllBytes(dir.resolve(RegisterLog.ENTRIES));
    int line = 0;
    for (int i = 0; i < honest.length; i++) {
      // Every line feed and every fourth byte (each field of each kind of line is longer than four bytes): a full
      // sweep is the same check at four times the time.
      if (honest[i] != '\n' && i % 4 != 0) {
        continue;
      }
      int lineOfByte = line;
      byte[] bytes = honest.clone();
      bytes[i] ^= (byte) (i % 2 == 0 ? 0x01 : 0x20);
      Files.write(dir.resolve(RegisterLog.ENTRIES), bytes);
      LoadResult.Rejected r = rejected(f.load());
      assertEquals(lineOfByte, r.seq(), () -> "byte " + r);
      if (honest[i] == '\n') {
        line++;
      }
    }
  }

  @Test
  void load_reorderedLines_refusedAtTheFirstMovedLine() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    String l4 = lines.get(4);
    lines.set(4, lines.get(5));
    lines.set(5, l4);
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(4, r.seq());
    assertEquals("seq-gap", r.code());
  }

  @Test
  void load_removedMiddleLine_refusedAsSeqGap() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.remove(4);
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(4, r.seq());
    assertEquals("seq-gap", r.code());
  }

  @Test
  void load_removedLastLine_refusedAsCheckpointMismatch() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.remove(5);
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals("checkpoint-mismatch", r.code());
    assertEquals(5, r.seq());
  }

  @Test
  void load_duplicateKeysInASignedPayload_refusedAsDuplicateKey() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.masakhane, payload(6, "\"statement\",\"issuer\":\"masakhane\","
        + "\"issuedAt\":\"2026-06-01T00:00:00Z\",\"terms\":\"deny train\",\"terms\":\"allow train\","
        + "\"supersedes\":[]}")));
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(6, r.seq());
    assertEquals("duplicate-key", r.code());
  }

  @Test
  void load_duplicateKeysInTheEnvelope_refusedAsDuplicateKey() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.set(3, lines.get(3).replaceFirst("\\{", "{\"payloadType\":\"x\","));
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(3, r.seq());
    assertEquals("duplicate-key", r.code());
  }

  @Test
  void load_seqGapInASignedEntry_refusedAsSeqGap() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.masakhane, statement(8, "masakhane", "eval-only")));
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(6, r.seq());
    assertEquals("seq-gap", r.code());
  }

  @Test
  void load_entryByUnadmittedKey_refusedAsUnknownKey() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(Keys.generate(), statement(6, "masakhane", "allow train")));
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(6, r.seq());
    assertEquals("unknown-key", r.code());
  }

  @Test
  void load_collectiveKeySpeakingForAnother_refusedAsIssuerMismatch() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.karya, statement(6, "masakhane", "allow train")));
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(6, r.seq());
    assertEquals("issuer-mismatch", r.code());
  }

  @Test
  void load_entryByRetiredKeyClaimingAnEarlierTime_refusedAsRetiredKey() throws Exception {
    RegisterFixture.ok(f.append(f.operator, (seq, issuer, at) -> new RegisterEntry.Retire(seq, issuer, at,
        "karya", Keys.keyId(f.karya.getPublic()), at)));
    List<String> lines = new ArrayList<>(f.lines());
    // issuedAt far in the past: a retired key signs nothing after its retirement, whatever time it claims.
    lines.add(RegisterFixture.line(f.karya, payload(7, "\"statement\",\"issuer\":\"karya\","
        + "\"issuedAt\":\"2020-01-01T00:00:00Z\",\"terms\":\"allow train\",\"supersedes\":[]}")));
    f.writeLines(lines);
    assertRejected(f.load(), 7, "retired-key");
  }

  @Test
  void load_retirementEffectiveInThePast_revokesTheKeysLaterEntries() throws Exception {
    java.time.Instant statementTime = assertInstanceOf(VerifiedLog.class,
        ((LoadResult.Verified) f.load()).log()).entries().get(3).issuedAt();
    RegisterFixture.ok(f.append(f.operator, (seq, issuer, at) -> new RegisterEntry.Retire(seq, issuer, at,
        "masakhane", Keys.keyId(f.masakhane.getPublic()), statementTime)));
    VerifiedLog log = assertInstanceOf(LoadResult.Verified.class, f.load()).log();
    assertTrue(log.isRevoked(3), "the statement issued at the retirement's effective time");
    assertTrue(log.isRevoked(4), "the roster after it");
    assertFalse(log.isRevoked(1));
    assertFalse(log.isRevoked(5), "the steward's release");
  }

  @Test
  void load_unparseableTermsInAHandMadeEntry_refusedAsInvalidTerms() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.masakhane, statement(6, "masakhane", "deny tarin until 2027-01-01")));
    f.writeLines(lines);
    assertRejected(f.load(), 6, "invalid-terms");
  }

  @Test
  void append_invalidTerms_refusedAndNothingWritten() throws Exception {
    byte[] before = Files.readAllBytes(dir.resolve(RegisterLog.ENTRIES));
    byte[] checkpoint = Files.readAllBytes(dir.resolve(RegisterLog.CHECKPOINT));
    RegisterWriter.Result result = f.append(f.masakhane, (seq, issuer, at) -> new RegisterEntry.Statement(seq,
        issuer, at, "deny tarin", null, RegisterEntry.Scope.ALL, List.of()));
    assertEquals("invalid-terms", assertInstanceOf(RegisterWriter.Refused.class, result).code());
    assertArrayEquals(before, Files.readAllBytes(dir.resolve(RegisterLog.ENTRIES)));
    assertArrayEquals(checkpoint, Files.readAllBytes(dir.resolve(RegisterLog.CHECKPOINT)));
  }

  @Test
  void load_issuedAtGoingBack_refusedAsTimeWentBack() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.masakhane, payload(6, "\"statement\",\"issuer\":\"masakhane\","
        + "\"issuedAt\":\"2020-01-01T00:00:00Z\",\"terms\":\"eval-only\",\"supersedes\":[]}")));
    f.writeLines(lines);
    assertEquals("time-went-back", rejected(f.load()).code());
  }

  @Test
  void load_lineLongerThanTheLimit_refusedBeforeParsing() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add("x".repeat(5000));
    f.writeLines(lines);
    RegisterLimits small = new RegisterLimits(4096, 1 << 30, 100, 8, 1024, 128, 10, 100, 10, 10, 10);
    assertRejected(f.load(small), 6, "line-too-long");
  }

  @Test
  void load_lineOfTheLimitsLength_isReadAndOnePastIsRefused() throws Exception {
    int longest = f.lines().stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
    RegisterLimits exact = new RegisterLimits(longest, 1 << 30, 100, 8, 1024, 128, 10, 100, 10, 10, 10);
    assertInstanceOf(LoadResult.Verified.class, f.load(exact));
    RegisterLimits under = new RegisterLimits(longest - 1, 1 << 30, 100, 8, 1024, 128, 10, 100, 10, 10, 10);
    assertEquals("line-too-long", rejected(f.load(under)).code());
  }

  @Test
  void load_fieldLongerThanTheLimit_refusedAsFieldTooLong() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.masakhane, statement(6, "masakhane", "eval-only " + "x".repeat(9000))));
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(6, r.seq());
    assertEquals("field-too-long", r.code());
  }

  @Test
  void load_deepJsonInAPayload_refusedAsNestingTooDeep() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    lines.add(RegisterFixture.line(f.masakhane, payload(6, "\"statement\",\"issuer\":\"masakhane\","
        + "\"issuedAt\":\"2026-06-01T00:00:00Z\",\"terms\":\"eval-only\",\"supersedes\":" + deep + "}")));
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(6, r.seq());
    assertEquals("nesting-too-deep", r.code());
  }

  @Test
  void load_deepJsonInTheEnvelope_refusedAsNestingTooDeep() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add("[".repeat(100_000) + "]".repeat(100_000));
    f.writeLines(lines);
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(6, r.seq());
    assertEquals("nesting-too-deep", r.code());
  }

  @Test
  void load_rosterPastTheLimit_refusedAsRosterTooLarge() throws Exception {
    RegisterLimits limits = new RegisterLimits(1 << 20, 1 << 30, 100, 8, 1024, 128, 1000, 1500, 10, 10, 10);
    appendKaryaRoster(1001);
    LoadResult.Rejected r = rejected(f.load(limits));
    assertEquals(6, r.seq());
    assertEquals("roster-too-large", r.code());
  }

  @Test
  void load_rostersPastTheTotalLimit_refusedAsRosterTooLarge() throws Exception {
    RegisterLimits limits = new RegisterLimits(1 << 20, 1 << 30, 100, 8, 1024, 128, 1000, 1001, 10, 10, 10);
    appendKaryaRoster(1000);
    // masakhane's roster of 2 plus karya's 1000: 1002 members in total, one past 1001.
    assertRejected(f.load(limits), 6, "roster-too-large");
    RegisterLimits enough = new RegisterLimits(1 << 20, 1 << 30, 100, 8, 1024, 128, 1000, 1002, 10, 10, 10);
    VerifiedLog log = assertInstanceOf(LoadResult.Verified.class, f.load(enough)).log();
    assertEquals(7, log.entries().size(), "at the total limit");
  }

  @Test
  void load_moreEntriesThanTheLimit_refusedAsTooManyEntries() {
    RegisterLimits limits = new RegisterLimits(1 << 20, 1 << 30, 5, 8, 1024, 128, 10, 100, 10, 10, 10);
    assertRejected(f.load(limits), 5, "too-many-entries");
    RegisterLimits six = new RegisterLimits(1 << 20, 1 << 30, 6, 8, 1024, 128, 10, 100, 10, 10, 10);
    assertInstanceOf(LoadResult.Verified.class, f.load(six));
  }

  @Test
  void load_checkpointOverAnotherLog_refusedAsCheckpointMismatch() throws Exception {
    RegisterFixture other = new RegisterFixture(dir.resolve("other"));
    other.init();
    Files.copy(dir.resolve(RegisterLog.CHECKPOINT), dir.resolve("other").resolve(RegisterLog.CHECKPOINT),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    LoadResult.Rejected r = rejected(RegisterLog.load(other.dir, f.operator.getPublic(), RegisterLimits.defaults(),
        RegisterFixture.ENGINE, null));
    assertEquals("checkpoint-mismatch", r.code());
  }

  @Test
  void load_checkpointSignedByAnotherKey_refused() throws Exception {
    LoadResult.Rejected r = rejected(RegisterLog.load(dir, Keys.generate().getPublic(), RegisterLimits.defaults(),
        RegisterFixture.ENGINE, null));
    assertEquals(0, r.seq(), "the first entry is the operator's admit, signed by a key not pinned");
    assertEquals("unknown-key", r.code());
    Files.writeString(dir.resolve(RegisterLog.CHECKPOINT), new String(Checkpoints.sign(
        new Checkpoint(7, RegisterFixture.hex('0')), f.masakhane.getPrivate(),
        Keys.keyId(f.operator.getPublic())), StandardCharsets.UTF_8));
    assertEquals("checkpoint-bad-signature", rejected(f.load()).code());
  }

  @Test
  void load_sinceAnEarlierCheckpoint_acceptsGrowthAndRefusesARewrite() throws Exception {
    Checkpoint earlier = ((LoadResult.Verified) f.load()).log().checkpoint();
    RegisterFixture.ok(f.append(f.karya, (seq, issuer, at) -> new RegisterEntry.Statement(seq, issuer, at,
        "eval-only", null, RegisterEntry.Scope.ALL, List.of())));
    assertInstanceOf(LoadResult.Verified.class, RegisterLog.load(dir, f.operator.getPublic(),
        RegisterLimits.defaults(), RegisterFixture.ENGINE, earlier));
    // The operator rewrites entry 4 (a roster) with a valid signature and signs a new checkpoint: each entry and the
    // checkpoint verify, but the log no longer extends what the consumer saw.
    List<String> lines = new ArrayList<>(f.lines());
    lines.set(4, RegisterFixture.line(f.masakhane, payload(4, "\"roster\",\"issuer\":\"masakhane\","
        + "\"issuedAt\":\"" + ((LoadResult.Verified) f.load()).log().entries().get(4).issuedAt() + "\","
        + "\"effective\":\"2026-06-01T00:00:00Z\",\"members\":[\"c-0001\"]}")));
    f.writeLines(lines);
    f.forceCheckpoint();
    assertInstanceOf(LoadResult.Verified.class, f.load(), "on its own the rewritten log verifies");
    LoadResult.Rejected r = rejected(RegisterLog.load(dir, f.operator.getPublic(), RegisterLimits.defaults(),
        RegisterFixture.ENGINE, earlier));
    assertEquals("not-append-only", r.code());
  }

  @Test
  void load_sinceACheckpointLargerThanTheLog_refusedAsNotAppendOnly() throws Exception {
    Checkpoint later = new Checkpoint(9, RegisterFixture.hex('0'));
    assertEquals("not-append-only", rejected(RegisterLog.load(dir, f.operator.getPublic(),
        RegisterLimits.defaults(), RegisterFixture.ENGINE, later)).code());
  }

  @Test
  void load_appendWithoutOperatorKey_checkpointCoversThePrefixAndStillVerifies() throws Exception {
    RegisterFixture.ok(RegisterWriter.append(dir, RegisterFixture.signer(f.karya), null,
        (seq, issuer, at) -> new RegisterEntry.Statement(seq, issuer, at, "eval-only", null,
            RegisterEntry.Scope.ALL, List.of()), f.clock(), RegisterLimits.defaults(), RegisterFixture.ENGINE));
    VerifiedLog log = assertInstanceOf(LoadResult.Verified.class, f.load()).log();
    assertEquals(7, log.entries().size());
    assertEquals(6, log.checkpoint().size());
    f.resignCheckpoint();
    assertEquals(7, assertInstanceOf(LoadResult.Verified.class, f.load()).log().checkpoint().size());
  }

  @Test
  void load_lastLineWithoutLineFeed_refusedAsTruncated() throws Exception {
    byte[] bytes = Files.readAllBytes(dir.resolve(RegisterLog.ENTRIES));
    Files.write(dir.resolve(RegisterLog.ENTRIES), java.util.Arrays.copyOf(bytes, bytes.length - 1));
    LoadResult.Rejected r = rejected(f.load());
    assertEquals(5, r.seq());
    assertEquals("truncated-line", r.code());
  }

  @Test
  void load_releaseDigestsFileEdited_refused() throws Exception {
    Path digests = dir.resolve("releases").resolve("r1.digests");
    String text = Files.readString(digests);
    Files.writeString(digests, text.replaceFirst("a", "b"));
    assertRejected(f.load(), 5, "release-digest-mismatch");
    Files.delete(digests);
    assertEquals("release-file-missing", rejected(f.load()).code());
  }

  @Test
  void load_supersedingAnotherCollectivesStatement_refused() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.karya, payload(6, "\"statement\",\"issuer\":\"karya\","
        + "\"issuedAt\":\"2026-06-01T00:00:00Z\",\"terms\":\"eval-only\",\"supersedes\":[3]}")));
    f.writeLines(lines);
    assertEquals("bad-supersedes", rejected(f.load()).code());
  }

  @Test
  void load_missingRegister_refusedWithoutException() {
    LoadResult.Rejected r = rejected(RegisterLog.load(dir.resolve("absent"), f.operator.getPublic(),
        RegisterLimits.defaults()));
    assertEquals("log-missing", r.code());
    assertEquals(LoadResult.Rejected.NO_ENTRY, r.seq());
  }

  @Test
  void load_unknownFieldOrKind_refused() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.karya, payload(6, "\"statement\",\"issuer\":\"karya\","
        + "\"issuedAt\":\"2026-06-01T00:00:00Z\",\"terms\":\"eval-only\",\"note\":1}")));
    f.writeLines(lines);
    assertEquals("unknown-field", rejected(f.load()).code());
    lines.set(6, RegisterFixture.line(f.karya, payload(6, "\"decree\",\"issuer\":\"karya\","
        + "\"issuedAt\":\"2026-06-01T00:00:00Z\"}")));
    f.writeLines(lines);
    assertEquals("unknown-kind", rejected(f.load()).code());
  }

  @Test
  void append_admittingAnAdmittedKeyAgain_refusedAsKeyReuse() throws Exception {
    KeyPair again = f.karya;
    String pub = java.util.Base64.getEncoder().encodeToString(again.getPublic().getEncoded());
    RegisterWriter.Result result = f.append(f.operator, (seq, issuer, at) -> new RegisterEntry.Admit(seq, issuer, at,
        "masakhane", pub, Keys.keyId(again.getPublic())));
    assertEquals("key-reuse", assertInstanceOf(RegisterWriter.Refused.class, result).code());
  }

  @Test
  void load_appendInterruptedBetweenLogAndCheckpoint_verifiesWithTheOldCheckpoint() throws Exception {
    byte[] oldCheckpoint = Files.readAllBytes(dir.resolve(RegisterLog.CHECKPOINT));
    RegisterFixture.ok(f.append(f.karya, (seq, issuer, at) -> new RegisterEntry.Statement(seq, issuer, at,
        "eval-only", null, RegisterEntry.Scope.ALL, List.of())));
    // The state an append leaves when stopped after the log's rename and before the checkpoint's.
    Files.write(dir.resolve(RegisterLog.CHECKPOINT), oldCheckpoint);
    VerifiedLog log = assertInstanceOf(LoadResult.Verified.class, f.load()).log();
    assertEquals(7, log.entries().size());
    assertEquals(6, log.checkpoint().size());
  }

  @Test
  void load_withdrawalAtTheLimit_verifiesAndOnePast_refused() throws Exception {
    List<String> lines = new ArrayList<>(f.lines());
    lines.add(RegisterFixture.line(f.steward, payload(6, "\"withdrawal\",\"issuer\":\"steward\","
        + "\"issuedAt\":\"2026-06-01T00:00:00Z\",\"effective\":\"2026-06-01T00:00:00Z\","
        + "\"items\":[\"i-1\",\"i-2\"],\"contributors\":[\"c-1\"]}")));
    f.writeLines(lines);
    RegisterLimits three = new RegisterLimits(1 << 20, 1 << 30, 100, 8, 1024, 128, 10, 100, 3, 10, 10);
    assertInstanceOf(LoadResult.Verified.class, f.load(three));
    RegisterLimits two = new RegisterLimits(1 << 20, 1 << 30, 100, 8, 1024, 128, 10, 100, 2, 10, 10);
    LoadResult.Rejected r = rejected(f.load(two));
    assertEquals(6, r.seq());
    assertEquals("withdrawal-too-large", r.code());
  }

  @Test
  void load_releasePastTheDigestLimit_refusedBeforeReadingItsFile() {
    RegisterLimits three = new RegisterLimits(1 << 20, 1 << 30, 100, 8, 1024, 128, 10, 100, 10, 3, 10);
    assertInstanceOf(LoadResult.Verified.class, f.load(three));
    RegisterLimits two = new RegisterLimits(1 << 20, 1 << 30, 100, 8, 1024, 128, 10, 100, 10, 2, 10);
    assertRejected(f.load(two), 5, "release-too-large");
  }

  @Test
  void registerLimits_valueOutOfRange_throwsNamingIt() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new RegisterLimits(1 << 20, 1 << 30, 100, 2, 1024, 128, 10, 100, 10, 10, 10));
    assertTrue(e.getMessage().contains("maxNestingDepth"), e.getMessage());
  }
}
