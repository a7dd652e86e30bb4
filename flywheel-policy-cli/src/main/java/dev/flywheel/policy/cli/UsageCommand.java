package dev.flywheel.policy.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.filter.TerminalText;
import dev.flywheel.policy.usage.StoreResult;
import dev.flywheel.policy.usage.UsageRow;
import dev.flywheel.policy.usage.UsageStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code usage}: prints the quota counts a usage store keeps, per consumer, owner, period instance and limit
 * (docs/USAGE.md).
 */
@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    description = {
        "Print the quota counts a usage store keeps (see filter --usage): per consumer, owner, period and limit.",
        "Exit 0 when the store was read, 1 when it cannot be opened or read, 2 on a usage error."},
    footer = {"", "Example:", "  flywheel-policy usage --usage usage.db --consumer acme"})
final class UsageCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--usage", required = true, paramLabel = "LOCATION",
      description = "the usage store: a file (SQLite) or a jdbc:postgresql:// URL")
  String location;

  @Option(names = "--consumer", paramLabel = "NAME", description = "only this consumer's counts (default: all)")
  String consumer;

  @Option(names = "--format", defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE})")
  ValidateCommand.Format format;

  @Override
  public Integer call() {
    if (consumer != null) {
      UsageStore.checkConsumer(consumer).ifPresent(problem -> {
        throw new CommandLine.ParameterException(spec.commandLine(), "--consumer: " + problem);
      });
    }
    PrintWriter err = spec.commandLine().getErr();
    StoreResult<UsageStore> opened = UsageStore.open(location);
    if (opened instanceof StoreResult.Failed<UsageStore> failed) {
      err.println("flywheel-policy: " + failed.error().message());
      err.flush();
      return Main.WANTING;
    }
    try (UsageStore store = ((StoreResult.Ok<UsageStore>) opened).value()) {
      StoreResult<List<UsageRow>> read = store.usage(consumer);
      if (read instanceof StoreResult.Failed<List<UsageRow>> failed) {
        err.println("flywheel-policy: " + failed.error().message());
        err.flush();
        return Main.WANTING;
      }
      List<UsageRow> rows = ((StoreResult.Ok<List<UsageRow>>) read).value();
      PrintWriter out = spec.commandLine().getOut();
      if (format == ValidateCommand.Format.json) {
        TerminalWriter.raw(out).println(Json.print(toJson(store.describe(), rows)));
      } else {
        out.print(text(store.describe(), rows));
      }
      out.flush();
      return Main.OK;
    }
  }

  /**
   * The JSON form: {@code {"store": "...", "counters": [{"consumer", "ownerKind", "owner", "period", "periodStart",
   * "periodEnd", "limit", "used"}]}}, counters sorted by consumer, owner kind, owner, period and period start.
   */
  static ObjectNode toJson(String store, List<UsageRow> rows) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("store", store);
    ArrayNode counters = root.putArray("counters");
    for (UsageRow r : rows) {
      ObjectNode n = counters.addObject();
      n.put("consumer", r.consumer());
      n.put("ownerKind", r.owner().kind().word());
      n.put("owner", r.owner().name());
      n.put("period", r.instance().period().word());
      n.put("periodStart", r.instance().start().toString());
      n.put("periodEnd", r.instance().end().toString());
      n.put("limit", r.limit());
      n.put("used", r.used());
    }
    return root;
  }

  /** One line per counter: {@code acme: quota of contributor c-0001: 3/3 per month from 2027-03-01T00:00:00Z}. */
  static String text(String store, List<UsageRow> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage store ").append(TerminalText.field(store)).append(": ")
        .append(String.format(Locale.ROOT, "%,d", rows.size())).append(rows.size() == 1 ? " counter\n" : " counters\n");
    for (UsageRow r : rows) {
      sb.append(TerminalText.field(r.consumer())).append(": quota of ").append(r.owner().kind().word()).append(' ')
          .append(TerminalText.field(r.owner().name())).append(": ")
          .append(String.format(Locale.ROOT, "%,d/%,d", r.used(), r.limit())).append(" per ")
          .append(r.instance().period().word()).append(" from ").append(r.instance().start()).append('\n');
    }
    return sb.toString();
  }
}
