package dev.flywheel.policy.register;

import dev.flywheel.policy.records.ContributionRecord;
import dev.flywheel.policy.register.RegisterFacts.Keyed;
import dev.flywheel.policy.register.RegisterFacts.ReleaseFact;
import dev.flywheel.policy.register.RegisterFacts.RosterFact;
import dev.flywheel.policy.register.RegisterFacts.StatementFact;
import dev.flywheel.policy.register.RegisterFacts.WithdrawalFact;
import java.io.Serializable;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A verified register ready to be applied to records: what loaders, the filter and the Spark job combine with each
 * record at decision time (docs/REGISTER.md, "Applying the register"; rules in docs/LANGUAGE.md section 10.4).
 *
 * <p><b>Contract.</b> Built once from a {@link VerifiedLog} (or {@link #load loaded and verified} from a folder);
 * immutable and thread-safe; applying it to a record does no I/O. Revoked entries ({@link VerifiedLog#isRevoked}) are
 * never counted. {@link #at(Instant)} gives the register as it stands at one instant, indexed for that instant; a
 * run decides every record at one time, so it asks once and applies the snapshot to each record. The last snapshot is
 * kept, so asking again for the same instant costs nothing. Serializable (without its snapshot), so that a job can
 * verify it once and ship it to other JVMs.
 *
 * <pre>{@code
 * Register register = switch (Register.load(dir, operatorKey, RegisterLimits.DEFAULTS)) {
 *   case Register.Loaded l -> l.register();
 *   case Register.Refused r -> throw new IllegalStateException(r.message()); // decide nothing
 * };
 * RegisterSnapshot now = register.at(request.at());
 * RegisterRuling ruling = now.apply(record, lineBytes).decide(engine, request, requireRelease);
 * }</pre>
 */
public final class Register implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RegisterFacts facts;
  private transient volatile RegisterSnapshot last;

  private Register(RegisterFacts facts) {
    this.facts = facts;
  }

  /** The result of {@link #load}: a register ready to apply, or why it was refused. */
  public sealed interface LoadOutcome permits Loaded, Refused {}

  /**
   * The register verified and indexed.
   *
   * @param register the register
   */
  public record Loaded(Register register) implements LoadOutcome {
    /**
     * Creates the result.
     *
     * @param register the register
     * @throws NullPointerException if {@code register} is null
     */
    public Loaded {
      Objects.requireNonNull(register, "register");
    }
  }

  /**
   * The register failed verification and must not be used in part or whole (rule 1).
   *
   * @param seq the first bad entry's {@code seq}, or {@link LoadResult.Rejected#NO_ENTRY}
   * @param code the stable reason code (docs/REGISTER.md)
   * @param message the reason, one line, for a person
   */
  public record Refused(long seq, String code, String message) implements LoadOutcome {
    /**
     * Creates the result.
     *
     * @param seq the first bad entry's {@code seq}, or {@link LoadResult.Rejected#NO_ENTRY}
     * @param code the reason code
     * @param message the reason
     * @throws NullPointerException if {@code code} or {@code message} is null
     */
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Loads and verifies the register in {@code dir} ({@link RegisterLog#load}) and indexes it. Never throws for a bad
   * register: it is refused, whole.
   *
   * @param dir the register folder
   * @param operator the pinned operator key
   * @param limits the bounds the register must keep
   * @return the register, or why it was refused
   * @throws NullPointerException if an argument is null
   */
  public static LoadOutcome load(Path dir, PublicKey operator, RegisterLimits limits) {
    LoadResult result = RegisterLog.load(dir, operator, limits);
    if (result instanceof LoadResult.Verified v) {
      return new Loaded(of(v.log()));
    }
    LoadResult.Rejected r = (LoadResult.Rejected) result;
    return new Refused(r.seq(), r.code(), r.message());
  }

  /**
   * Indexes a verified log. Revoked entries are left out; {@code admit}s of collectives (not of the steward) make
   * the register the only source of that collective's statements from their {@code issuedAt} on.
   *
   * @param log the verified log
   * @return the register
   * @throws NullPointerException if {@code log} is null
   */
  public static Register of(VerifiedLog log) {
    Objects.requireNonNull(log, "log");
    List<Keyed> keyed = new ArrayList<>();
    List<StatementFact> statements = new ArrayList<>();
    List<RosterFact> rosters = new ArrayList<>();
    List<WithdrawalFact> withdrawals = new ArrayList<>();
    List<ReleaseFact> releases = new ArrayList<>();
    for (RegisterEntry e : log.entries()) {
      if (log.isRevoked(e.seq())) {
        continue;
      }
      if (e instanceof RegisterEntry.Admit a) {
        if (!RegisterEntry.STEWARD.equals(a.subject()) && !RegisterEntry.OPERATOR.equals(a.subject())) {
          keyed.add(new Keyed(a.seq(), a.subject(), a.issuedAt()));
        }
      } else if (e instanceof RegisterEntry.Statement s) {
        statements.add(new StatementFact(s.seq(), s.collective(), s.issuedAt(), s.effective(), s.terms(),
            s.scope().contributedFrom(), s.scope().contributedUntil(), new LinkedHashSet<>(s.scope().tags()),
            new HashSet<>(s.supersedes())));
      } else if (e instanceof RegisterEntry.Roster r) {
        rosters.add(new RosterFact(r.seq(), r.issuer(), r.issuedAt(), r.effective(), new HashSet<>(r.members())));
      } else if (e instanceof RegisterEntry.Withdrawal w) {
        String collective = RegisterEntry.STEWARD.equals(w.issuer()) ? null : w.issuer();
        withdrawals.add(new WithdrawalFact(w.seq(), collective, w.issuedAt(), w.effective(),
            new HashSet<>(w.items()), new HashSet<>(w.contributors())));
      } else if (e instanceof RegisterEntry.Release r) {
        releases.add(new ReleaseFact(r.seq(), r.release(), r.issuedAt(), new HashSet<>(r.digests())));
      }
      // Retire entries act through VerifiedLog.isRevoked; a collective whose key was retired keeps the register as
      // its only voice (its embedded statements do not come back), which is the fail-closed reading.
    }
    return new Register(new RegisterFacts(keyed, statements, rosters, withdrawals, releases));
  }

  /**
   * {@return the register as it stands at {@code at}: only entries issued and effective at or before it, and not
   * superseded by then (rule 4)}
   *
   * @param at the decision time
   * @throws NullPointerException if {@code at} is null
   */
  public RegisterSnapshot at(Instant at) {
    Objects.requireNonNull(at, "at");
    RegisterSnapshot s = last;
    if (s == null || !s.at().equals(at)) {
      s = new RegisterSnapshot(facts, at);
      last = s;
    }
    return s;
  }

  /**
   * What the register does to one record at {@code at}: {@code at(at).apply(record, json)}.
   *
   * @param record the validated record
   * @param json the record's JSON text as read
   * @param at the decision time
   * @return the register's effect on the record
   * @throws NullPointerException if an argument is null
   */
  public RegisterMatch apply(ContributionRecord record, byte[] json, Instant at) {
    return at(at).apply(record, json);
  }
}
