package dev.flywheel.policy.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.spi.PolicyEngineProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Interop answers through the engine that {@link PolicyEngine#builder()} finds with the service loader. The engine is
 * a compile dependency of this module, so whoever depends on interop gets exactly that one provider.
 */
class TermsEvaluatorEngineTest {

  @Test
  void serviceLoader_interopClassPath_findsExactlyTheFlywheelEngine() {
    List<String> providers = ServiceLoader.load(PolicyEngineProvider.class).stream()
        .map(p -> p.type().getName()).toList();
    assertEquals(List.of("dev.flywheel.policy.engine.EngineProvider"), providers);
  }

  @Test
  void builder_interopClassPath_buildsTheFlywheelEngine() {
    PolicyEngine engine = PolicyEngine.builder().build();
    assertEquals("dev.flywheel.policy.engine", engine.getClass().getPackageName());
  }
}
