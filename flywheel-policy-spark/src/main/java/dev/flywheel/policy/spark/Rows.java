package dev.flywheel.policy.spark;

import dev.flywheel.policy.Decision;
import dev.flywheel.policy.Duty;
import dev.flywheel.policy.Layer;
import dev.flywheel.policy.QuotaPeriod;
import dev.flywheel.policy.Reason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Spark SQL form of decisions, duties and reasons, shared by the UDF and the filter. */
final class Rows {
  private Rows() {}

  /** One duty: {@code type} is attribution, payment or quota; the other fields are those of its type, else null. */
  static final StructType OBLIGATION = new StructType()
      .add("type", DataTypes.StringType, false)
      .add("collective", DataTypes.StringType, true)
      .add("amount", DataTypes.StringType, true)
      .add("currency", DataTypes.StringType, true)
      .add("limit", DataTypes.LongType, true)
      .add("period", DataTypes.StringType, true)
      .add("scope", DataTypes.StringType, true);

  /** One reason: the layer's kind word and name, the canonical clause (may be null) and the message. */
  static final StructType REASON = new StructType()
      .add("layer", DataTypes.StringType, false)
      .add("name", DataTypes.StringType, true)
      .add("clause", DataTypes.StringType, true)
      .add("message", DataTypes.StringType, true);

  static Row[] obligations(List<Duty> duties) {
    Row[] out = new Row[duties.size()];
    for (int i = 0; i < out.length; i++) {
      Duty duty = duties.get(i);
      if (duty instanceof Duty.Payment p) {
        out[i] = RowFactory.create(duty.type().word(), p.collective(),
            p.amount() == null ? null : p.amount().plainValue(), p.amount() == null ? null : p.amount().currency(),
            null, null, null);
      } else if (duty instanceof Duty.Quota q) {
        out[i] = RowFactory.create(duty.type().word(), null, null, null, q.limit(), q.period().word(), q.scope());
      } else {
        out[i] = RowFactory.create(duty.type().word(), null, null, null, null, null, null);
      }
    }
    return out;
  }

  static Row[] reasons(List<Reason> reasons) {
    Row[] out = new Row[reasons.size()];
    for (int i = 0; i < out.length; i++) {
      Reason r = reasons.get(i);
      Layer layer = r.layer();
      out[i] = RowFactory.create(layer.kind().word(), layer.name(), r.clause(), r.message());
    }
    return out;
  }

  /** The duties of {@link #obligations(List)} back (the inverse, for the driver's ledger). */
  static List<Duty> duties(List<Row> rows) {
    List<Duty> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      String type = row.getString(0);
      if (type.equals("payment")) {
        String amount = row.getString(2);
        out.add(new Duty.Payment(row.getString(1),
            amount == null ? null : new Duty.Amount(new BigDecimal(amount), row.getString(3))));
      } else if (type.equals("quota")) {
        out.add(new Duty.Quota(row.getLong(4), QuotaPeriod.fromWord(row.getString(5)).orElseThrow(),
            row.getString(6)));
      } else {
        out.add(Duty.Attribution.INSTANCE);
      }
    }
    return out;
  }

  static Decision.Basis basis(String word) {
    return Decision.Basis.valueOf(word.toUpperCase(Locale.ROOT));
  }
}
