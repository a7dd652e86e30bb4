package dev.flywheel.policy.interop;

import dev.flywheel.policy.DiagnosticCode;
import dev.flywheel.policy.terms.Policy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports AI-preference signals into our terms, and exports terms to signals, each with a loss report.
 *
 * <p><b>Contract.</b> Thread-safe and stateless. No method throws because of the input: malformed input gives a
 * result whose report holds an error (and no policy). Imports never invent a permission: a category a signal leaves
 * unknown gives no clause. Exports never state an allow our terms would not give unconditionally, at every time:
 * conditional and time-limited allows are exported as refusals and reported. Inputs are bounded by
 * {@link #MAX_INPUT_LENGTH} and reports by {@link #MAX_DIAGNOSTICS}. See {@code docs/INTEROP.md} for the mappings.
 */
public final class Interop {
  /** The longest input accepted, in code points (1 MiB of ASCII); longer is refused with {@code input-too-long}. */
  public static final int MAX_INPUT_LENGTH = 1 << 20;
  /** The most diagnostics in one report; past it one {@code too-many-diagnostics} ends the list. */
  public static final int MAX_DIAGNOSTICS = 64;

  private Interop() {}

  /**
   * Imports {@code input} in {@code format}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static ImportResult importFrom(ImportFormat format, String input, ImportOptions options) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    if (input.length() > MAX_INPUT_LENGTH && input.codePointCount(0, input.length()) > MAX_INPUT_LENGTH) {
      return new ImportResult(Optional.empty(), List.of(dev.flywheel.policy.Diagnostic.of(
          DiagnosticCode.INPUT_TOO_LONG, "the input is longer than " + MAX_INPUT_LENGTH + " code points")));
    }
    try {
      return switch (format) {
        case AIPREF -> Aipref.importValue(input, options);
        case CONTENT_SIGNAL -> Robots.importFile(input, options, false);
        case ROBOTS -> Robots.importFile(input, options, true);
        case RSL -> Rsl.importXml(input, options);
        case TDMREP -> Tdmrep.importAny(input, options);
        case X_ROBOTS_TAG -> XRobotsTag.importAny(input, options);
      };
    } catch (RuntimeException | StackOverflowError e) {
      // Fail closed: an unexpected failure gives no terms, never partial ones.
      return new ImportResult(Optional.empty(), List.of(dev.flywheel.policy.Diagnostic.of(
          DiagnosticCode.INTERNAL_ERROR, "the import failed unexpectedly: " + e.getClass().getSimpleName())));
    }
  }

  /** Imports {@code input} in {@code format} with {@link ImportOptions#DEFAULTS}. */
  public static ImportResult importFrom(ImportFormat format, String input) {
    return importFrom(format, input, ImportOptions.DEFAULTS);
  }

  /**
   * Exports {@code policy} to {@code format}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static ExportResult exportTo(ExportFormat format, Policy policy) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(policy, "policy");
    return Exporter.export(format, policy);
  }
}
