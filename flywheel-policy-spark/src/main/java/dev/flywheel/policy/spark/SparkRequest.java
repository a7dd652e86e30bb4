package dev.flywheel.policy.spark;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link Request} in a form Spark can ship to executors: the words of its purpose, facts and honoured types, and
 * its time (required: every partition must decide at the same instant).
 */
final class SparkRequest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String purpose;
  private final List<String> facts;
  private final long atSeconds;
  private final int atNanos;
  private final List<String> honoured;
  private transient Request request;

  SparkRequest(Request request) {
    Objects.requireNonNull(request.at(), "the request needs a time");
    this.purpose = request.purpose().word();
    this.facts = new ArrayList<>();
    request.facts().forEach(f -> facts.add(f.word()));
    this.atSeconds = request.at().getEpochSecond();
    this.atNanos = request.at().getNano();
    this.honoured = new ArrayList<>();
    request.honoured().forEach(t -> honoured.add(t.word()));
    this.request = request;
  }

  Request request() {
    Request r = request;
    if (r == null) {
      Set<Fact> f = EnumSet.noneOf(Fact.class);
      facts.forEach(w -> f.add(Fact.fromWord(w).orElseThrow()));
      Set<ObligationType> h = EnumSet.noneOf(ObligationType.class);
      honoured.forEach(w -> h.add(ObligationType.fromWord(w).orElseThrow()));
      r = new Request(Purpose.fromWord(purpose).orElseThrow(), f, Instant.ofEpochSecond(atSeconds, atNanos), h);
      request = r;
    }
    return r;
  }
}
