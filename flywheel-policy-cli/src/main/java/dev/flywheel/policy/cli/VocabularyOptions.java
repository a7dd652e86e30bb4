package dev.flywheel.policy.cli;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine;

/**
 * The options whose values are words of the vocabulary ({@code --purpose}, {@code --fact}, {@code --honour}). Their
 * help text (through {@code ${COMPLETION-CANDIDATES}}), shell completion and conversion are all read from the enums'
 * {@code values()}, so a constant added to {@link Purpose}, {@link Fact} or {@link ObligationType} reaches the command
 * line without a change here.
 */
final class VocabularyOptions {
  /** A mistyped value within this many edits of a word gets that word as a suggestion. */
  private static final int SUGGESTION_DISTANCE = 2;

  private VocabularyOptions() {}

  /** The purpose words, in the enum's order: the candidates of {@code --purpose}. */
  static final class PurposeWords implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return words(Purpose.values(), Purpose::word).iterator();
    }
  }

  /** The fact words: the candidates of {@code --fact}. */
  static final class FactWords implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return words(Fact.values(), Fact::word).iterator();
    }
  }

  /** The obligation type words: the candidates of {@code --honour}. */
  static final class ObligationWords implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return words(ObligationType.values(), ObligationType::word).iterator();
    }
  }

  /** Converts the language's lower-case purpose words. */
  static final class PurposeConverter implements CommandLine.ITypeConverter<Purpose> {
    @Override
    public Purpose convert(String value) {
      return VocabularyOptions.convert(value, "purpose", Purpose::fromWord, new PurposeWords());
    }
  }

  /** Converts fact words. */
  static final class FactConverter implements CommandLine.ITypeConverter<Fact> {
    @Override
    public Fact convert(String value) {
      return VocabularyOptions.convert(value, "fact", Fact::fromWord, new FactWords());
    }
  }

  /** Converts obligation type words. */
  static final class ObligationConverter implements CommandLine.ITypeConverter<ObligationType> {
    @Override
    public ObligationType convert(String value) {
      return VocabularyOptions.convert(value, "obligation type", ObligationType::fromWord, new ObligationWords());
    }
  }

  /**
   * The constant spelled {@code value}; otherwise a conversion error naming every word and, when one is close, the
   * word the user probably meant.
   */
  static <E> E convert(String value, String what, Function<String, Optional<E>> fromWord, Iterable<String> words) {
    return fromWord.apply(value).orElseThrow(() -> new CommandLine.TypeConversionException(
        unknownMessage(value, what, words)));
  }

  static String unknownMessage(String value, String what, Iterable<String> words) {
    List<String> all = new ArrayList<>();
    words.forEach(all::add);
    StringBuilder message = new StringBuilder("unknown ").append(what).append(" '").append(value)
        .append("': use one of ").append(String.join(", ", all));
    String suggestion = closest(value, all);
    if (suggestion != null) {
      message.append(" (did you mean '").append(suggestion).append("'?)");
    }
    return message.toString();
  }

  /** The word within {@link #SUGGESTION_DISTANCE} edits of {@code value} (ignoring case), the nearest first. */
  private static String closest(String value, List<String> words) {
    // The threshold bounds the work for a long value: the distance stops once it is past the threshold.
    LevenshteinDistance distance = new LevenshteinDistance(SUGGESTION_DISTANCE);
    String lower = value.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String word : words) {
      int d = distance.apply(lower, word);
      if (d >= 0 && d < bestDistance && d < word.length()) {
        best = word;
        bestDistance = d;
      }
    }
    return best;
  }

  private static <E> List<String> words(E[] values, Function<E, String> word) {
    List<String> words = new ArrayList<>(values.length);
    for (E value : values) {
      words.add(word.apply(value));
    }
    return words;
  }
}
