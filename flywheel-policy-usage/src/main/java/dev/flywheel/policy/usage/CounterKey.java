package dev.flywheel.policy.usage;

import java.util.Comparator;

/** One counter of one consumer: an owner's cap in one period instance. */
record CounterKey(QuotaOwner owner, PeriodInstance instance) {

  /** The order counters are locked in, so that two transactions never wait for each other in a cycle. */
  static final Comparator<CounterKey> ORDER = Comparator
      .comparing((CounterKey k) -> k.owner().kind())
      .thenComparing(k -> k.owner().name())
      .thenComparing(k -> k.instance().period())
      .thenComparing(k -> k.instance().start());

  static CounterKey of(QuotaClaim claim, java.time.Instant at) {
    return new CounterKey(claim.owner(), PeriodInstance.containing(claim.period(), at));
  }
}
