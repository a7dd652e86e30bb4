package dev.flywheel.policy.interop;

import java.util.Objects;

/**
 * Choices an import cannot read from the signal itself.
 *
 * @param agent the crawler's user-agent product token for robots.txt group selection ({@code *}: the default group)
 * @param path the path of the asset, for robots.txt {@code Content-Usage} path rules, RSL {@code content url} and
 *     TDMRep locations; starts with {@code /}
 * @param directCollective the collective that a CC signals <em>direct contribution</em> ({@code cc-cr-dc}) is paid
 *     to: the declaring party, whose name the signal does not carry
 * @param ecosystemCollective the collective that a CC signals <em>ecosystem contribution</em> ({@code cc-cr-ec}) is
 *     paid to
 * @param licensorCollective the payee of an RSL payment with no licence {@code server}: the licensor itself
 */
public record ImportOptions(
    String agent, String path, String directCollective, String ecosystemCollective, String licensorCollective) {

  /** The placeholder payee of a CC direct contribution. */
  public static final String DEFAULT_DIRECT_COLLECTIVE = "declaring-party";
  /** The placeholder payee of a CC ecosystem contribution. */
  public static final String DEFAULT_ECOSYSTEM_COLLECTIVE = "ai-ecosystem";
  /** The placeholder payee of an RSL payment without a licence server. */
  public static final String DEFAULT_LICENSOR_COLLECTIVE = "licensor";

  /** Agent {@code *}, path {@code /}, placeholder collectives. */
  public static final ImportOptions DEFAULTS = new ImportOptions(
      "*", "/", DEFAULT_DIRECT_COLLECTIVE, DEFAULT_ECOSYSTEM_COLLECTIVE, DEFAULT_LICENSOR_COLLECTIVE);

  /**
   * @throws IllegalArgumentException if a value is blank, the path does not start with {@code /}, or a collective is
   *     not a name the terms language accepts (too long, control or invisible characters, not NFC, mixed scripts)
   */
  public ImportOptions {
    requireText(agent, "agent");
    requireText(path, "path");
    requireText(directCollective, "directCollective");
    requireText(ecosystemCollective, "ecosystemCollective");
    requireText(licensorCollective, "licensorCollective");
    for (String collective : new String[] {directCollective, ecosystemCollective, licensorCollective}) {
      if (!Names.isValidCollective(collective)) {
        throw new IllegalArgumentException("not a valid collective name: " + collective);
      }
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
  }

  /** These options for crawler {@code newAgent}. */
  public ImportOptions withAgent(String newAgent) {
    return new ImportOptions(newAgent, path, directCollective, ecosystemCollective, licensorCollective);
  }

  /** These options for the asset at {@code newPath}. */
  public ImportOptions withPath(String newPath) {
    return new ImportOptions(agent, newPath, directCollective, ecosystemCollective, licensorCollective);
  }

  /** These options with other placeholder payees. */
  public ImportOptions withCollectives(String direct, String ecosystem, String licensor) {
    return new ImportOptions(agent, path, direct, ecosystem, licensor);
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
