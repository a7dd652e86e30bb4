package dev.flywheel.policy.interop;

import dev.flywheel.policy.grammar.TermsParser;

/** Collective names that imports put into terms must be names the language accepts, or the terms would not parse. */
final class Names {
  private Names() {}

  private static final TermsParser PARSER = TermsParser.withDefaults();

  /** True when {@code name} can stand as {@code pay collective NAME} (quoted if need be) in valid terms. */
  static boolean isValidCollective(String name) {
    String quoted = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return PARSER.parse("pay collective " + quoted).isValid();
  }
}
