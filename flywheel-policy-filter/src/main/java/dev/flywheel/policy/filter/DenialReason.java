package dev.flywheel.policy.filter;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.register.RegisterRuling;

/**
 * Why a line was not allowed. Each line that is not allowed has exactly one reason, so the counts per reason add up
 * to {@code denied + invalid}. The {@link #word() words} are stable: they appear in output files, the ledger and the
 * summary, and never change meaning.
 */
public enum DenialReason {
  /** A clause of the record's terms denied the purpose (including an allow whose facts the request lacks). */
  EXPLICIT("explicit"),
  /** Nothing in the record's terms covered the purpose and the engine's default is deny. */
  DEFAULT("default"),
  /** The engine could not use the record's terms (invalid, over a limit, internal failure): fail closed. */
  ERROR("error"),
  /** The decision was an obligation with a duty type the request did not declare it can honour. */
  OBLIGATION_NOT_HONOURED("obligation-not-honoured"),
  /** Using the record would exceed a volume cap ({@code limit N per PERIOD}) for the current period. */
  QUOTA("quota"),
  /**
   * The ledger could not record what using the record obliges (more distinct contributors, payees or quota owners
   * than {@link FilterLimits#maxLedgerEntries()}): fail closed rather than lose track of a duty.
   */
  LEDGER_FULL("ledger-full"),
  /** A withdrawal in force in the register covers the record (docs/LANGUAGE.md section 10.4, rule 5). */
  WITHDRAWN("withdrawn"),
  /**
   * Releases were required and the record's digest is in no release in force in the register: an edited or
   * unreleased copy (docs/LANGUAGE.md section 10.4, rule 7).
   */
  UNRELEASED("unreleased"),
  /**
   * The usage store that keeps the quota counts could not be read or written, so the record's caps could not be
   * checked: fail closed. Only with a usage store ({@code --usage}); the command line then fails the run.
   */
  USAGE_UNAVAILABLE("usage-unavailable"),
  /** The line is not a valid record (bad JSON, schema violation, invalid terms, blank line, too long). */
  INVALID_RECORD("invalid-record");

  private final String word;

  DenialReason(String word) {
    this.word = word;
  }

  /**
   * Why {@code decision} alone keeps a record from being used, or {@code null} when it allows the use (quotas and the
   * ledger's room are checked afterwards, by the ledger): a deny by its basis, an obligation the request cannot
   * honour as {@link #OBLIGATION_NOT_HONOURED}.
   *
   * @param decision the engine's decision for the record
   * @return the reason, or {@code null} when the decision allows the use
   */
  public static DenialReason of(Decision decision) {
    if (decision instanceof Decision.Deny deny) {
      switch (deny.basis()) {
        case DEFAULT:
          return DEFAULT;
        case ERROR:
          return ERROR;
        default:
          return EXPLICIT;
      }
    }
    return decision.isAllowed() ? null : OBLIGATION_NOT_HONOURED;
  }

  /**
   * Why a record decided under a register is not used, or {@code null} when its decision allows the use: a deny the
   * register itself caused is {@link #WITHDRAWN} or {@link #UNRELEASED}; anything else as {@link #of(Decision)}.
   *
   * @param ruling the record's decision under the register
   * @return the reason, or {@code null} when the decision allows the use
   */
  public static DenialReason of(RegisterRuling ruling) {
    if (ruling.decision() instanceof Decision.Deny) {
      switch (ruling.effect()) {
        case WITHDRAWN:
          return WITHDRAWN;
        case UNRELEASED:
          return UNRELEASED;
        default:
          break;
      }
    }
    return of(ruling.decision());
  }

  /** {@return the stable lower-case word, e.g. {@code obligation-not-honoured}} */
  public String word() {
    return word;
  }

  @Override
  public String toString() {
    return word;
  }
}
