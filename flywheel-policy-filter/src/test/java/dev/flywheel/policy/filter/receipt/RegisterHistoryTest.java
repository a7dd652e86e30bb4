package dev.flywheel.policy.filter.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.flywheel.policy.register.LoadResult;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterLog;
import dev.flywheel.policy.register.testing.SignedRegister;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The register's prefixes an audit indexes: at most {@link RegisterHistory#KEPT_PREFIXES} kept. */
class RegisterHistoryTest {
  @TempDir
  Path dir;

  @Test
  void prefix_asManyDistinctAsItKeeps_keepsThemAllAndOneMore_dropsTheLeastRecentlyUsed() throws Exception {
    SignedRegister reg = new SignedRegister(dir);
    reg.admit(RegisterEntry.STEWARD, "2026-01-01T00:00:00Z");
    for (int i = 0; i < RegisterHistory.KEPT_PREFIXES + 4; i++) {
      reg.admit("collective-" + i, "2026-01-01T00:00:00Z");
    }
    LoadResult loaded = RegisterLog.load(dir, reg.operator.publicKey(), RegisterLimits.defaults());
    RegisterHistory history = new RegisterHistory(((LoadResult.Verified) loaded).log());
    Register[] made = new Register[RegisterHistory.KEPT_PREFIXES];
    for (int k = 0; k < RegisterHistory.KEPT_PREFIXES; k++) {
      made[k] = history.prefix(k);
    }
    Register first = made[0];
    assertEquals(RegisterHistory.KEPT_PREFIXES, history.keptPrefixes());
    assertSame(first, history.prefix(0), "at the bound every prefix is kept");
    Register second = history.prefix(1); // now prefix 2 is the least recently used
    Register third = history.prefix(2);
    history.prefix(1);
    history.prefix(0);
    history.prefix(RegisterHistory.KEPT_PREFIXES); // one more: the least recently used (3) goes
    assertEquals(RegisterHistory.KEPT_PREFIXES, history.keptPrefixes());
    assertSame(second, history.prefix(1));
    assertSame(third, history.prefix(2));
    assertSame(first, history.prefix(0));
    assertEquals(RegisterHistory.KEPT_PREFIXES, history.keptPrefixes());
    assertSame(made[4], history.prefix(4), "only one went");
    assertNotSame(made[3], history.prefix(3), "dropped, indexed again when asked for");
  }
}
