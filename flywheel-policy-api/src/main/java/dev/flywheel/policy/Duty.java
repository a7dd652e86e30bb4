package dev.flywheel.policy;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something a consumer must do to use an item: the conditions of terms that are not facts, and the obligations a
 * {@link Decision.Obligation} lists. Duties are plain values: two duties are equal when they ask for the same thing.
 */
public sealed interface Duty permits Duty.Attribution, Duty.Payment, Duty.Quota {

  /** {@return the kind of this duty} */
  ObligationType type();

  /** Credit the contributor. Spelled {@code attribution}. */
  record Attribution() implements Duty {
    /** The one attribution duty. */
    public static final Attribution INSTANCE = new Attribution();

    @Override
    public ObligationType type() {
      return ObligationType.ATTRIBUTION;
    }
  }

  /**
   * Pay a collective. Spelled {@code pay collective NAME} or {@code pay collective NAME 0.002 EUR per item}.
   *
   * @param collective the collective's name, as written (without quotes); never blank
   * @param amount the price per item, or {@code null} when the terms give none
   */
  record Payment(String collective, Amount amount) implements Duty {
    /**
     * Creates the record: rejects a missing required component.
     *
     * @param collective the collective's name, as written (without quotes); never blank
     * @param amount the price per item, or {@code null} when the terms give none
     * @throws IllegalArgumentException if a component is outside what the type's description allows
     * @throws NullPointerException if a required component is null
     */
    public Payment {
      Objects.requireNonNull(collective, "collective");
      if (collective.isBlank()) {
        throw new IllegalArgumentException("collective name is blank");
      }
    }

    @Override
    public ObligationType type() {
      return ObligationType.PAYMENT;
    }
  }

  /**
   * Stay within a cap. Spelled {@code limit 5000 per month}. The engine reports the cap; the caller's ledger counts.
   *
   * @param limit the number of items allowed per period, at least 1
   * @param period the calendar period (UTC) the cap applies to
   * @param scope who the cap belongs to: the collective's name when it comes from a collective's statement, otherwise
   *     {@code null} (the terms' own author). The parser always gives {@code null}; the engine fills it in.
   */
  record Quota(long limit, QuotaPeriod period, String scope) implements Duty {
    /**
     * Creates the record: rejects a missing required component.
     *
     * @param limit the number of items allowed per period, at least 1
     * @param period the calendar period (UTC) the cap applies to
     * @param scope who the cap belongs to: the collective's name when it comes from a collective's statement, otherwise
     *     {@code null} (the terms' own author). The parser always gives {@code null}; the engine fills it in.
     * @throws IllegalArgumentException if a component is outside what the type's description allows
     * @throws NullPointerException if a required component is null
     */
    public Quota {
      if (limit < 1) {
        throw new IllegalArgumentException("quota limit must be at least 1: " + limit);
      }
      Objects.requireNonNull(period, "period");
    }

    /**
     * {@return this cap, owned by {@code newScope}}
     *
     * @param newScope the collective that owns the cap, or {@code null} for the contributor
     */
    public Quota withScope(String newScope) {
      return new Quota(limit, period, newScope);
    }

    @Override
    public ObligationType type() {
      return ObligationType.QUOTA;
    }
  }

  /**
   * A price per item.
   *
   * @param value the price, zero or more; trailing zeros are stripped so {@code 0.0020} equals {@code 0.002}
   * @param currency an ISO 4217-style code of three upper-case ASCII letters, e.g. {@code EUR}
   */
  record Amount(BigDecimal value, String currency) {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /**
     * Creates the record: rejects a missing required component.
     *
     * @param value the price, zero or more; trailing zeros are stripped so {@code 0.0020} equals {@code 0.002}
     * @param currency an ISO 4217-style code of three upper-case ASCII letters, e.g. {@code EUR}
     * @throws IllegalArgumentException if a component is outside what the type's description allows
     * @throws NullPointerException if a required component is null
     */
    public Amount {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(currency, "currency");
      if (value.signum() < 0) {
        throw new IllegalArgumentException("amount is negative: " + value);
      }
      if (!CURRENCY.matcher(currency).matches()) {
        throw new IllegalArgumentException("currency is not three upper-case letters: " + currency);
      }
      value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /** {@return the value in plain notation, never with an exponent: {@code 0.002}, {@code 10}} */
    public String plainValue() {
      return value.toPlainString();
    }
  }
}
