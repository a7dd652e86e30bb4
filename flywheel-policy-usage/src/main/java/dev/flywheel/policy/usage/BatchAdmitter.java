package dev.flywheel.policy.usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The admission rule, written once for every store: given each counter's state as the batch begins, answers the
 * batch in order and records in the states what it counts. Stores differ only in how they load and save states.
 */
final class BatchAdmitter {
  private BatchAdmitter() {}

  /** The distinct counters a batch touches, with the smallest limit each claim gives. */
  static Map<CounterKey, Long> keys(List<Reservation> batch) {
    Map<CounterKey, Long> keys = new LinkedHashMap<>();
    for (Reservation r : batch) {
      for (QuotaClaim claim : r.claims()) {
        keys.merge(CounterKey.of(claim, r.at()), claim.limit(), Math::min);
      }
    }
    return keys;
  }

  static List<Admission> admit(List<Reservation> batch, Function<CounterKey, CounterState> states) {
    List<Admission> out = new ArrayList<>(batch.size());
    List<CounterState> touched = new ArrayList<>(2);
    List<Long> limits = new ArrayList<>(2);
    for (Reservation r : batch) {
      if (r.claims().isEmpty()) {
        out.add(Admission.NO_QUOTA);
        continue;
      }
      touched.clear();
      limits.clear();
      for (QuotaClaim claim : r.claims()) {
        CounterState state = states.apply(CounterKey.of(claim, r.at()));
        int at = touched.indexOf(state);
        if (at < 0) {
          touched.add(state);
          limits.add(claim.limit());
        } else if (claim.limit() < limits.get(at)) { // two caps of one owner and period: the smaller holds
          limits.set(at, claim.limit());
        }
      }
      boolean fits = true;
      boolean counts = false;
      for (int i = 0; i < touched.size(); i++) {
        CounterState state = touched.get(i);
        if (!state.counted.contains(r.itemId())) {
          counts = true;
          if (state.used >= limits.get(i)) {
            fits = false;
          }
        }
      }
      if (!counts) {
        out.add(Admission.ALREADY_COUNTED);
      } else if (!fits) {
        out.add(Admission.QUOTA);
      } else {
        for (int i = 0; i < touched.size(); i++) {
          CounterState state = touched.get(i);
          if (state.counted.add(r.itemId())) {
            state.used++;
            state.added.add(r.itemId());
            state.limit = Math.min(state.limit, limits.get(i));
          }
        }
        out.add(Admission.COUNTED);
      }
    }
    return out;
  }

  static void checkBatch(List<Reservation> batch) {
    if (batch.size() > QuotaCounter.MAX_BATCH) {
      throw new IllegalArgumentException("a batch holds at most " + QuotaCounter.MAX_BATCH + " reservations, this one "
          + batch.size());
    }
    for (Reservation r : batch) {
      java.util.Objects.requireNonNull(r, "reservation");
    }
  }
}
