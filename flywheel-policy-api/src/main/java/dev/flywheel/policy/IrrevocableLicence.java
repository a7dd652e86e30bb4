package dev.flywheel.policy;

import java.util.List;
import java.util.Optional;

/**
 * The licences with a floor: once an item is released under one of them, every use it grants stays allowed whatever
 * later statements say (docs/LANGUAGE.md, section 10, rule 10). A licence not listed here (unknown, revocable,
 * proprietary, or an id in another case) gives no floor. The engine applies this table; the record validator warns
 * from it; nothing else keeps a copy.
 */
public enum IrrevocableLicence {
  /** Creative Commons Zero 1.0: every use, no duties. */
  CC0_1_0("CC0-1.0", false, false),
  /** Creative Commons Attribution 3.0: every use, with attribution. */
  CC_BY_3_0("CC-BY-3.0", true, false),
  /** Creative Commons Attribution 4.0: every use, with attribution. */
  CC_BY_4_0("CC-BY-4.0", true, false),
  /** Creative Commons Attribution-ShareAlike 3.0: every use, with attribution. */
  CC_BY_SA_3_0("CC-BY-SA-3.0", true, false),
  /** Creative Commons Attribution-ShareAlike 4.0: every use, with attribution. */
  CC_BY_SA_4_0("CC-BY-SA-4.0", true, false),
  /** Creative Commons Attribution-NonCommercial 4.0: non-commercial use, with attribution. */
  CC_BY_NC_4_0("CC-BY-NC-4.0", true, true),
  /** Creative Commons Attribution-NonCommercial-ShareAlike 4.0: non-commercial use, with attribution. */
  CC_BY_NC_SA_4_0("CC-BY-NC-SA-4.0", true, true);

  private static final IrrevocableLicence[] VALUES = values();
  private static final List<Duty> ATTRIBUTION = List.of(Duty.Attribution.INSTANCE);

  private final String spdxId;
  private final boolean attribution;
  private final boolean noncommercialOnly;

  IrrevocableLicence(String spdxId, boolean attribution, boolean noncommercialOnly) {
    this.spdxId = spdxId;
    this.attribution = attribution;
    this.noncommercialOnly = noncommercialOnly;
  }

  /** {@return the SPDX id, e.g. {@code CC-BY-4.0}} */
  public String spdxId() {
    return spdxId;
  }

  /** {@return what the licence asks of every use it grants: attribution for the BY family, nothing for CC0} */
  public List<Duty> duties() {
    return attribution ? ATTRIBUTION : List.of();
  }

  /**
   * {@return true when the licence grants only non-commercial use (the request must declare {@link
   * Fact#NONCOMMERCIAL})}
   */
  public boolean noncommercialOnly() {
    return noncommercialOnly;
  }

  /**
   * {@return the licence with exactly this SPDX id (case-sensitive), if it has a floor; empty for {@code null}}
   *
   * @param spdxId an SPDX licence id, compared exactly; {@code null} gives empty
   */
  public static Optional<IrrevocableLicence> fromSpdxId(String spdxId) {
    if (spdxId != null) {
      for (IrrevocableLicence l : VALUES) {
        if (l.spdxId.equals(spdxId)) {
          return Optional.of(l);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return spdxId;
  }
}
