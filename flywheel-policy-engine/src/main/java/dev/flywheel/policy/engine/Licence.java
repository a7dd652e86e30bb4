package dev.flywheel.policy.engine;

import dev.flywheel.policy.Duty;
import java.util.List;
import java.util.Map;

/**
 * An irrevocable licence the engine knows: once an item is released under it, every use it grants stays allowed
 * whatever later statements say (the licence floor). Licences not in this table give no floor.
 *
 * @param id the SPDX id, matched exactly (case-sensitive)
 * @param duties what the licence asks of every use (attribution for the BY family)
 * @param noncommercialOnly true when the licence grants only non-commercial use (the request must declare the fact
 *     {@code noncommercial})
 */
record Licence(String id, List<Duty> duties, boolean noncommercialOnly) {

  private static final List<Duty> ATTRIBUTION = List.of(Duty.Attribution.INSTANCE);

  private static final Map<String, Licence> TABLE = Map.of(
      "CC0-1.0", new Licence("CC0-1.0", List.of(), false),
      "CC-BY-3.0", new Licence("CC-BY-3.0", ATTRIBUTION, false),
      "CC-BY-4.0", new Licence("CC-BY-4.0", ATTRIBUTION, false),
      "CC-BY-SA-3.0", new Licence("CC-BY-SA-3.0", ATTRIBUTION, false),
      "CC-BY-SA-4.0", new Licence("CC-BY-SA-4.0", ATTRIBUTION, false),
      "CC-BY-NC-4.0", new Licence("CC-BY-NC-4.0", ATTRIBUTION, true),
      "CC-BY-NC-SA-4.0", new Licence("CC-BY-NC-SA-4.0", ATTRIBUTION, true));

  /** The licence with SPDX id {@code id}, or {@code null} when it is unknown or revocable (or {@code id} is null). */
  static Licence find(String id) {
    return id == null ? null : TABLE.get(id);
  }

  /** Every SPDX id in the table. */
  static java.util.Set<String> ids() {
    return TABLE.keySet();
  }

  /** One sentence for the reason the floor gives. */
  String message(String purposeWord) {
    return "licence " + id + " irrevocably grants " + purposeWord
        + (noncommercialOnly ? " for non-commercial use" : "")
        + (duties.isEmpty() ? "" : " with attribution");
  }
}
