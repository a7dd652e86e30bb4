package dev.flywheel.policy;

import java.util.Optional;

/**
 * The uses an item may be put to. Purposes form a tree; a clause about a purpose applies to it and to every purpose
 * under it.
 *
 * <pre>
 * any            every automated use
 * ├── ai         every AI use
 * │   ├── train  changing a model's parameters
 * │   │   └── train-genai   training generative models
 * │   ├── eval   evaluating or benchmarking a model without training on the item
 * │   └── input  feeding the item to a model at inference time (RAG, grounding)
 * └── search     indexing and linking, no AI summaries
 * </pre>
 */
public enum Purpose {
  /** Every automated use: the root of the tree. */
  ANY("any", null),
  /** Every AI use. */
  AI("ai", ANY),
  /** Changing a model's parameters with the item. */
  TRAIN("train", AI),
  /** Training generative models. */
  TRAIN_GENAI("train-genai", TRAIN),
  /** Evaluating or benchmarking a model without training on the item. */
  EVAL("eval", AI),
  /** Feeding the item to a model at inference time (RAG, grounding). */
  INPUT("input", AI),
  /** Indexing and linking, without AI summaries. */
  SEARCH("search", ANY);

  private static final Purpose[] VALUES = values();

  private final String word;
  private final Purpose parent;
  private final int depth;

  Purpose(String word, Purpose parent) {
    this.word = word;
    this.parent = parent;
    this.depth = parent == null ? 0 : parent.depth + 1;
  }

  /** {@return the word for this purpose in the terms language, e.g. {@code train-genai}} */
  public String word() {
    return word;
  }

  /** {@return the purpose directly above this one, or {@code null} for {@link #ANY}} */
  public Purpose parent() {
    return parent;
  }

  /**
   * Distance from {@link #ANY}: 0 for {@code any}, 3 for {@code train-genai}.
   *
   * @return the number of edges between this purpose and {@link #ANY}, from 0 to 3
   */
  public int depth() {
    return depth;
  }

  /**
   * {@return true when this purpose is {@code other} or lies under it (so a clause about {@code other} applies to it)}
   *
   * @param other the purpose a clause is about
   */
  public boolean isWithin(Purpose other) {
    for (Purpose p = this; p != null; p = p.parent) {
      if (p == other) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@return the purpose spelled {@code word} (exact, lower-case), if any} Allocation-free when absent.
   *
   * @param word the word as written in terms; {@code null} gives empty
   */
  public static Optional<Purpose> fromWord(String word) {
    for (Purpose p : VALUES) {
      if (p.word.equals(word)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return word;
  }
}
