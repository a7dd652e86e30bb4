package dev.flywheel.policy.engine.semantics;

import dev.flywheel.policy.Layer;
import java.util.Arrays;

/**
 * The statements of an item that apply at a given time, as {@link Layering#collect} finds them, held in arrays that
 * are reused from one item to the next: once grown to an item's number of layers, finding them allocates nothing.
 * Not thread-safe: one instance per thread.
 */
public final class ApplicableLayers {
  private static final byte CONTRIBUTOR = 0;
  private static final byte COLLECTIVE = 1;
  private static final byte STEWARD = 2;

  private byte[] kinds = new byte[4];
  private String[] terms = new String[4];
  private String[] collectives = new String[4];
  private int size;

  /** An empty set of layers. */
  public ApplicableLayers() {}

  /** {@return the number of applying statements} */
  public int size() {
    return size;
  }

  /**
   * {@return the terms text of the {@code i}-th applying statement}
   *
   * @param i its index, from 0 to {@link #size()} exclusive
   */
  public String terms(int i) {
    return terms[check(i)];
  }

  /**
   * {@return the collective of the {@code i}-th applying statement (also its quota scope), or {@code null} for the
   * contributor's or the steward's}
   *
   * @param i its index, from 0 to {@link #size()} exclusive
   */
  public String collective(int i) {
    return collectives[check(i)];
  }

  /**
   * {@return a number for the kind of layer of the {@code i}-th applying statement (contributor, collective or
   * steward), equal for equal kinds}
   *
   * @param i its index, from 0 to {@link #size()} exclusive
   */
  public int kind(int i) {
    return kinds[check(i)];
  }

  /**
   * {@return the layer of the {@code i}-th applying statement, as reasons name it}
   *
   * @param i its index, from 0 to {@link #size()} exclusive
   */
  public Layer layer(int i) {
    return switch (kinds[check(i)]) {
      case CONTRIBUTOR -> Layer.CONTRIBUTOR;
      case COLLECTIVE -> Layer.collective(collectives[i]);
      default -> Layer.STEWARD;
    };
  }

  /** Forgets every statement, keeping the arrays (and no reference to the statements' strings). */
  public void clear() {
    Arrays.fill(terms, 0, size, null); // not to keep an earlier item's strings reachable from a thread's instance
    Arrays.fill(collectives, 0, size, null);
    size = 0;
  }

  void addContributor(String text) {
    add(CONTRIBUTOR, text, null);
  }

  void addCollective(String text, String collective) {
    add(COLLECTIVE, text, collective);
  }

  void addSteward(String text) {
    add(STEWARD, text, null);
  }

  private void add(byte kind, String text, String collective) {
    if (size == kinds.length) {
      int grown = size * 2;
      kinds = Arrays.copyOf(kinds, grown);
      terms = Arrays.copyOf(terms, grown);
      collectives = Arrays.copyOf(collectives, grown);
    }
    kinds[size] = kind;
    terms[size] = text;
    collectives[size] = collective;
    size++;
  }

  private int check(int i) {
    return java.util.Objects.checkIndex(i, size);
  }
}
