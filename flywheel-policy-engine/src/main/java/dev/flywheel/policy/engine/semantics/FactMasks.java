package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Request;
import java.util.ArrayList;
import java.util.List;

/** Facts as bit masks of {@link Fact} ordinals, the form the rules and the compact tables compare them in. */
public final class FactMasks {
  private static final Fact[] FACTS = Fact.values();

  private FactMasks() {}

  /**
   * The facts a request declares; allocation-free.
   *
   * @param request the request
   * @return bit {@code f.ordinal()} set for each declared fact {@code f}
   */
  public static int of(Request request) {
    if (request.facts().isEmpty()) {
      return 0; // the common request: no lookups per fact
    }
    int mask = 0;
    for (int i = 0; i < FACTS.length; i++) {
      if (request.facts().contains(FACTS[i])) {
        mask |= 1 << i;
      }
    }
    return mask;
  }

  /**
   * The facts of a mask, in enum order (the order {@code wouldAllowWith} lists them in).
   *
   * @param mask bit {@code f.ordinal()} set for each fact {@code f}
   * @return an immutable list
   */
  public static List<Fact> factsOf(int mask) {
    if (mask == 0) {
      return List.of();
    }
    List<Fact> facts = new ArrayList<>(2);
    for (Fact f : FACTS) {
      if ((mask & (1 << f.ordinal())) != 0) {
        facts.add(f);
      }
    }
    return List.copyOf(facts);
  }
}
