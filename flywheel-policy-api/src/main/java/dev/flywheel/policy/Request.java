package dev.flywheel.policy;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a consumer asks: may I use an item for this purpose, given these facts about me, at this time?
 *
 * <p>A request is immutable and may be shared between threads and reused for every item of a dataset; building it
 * once outside the loop keeps the engine's hot path free of allocation.
 *
 * @param purpose the declared purpose
 * @param facts facts the consumer declares about itself ({@code open-weights}, {@code noncommercial})
 * @param at the time of use, or {@code null} for "now" from the engine's clock
 * @param honoured the obligation types the consumer can honour; an {@link Decision.Obligation} is
 *     {@link Decision#isAllowed() allowed} only when every obligation it lists is of one of these types
 */
public record Request(Purpose purpose, Set<Fact> facts, Instant at, Set<ObligationType> honoured) {

  /**
   * Creates the record: rejects a missing required component; copies the collections, so the record is immutable.
   *
   * @param purpose the declared purpose
   * @param facts facts the consumer declares about itself ({@code open-weights}, {@code noncommercial})
   * @param at the time of use, or {@code null} for "now" from the engine's clock
   * @param honoured the obligation types the consumer can honour; an {@link Decision.Obligation} is
   *     {@link Decision#isAllowed() allowed} only when every obligation it lists is of one of these types
   * @throws NullPointerException if a required component is null
   */
  public Request {
    Objects.requireNonNull(purpose, "purpose");
    facts = facts.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(Fact.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(facts));
    honoured = honoured.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(ObligationType.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(honoured));
  }

  /**
   * {@return a request for {@code purpose} with no facts, at the engine's "now", honouring nothing}
   *
   * @param purpose the use the item would be put to
   */
  public static Request of(Purpose purpose) {
    return new Request(purpose, Set.of(), null, Set.of());
  }

  /**
   * {@return this request with {@code newFacts} declared instead of its current facts}
   *
   * @param newFacts the facts the consumer declares about its use
   */
  public Request withFacts(Fact... newFacts) {
    return new Request(purpose, Set.of(newFacts), at, honoured);
  }

  /**
   * {@return this request at the instant {@code time} ({@code null}: the engine's "now")}
   *
   * @param time the instant of use, or {@code null} for the engine's clock at decision time
   */
  public Request at(Instant time) {
    return new Request(purpose, facts, time, honoured);
  }

  /**
   * {@return this request able to honour {@code types} instead of its current ones}
   *
   * @param types the obligation types the consumer can honour
   */
  public Request honouring(ObligationType... types) {
    return new Request(purpose, facts, at, Set.of(types));
  }
}
