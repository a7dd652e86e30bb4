package dev.flywheel.policy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** {@code flywheel_decide} in SQL and the Dataset API, on the engine's examples, and failing closed. */
class FlywheelDecideTest {
  private static final String AT = "2027-03-01";
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.session();
    FlywheelDecide.register(spark);
  }

  /** terms, purpose, facts (comma-separated), at, expected decision, expected obligation types, expected basis. */
  private static final List<String[]> EXAMPLES = List.of(
      new String[] {"eval-only", "eval", "", AT, "allow", "", "explicit"},
      new String[] {"eval-only", "train", "", AT, "deny", "", "explicit"},
      new String[] {"train if attribution", "train", "", AT, "obligation", "attribution", "explicit"},
      new String[] {"train if attribution", "eval", "", AT, "deny", "", "default"},
      new String[] {"pay collective masakhane", "search", "", AT, "obligation", "payment", "explicit"},
      new String[] {"allow train; deny train", "train", "", AT, "deny", "", "explicit"},
      new String[] {"deny ai; allow eval", "eval", "", AT, "allow", "", "explicit"},
      new String[] {"deny ai; allow eval", "train", "", AT, "deny", "", "explicit"},
      new String[] {"train if open-weights", "train", "", AT, "deny", "", "explicit"},
      new String[] {"train if open-weights", "train", "open-weights", AT, "allow", "", "explicit"},
      new String[] {"deny train until 2027-01-01; allow train", "train", "", "2026-12-31", "deny", "", "explicit"},
      new String[] {"deny train until 2027-01-01; allow train", "train", "", "2027-01-01", "allow", "", "explicit"},
      new String[] {"trian if attribution", "train", "", AT, "deny", "", "error"},
      new String[] {"limit 3 per month", "train", "", AT, "obligation", "quota", "explicit"});

  private static Dataset<Row> examples() {
    StructType schema = new StructType().add("terms", DataTypes.StringType).add("purpose", DataTypes.StringType)
        .add("facts", DataTypes.createArrayType(DataTypes.StringType)).add("at", DataTypes.TimestampType)
        .add("i", DataTypes.IntegerType);
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < EXAMPLES.size(); i++) {
      String[] e = EXAMPLES.get(i);
      rows.add(RowFactory.create(e[0], e[1], e[2].isEmpty() ? new String[0] : e[2].split(","),
          Timestamp.from(Instant.parse(e[3] + "T00:00:00Z")), i));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static void assertExamples(List<Row> results) {
    assertEquals(EXAMPLES.size(), results.size());
    PolicyEngine engine = PolicyEngine.builder().build();
    for (Row row : results) {
      String[] e = EXAMPLES.get(row.getInt(0));
      Row d = row.getStruct(1);
      String label = String.join(" | ", e);
      assertEquals(e[4], d.getString(0), label);
      List<Row> obligations = d.getList(1);
      assertEquals(e[5], String.join(",", obligations.stream().map(o -> o.getString(0)).toList()), label);
      assertEquals(e[6], d.getString(2), label);
      assertTrue(!d.getList(3).isEmpty(), "reasons: " + label);
      // And exactly the engine's decision, reasons included.
      Set<Fact> facts = e[2].isEmpty() ? Set.of() : Set.of(Fact.fromWord(e[2]).orElseThrow());
      Decision expected = engine.decide(e[0], new Request(Purpose.fromWord(e[1]).orElseThrow(), facts,
          Instant.parse(e[3] + "T00:00:00Z"), Set.of()));
      assertEquals(plain(FlywheelDecide.row(expected)), plain(d), label);
    }
  }

  /** Rows, arrays and Scala sequences as nested lists, so results built in Java and read from Spark compare. */
  private static Object plain(Object value) {
    List<Object> out = new java.util.ArrayList<>();
    if (value instanceof Row row) {
      for (int i = 0; i < row.length(); i++) {
        out.add(plain(row.get(i)));
      }
    } else if (value instanceof Object[] array) {
      for (Object o : array) {
        out.add(plain(o));
      }
    } else if (value instanceof scala.collection.Seq<?> seq) {
      for (Object o : CollectionConverters.asJava(seq)) {
        out.add(plain(o));
      }
    } else {
      return value;
    }
    return out;
  }

  @Test
  void flywheelDecide_sqlOnEngineExamples_givesEngineDecisions() {
    examples().createOrReplaceTempView("examples");
    assertExamples(spark.sql("SELECT i, flywheel_decide(terms, purpose, facts, at) FROM examples").collectAsList());
  }

  @Test
  void flywheelDecide_datasetApiOnEngineExamples_givesEngineDecisions() {
    Dataset<Row> df = examples();
    assertExamples(df.select(df.col("i"), FlywheelDecide.udf().apply(df.col("terms"), df.col("purpose"),
        df.col("facts"), df.col("at"))).collectAsList());
  }

  @Test
  void flywheelDecide_sqlFieldAccess_exposesStructFields() {
    Row row = spark.sql("SELECT d.decision, d.obligations[0].collective, d.obligations[0].amount, d.basis FROM "
        + "(SELECT flywheel_decide('pay collective masakhane 0.002 EUR per item', 'train', array(), "
        + "timestamp'2027-03-01 00:00:00') AS d)").first();
    assertEquals(RowFactory.create("obligation", "masakhane", "0.002", "explicit"), row);
  }

  @Test
  void call_unknownPurpose_deniesWithError() {
    Row d = new FlywheelDecide().call("allow ai", "training", null, Timestamp.from(Instant.parse("2027-01-01T00:00:00Z")));
    assertEquals("deny", d.getString(0));
    assertEquals("error", d.getString(2));
  }

  @Test
  void call_unknownFact_deniesWithError() {
    Row d = new FlywheelDecide().call("allow ai", "train",
        CollectionConverters.asScala(List.of("open-weight")).toSeq(), Instant.parse("2027-01-01T00:00:00Z"));
    assertEquals("deny", d.getString(0));
    assertEquals("error", d.getString(2));
  }

  @Test
  void call_nullTermsOrTime_deniesWithError() {
    Row noTerms = new FlywheelDecide().call(null, "train", null, Instant.parse("2027-01-01T00:00:00Z"));
    Row noTime = new FlywheelDecide().call("allow ai", "train", null, null);
    assertEquals(List.of("deny", "error"), List.of(noTerms.getString(0), noTerms.getString(2)));
    assertEquals(List.of("deny", "error"), List.of(noTime.getString(0), noTime.getString(2)));
  }

  @Test
  void call_instantOrTimestamp_sameDecision() {
    Instant at = Instant.parse("2027-01-01T00:00:00Z");
    String terms = "deny train until 2027-01-01; allow train";
    assertEquals(plain(new FlywheelDecide().call(terms, "train", null, at)),
        plain(new FlywheelDecide().call(terms, "train", null, Timestamp.from(at))));
    assertEquals("allow", new FlywheelDecide().call(terms, "train", null, at).getString(0));
  }

  @Test
  void returnTypeDdl_parsesBackToReturnType() {
    assertEquals(FlywheelDecide.RETURN_TYPE.asNullable(),
        StructType.fromDDL(FlywheelDecide.RETURN_TYPE_DDL).asNullable());
  }

  @Test
  void engine_calledTwice_sameInstance() {
    assertSame(EngineHolder.engine(), EngineHolder.engine());
    assertSame(EngineHolder.validator(), EngineHolder.validator());
  }
}
