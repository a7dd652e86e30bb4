package dev.flywheel.policy.conformance;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.ItemTerms;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.terms.ParseResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A scripted engine, so the runner's own logic is tested without the real engine. Records what it was asked. */
final class FakeEngine implements PolicyEngine {
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final BiFunction<String, Request, Decision> onTerms;
  private final BiFunction<ItemTerms, Request, Decision> onItem;
  private final Function<String, ParseResult> onParse;

  FakeEngine(BiFunction<String, Request, Decision> onTerms, BiFunction<ItemTerms, Request, Decision> onItem,
      Function<String, ParseResult> onParse) {
    this.onTerms = onTerms;
    this.onItem = onItem;
    this.onParse = onParse;
  }

  static FakeEngine deciding(BiFunction<String, Request, Decision> onTerms) {
    return new FakeEngine(onTerms, (i, r) -> {
      throw new AssertionError("unexpected item");
    }, t -> {
      throw new AssertionError("unexpected parse");
    });
  }

  @Override
  public Decision decide(String terms, Request request) {
    calls.add("terms " + terms + " " + request.purpose() + " " + request.at());
    return onTerms.apply(terms, request);
  }

  @Override
  public Decision decide(ItemTerms item, Request request) {
    calls.add("item " + item.terms() + " " + request.purpose());
    return onItem.apply(item, request);
  }

  @Override
  public ParseResult parse(String terms) {
    calls.add("parse " + terms);
    return onParse.apply(terms);
  }
}
