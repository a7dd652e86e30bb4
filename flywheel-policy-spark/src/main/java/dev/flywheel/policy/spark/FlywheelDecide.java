package dev.flywheel.policy.spark;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Reason;
import dev.flywheel.policy.Request;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark UDF {@code flywheel_decide(terms, purpose, facts, at)}: the engine's decision for one terms string.
 *
 * <ul>
 *   <li>{@code terms} (string): terms in the flywheel-policy language;
 *   <li>{@code purpose} (string): a purpose word ({@code train}, {@code eval}, ...);
 *   <li>{@code facts} (array of strings, may be null for none): fact words ({@code open-weights},
 *       {@code noncommercial});
 *   <li>{@code at} (timestamp): the time of use.
 * </ul>
 *
 * <p>Returns the struct {@link #RETURN_TYPE} ({@link #RETURN_TYPE_DDL}): {@code decision} ({@code allow},
 * {@code deny}, {@code obligation}), {@code obligations} (array of {type, collective, amount, currency, limit,
 * period, scope}), {@code basis} ({@code explicit}, {@code default}, {@code error}) and {@code reasons} (array of
 * {layer, name, clause, message}). Fails closed: null or unparseable terms, an unknown purpose or fact word, a null
 * time, or any failure give {@code deny} with basis {@code error} and a reason saying why; it never throws into the
 * query.
 *
 * <p>Deterministic: the same arguments give the same struct. Decisions come from the JVM's one engine
 * ({@link EngineHolder}), so each distinct terms string is compiled once per executor. The public no-argument
 * constructor lets PySpark register it: {@code spark.udf.registerJavaFunction("flywheel_decide",
 * "dev.flywheel.policy.spark.FlywheelDecide", RETURN_TYPE_DDL)}.
 */
public final class FlywheelDecide implements UDF4<String, String, scala.collection.Seq<String>, Object, Row> {
  private static final long serialVersionUID = 1L;

  /** The SQL name it is registered under. */
  public static final String NAME = "flywheel_decide";

  /** The result's type. */
  public static final StructType RETURN_TYPE = new StructType()
      .add("decision", DataTypes.StringType, false)
      .add("obligations", DataTypes.createArrayType(Rows.OBLIGATION, false), false)
      .add("basis", DataTypes.StringType, false)
      .add("reasons", DataTypes.createArrayType(Rows.REASON, false), false);

  /** {@link #RETURN_TYPE} as DDL, for {@code registerJavaFunction} in PySpark. */
  public static final String RETURN_TYPE_DDL = RETURN_TYPE.toDDL();

  /** A UDF instance; stateless (the engine is the JVM's). */
  public FlywheelDecide() {}

  /** Registers {@value #NAME} with {@code spark} for SQL and {@code functions.call_function}. */
  public static void register(SparkSession spark) {
    spark.udf().register(NAME, new FlywheelDecide(), RETURN_TYPE);
  }

  /** The UDF for the Dataset API: {@code df.select(FlywheelDecide.udf().apply(col("terms"), ...))}. */
  public static UserDefinedFunction udf() {
    return functions.udf(new FlywheelDecide(), RETURN_TYPE).withName(NAME);
  }

  @Override
  public Row call(String terms, String purpose, scala.collection.Seq<String> facts, Object at) {
    try {
      if (terms == null) {
        return error("no terms (null): denied");
      }
      Purpose p = purpose == null ? null : Purpose.fromWord(purpose).orElse(null);
      if (p == null) {
        return error("unknown purpose '" + purpose + "': denied");
      }
      Set<Fact> factSet = EnumSet.noneOf(Fact.class);
      if (facts != null) {
        scala.collection.Iterator<String> it = facts.iterator();
        while (it.hasNext()) {
          String word = it.next();
          Fact fact = word == null ? null : Fact.fromWord(word).orElse(null);
          if (fact == null) {
            return error("unknown fact '" + word + "': denied");
          }
          factSet.add(fact);
        }
      }
      Instant instant = instant(at);
      if (instant == null) {
        return error("no time of use (null): denied; pass current_timestamp() for now");
      }
      Request request = new Request(p, factSet, instant, Set.of());
      return row(EngineHolder.engine().decide(terms, request));
    } catch (RuntimeException e) {
      return error("decision failed: internal error (" + e.getClass().getSimpleName() + "): denied");
    }
  }

  /** Spark hands timestamps as {@link Timestamp}, or as {@link Instant} with the Java 8 time API on. */
  private static Instant instant(Object at) {
    if (at instanceof Timestamp ts) {
      return ts.toInstant();
    } else if (at instanceof Instant i) {
      return i;
    } else if (at instanceof LocalDateTime ldt) {
      return ldt.toInstant(ZoneOffset.UTC);
    }
    return null;
  }

  static Row row(Decision decision) {
    return RowFactory.create(decision.kind().word(), Rows.obligations(decision.obligations()),
        decision.basis().word(), Rows.reasons(decision.reasons()));
  }

  private static Row error(String message) {
    return row(new Decision.Deny(Decision.Basis.ERROR, List.of(new Reason(Layer.DEFAULT, null, null, message)),
        List.of(), List.of()));
  }
}
