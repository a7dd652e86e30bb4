package dev.flywheel.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IrrevocableLicenceTest {

  @Test
  void fromSpdxId_isExactAndCaseSensitive() {
    assertEquals(Optional.of(IrrevocableLicence.CC_BY_4_0), IrrevocableLicence.fromSpdxId("CC-BY-4.0"));
    assertEquals(Optional.empty(), IrrevocableLicence.fromSpdxId("cc-by-4.0"));
    assertEquals(Optional.empty(), IrrevocableLicence.fromSpdxId("CC-BY-NC-3.0"));
    assertEquals(Optional.empty(), IrrevocableLicence.fromSpdxId("proprietary"));
    assertEquals(Optional.empty(), IrrevocableLicence.fromSpdxId(null));
    for (IrrevocableLicence l : IrrevocableLicence.values()) {
      assertEquals(Optional.of(l), IrrevocableLicence.fromSpdxId(l.spdxId()));
    }
  }

  @Test
  void duties_attributionForTheByFamilyOnly() {
    assertEquals(List.of(), IrrevocableLicence.CC0_1_0.duties());
    assertEquals(List.of(Duty.Attribution.INSTANCE), IrrevocableLicence.CC_BY_SA_4_0.duties());
    assertTrue(IrrevocableLicence.CC_BY_NC_SA_4_0.noncommercialOnly());
    assertFalse(IrrevocableLicence.CC_BY_4_0.noncommercialOnly());
  }
}
