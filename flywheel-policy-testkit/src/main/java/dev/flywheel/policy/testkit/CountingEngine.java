package dev.flywheel.policy.testkit;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.terms.ParseResult;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PolicyEngine} that delegates to the real engine (found as {@link PolicyEngine#builder()} finds it, with
 * cache maintenance on the calling thread) and counts how terms reach its parser: through {@link #prepare} or through
 * {@link #parse}. For tests that show a text is parsed once however many records carry it. Thread-safe.
 */
public final class CountingEngine implements PolicyEngine {
  private final PolicyEngine real = PolicyEngine.builder().executor(Runnable::run).build();
  private final AtomicInteger prepares = new AtomicInteger();
  private final AtomicInteger parses = new AtomicInteger();

  /** {@return how many times {@link #prepare} was called} */
  public int prepares() {
    return prepares.get();
  }

  /** {@return how many times {@link #parse} was called} */
  public int parses() {
    return parses.get();
  }

  @Override
  public Decision decide(String terms, Request request) {
    return real.decide(terms, request);
  }

  @Override
  public Decision decide(ItemTerms item, Request request) {
    return real.decide(item, request);
  }

  @Override
  public ParseResult parse(String terms) {
    parses.incrementAndGet();
    return real.parse(terms);
  }

  @Override
  public ParseResult prepare(String terms) {
    prepares.incrementAndGet();
    return real.prepare(terms);
  }
}
