package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.ItemTerms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link ContributionRecord#toItemTerms()} against the item a builder makes from the same record, field by field as
 * the record's documentation says, on generated records with every mix of contributor and collective statements.
 */
class ItemTermsConversionTest {
  private static final List<String> TERMS = List.of("eval-only", "deny train until 2027-01-01; allow eval", "deny");
  private static final List<String> COLLECTIVES = List.of("masakhane", "alpha", "beta");
  private static final List<String> TAGS = List.of("language:yo", "domain:news", "kind:text");

  /** The item the builder gives for {@code record}: the reference the conversion must equal. */
  private static ItemTerms viaBuilder(ContributionRecord record) {
    ItemTerms.Builder b = ItemTerms.builder()
        .terms(record.preference())
        .contributedAt(record.provenance().created())
        .collectives(new LinkedHashSet<>(record.collectives()))
        .tags(record.tags().asStrings())
        .licence(record.licence())
        .releasedAt(record.released());
    for (ContributionRecord.Statement s : record.statements()) {
      if (s instanceof ContributionRecord.ContributorStatement c) {
        b.preferenceShift(c.effective(), c.terms());
      } else if (s instanceof ContributionRecord.CollectiveStatement c) {
        b.collectiveStatement(new ItemTerms.CollectiveStatement(c.collective(), c.terms(), c.effective(),
            c.scope().contributedFrom(), c.scope().contributedUntil(), Set.copyOf(c.scope().tags())));
      }
    }
    return b.build();
  }

  private static Instant time(Random random) {
    return Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextInt(3) * 86_400L * 200);
  }

  private static ContributionRecord record(Random random, int i) {
    List<ContributionRecord.Statement> statements = new ArrayList<>();
    for (int s = random.nextInt(6); s > 0; s--) {
      String terms = TERMS.get(random.nextInt(TERMS.size()));
      if (random.nextInt(3) == 0) {
        statements.add(new ContributionRecord.ContributorStatement(time(random), terms));
      } else {
        List<String> tags = random.nextBoolean() ? List.of() : List.of(TAGS.get(random.nextInt(TAGS.size())));
        ContributionRecord.Scope scope = random.nextInt(3) == 0 ? ContributionRecord.Scope.ALL
            : new ContributionRecord.Scope(random.nextBoolean() ? null : time(random),
                random.nextBoolean() ? null : time(random), tags);
        statements.add(new ContributionRecord.CollectiveStatement(COLLECTIVES.get(random.nextInt(3)),
            random.nextBoolean() ? null : time(random), terms, scope));
      }
    }
    List<String> collectives = COLLECTIVES.subList(0, random.nextInt(COLLECTIVES.size() + 1));
    ContributionRecord.Tags tags = random.nextInt(4) == 0 ? ContributionRecord.Tags.NONE
        : new ContributionRecord.Tags("yo", random.nextBoolean() ? null : "news", "text", null);
    return new ContributionRecord(1, "r" + i, "c" + i, collectives,
        new ContributionRecord.Provenance("web", "upload", time(random)),
        random.nextBoolean() ? "CC-BY-4.0" : "proprietary", random.nextBoolean() ? null : time(random),
        TERMS.get(random.nextInt(TERMS.size())), statements, tags, null, "{}");
  }

  @Test
  void toItemTerms_generatedRecordsWithStatements_equalsTheBuildersItem() {
    Random random = new Random(20L);
    int withBoth = 0;
    for (int i = 0; i < 5_000; i++) {
      ContributionRecord record = record(random, i);
      ItemTerms item = record.toItemTerms();
      assertEquals(viaBuilder(record), item, record.toString());
      assertEquals(item, record.toItemTerms(), "the same item again");
      if (!item.preferenceShifts().isEmpty() && !item.collectiveStatements().isEmpty()) {
        withBoth++;
      }
    }
    assertTrue(withBoth > 1_000, "records with both kinds of statements: " + withBoth);
  }
}
