package dev.flywheel.policy.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The usage store in memory: the counters live as long as the object. */
final class MemoryStore implements UsageStore {
  private final Map<String, Map<CounterKey, CounterState>> counters = new HashMap<>();
  private boolean closed;

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public String kind() {
    return "memory";
  }

  @Override
  public QuotaCounter counter(String consumer) {
    checkConsumerArgument(consumer);
    return new QuotaCounter() {
      @Override
      public String consumer() {
        return consumer;
      }

      @Override
      public String store() {
        return describe();
      }

      @Override
      public String kind() {
        return MemoryStore.this.kind();
      }

      @Override
      public List<Admission> reserve(List<Reservation> batch) {
        BatchAdmitter.checkBatch(batch);
        synchronized (MemoryStore.this) {
          if (closed) {
            throw new IllegalStateException("the usage store is closed");
          }
          Map<CounterKey, CounterState> own = counters.computeIfAbsent(consumer, c -> new HashMap<>());
          List<Admission> answers = BatchAdmitter.admit(batch, k -> own.computeIfAbsent(k, x -> CounterState.fresh()));
          own.values().forEach(s -> s.added.clear());
          return answers;
        }
      }

      @Override
      public Optional<StoreError> lastError() {
        return Optional.empty();
      }
    };
  }

  static void checkConsumerArgument(String consumer) {
    Optional<String> problem = UsageStore.checkConsumer(consumer);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
  }

  @Override
  public synchronized StoreResult<List<UsageRow>> usage(String consumer) {
    List<UsageRow> rows = new ArrayList<>();
    counters.forEach((c, own) -> {
      if (consumer == null || consumer.equals(c)) {
        own.forEach((k, s) -> {
          if (s.used > 0) {
            rows.add(new UsageRow(c, k.owner(), k.instance(), s.limit, s.used));
          }
        });
      }
    });
    rows.sort(JdbcStore.ROW_ORDER);
    return new StoreResult.Ok<>(List.copyOf(rows));
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
