package dev.flywheel.policy.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.filter.receipt.Audit;
import dev.flywheel.policy.filter.receipt.ReceiptJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code audit}: checks a filter run's receipt against the data it names, re-deciding every line, and lists the
 * allowed items the register has withdrawn since (docs/AUDIT.md).
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
        "Check a receipt written by 'filter --receipt' against the data it names (docs/AUDIT.md).",
        "It checks the receipt's signature (with --trust-consumer), the data's bytes (naming the first line that",
        "differs), and every decision, made again with the receipt's request under the register as the run had it.",
        "Warns 'backdated' when the run was decided more than a day before it started. With --register, lists as",
        "JSON lines every line allowed in the run that is denied at --at (default now):",
        "{line, id, reason, registerSeq, since}.",
        "Exit 0 when the receipt holds, 1 on a mismatch (or, with --strict, a warning), 2 on a usage error,",
        "3 on an internal failure, 4 when reading failed."},
    footer = {"", "Example:", "  flywheel-policy audit --receipt receipt.json --in data.jsonl"})
final class AuditCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--receipt", required = true, paramLabel = "FILE", description = "the receipt (JSON)")
  Path receiptFile;

  @Option(names = "--in", required = true, paramLabel = "DATA",
      description = "the records file the receipt names (a file: it is read once per check)")
  Path in;

  @CommandLine.Mixin
  RegisterOptions registerOptions = new RegisterOptions();

  @Option(names = "--at", converter = TimeArgument.class,
      description = "the time of the withdrawal report: a date (00:00 UTC) or an instant; default now")
  Instant at;

  @Option(names = "--trust-consumer", paramLabel = "CONSUMER.pub",
      description = "the consumer's public key (PEM): the receipt must be signed by it")
  Path trustConsumer;

  @Option(names = "--strict", description = "exit 1 on a warning (backdated) too")
  boolean strict;

  @Option(names = "--format", defaultValue = "text",
      description = "the summary on stdout: text or json (one JSON object, the last line) (default: ${DEFAULT-VALUE})")
  ValidateCommand.Format format;

  /** The clock of the default --at. */
  Clock clock = Clock.systemUTC();

  /** The largest receipt file read; a larger one is not a receipt (exit 1). Tests lower it to reach it. */
  long maxReceiptBytes = ReceiptJson.MAX_FILE_BYTES;

  @Override
  public Integer call() {
    if (registerOptions.requireRelease) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--require-release is taken from the receipt: leave it out");
    }
    InputFile receiptInput = InputFile.check(spec, receiptFile, "--receipt");
    InputFile data = InputFile.check(spec, in, "--in");
    if (receiptInput.isStdin() || data.isStdin()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "audit reads --receipt and --in as files, not stdin");
    }
    PublicKey consumer = trustConsumer == null ? null : consumerKey();
    PrintWriter out = spec.commandLine().getOut();
    ReceiptJson.ReadResult read = readReceipt();
    if (read instanceof ReceiptJson.Invalid bad) {
      spec.commandLine().getErr().println("flywheel-policy: --receipt " + TerminalNames.path(receiptFile)
          + " is not a receipt: " + bad.message());
      return Main.WANTING;
    }
    ReceiptJson.Read receipt = (ReceiptJson.Read) read;
    long named = receipt.receipt().register() == null ? -1 : receipt.receipt().register().size();
    RegisterLoad register = RegisterLoad.load(spec, registerOptions, named);
    List<Audit.Finding> early = new ArrayList<>();
    if (register != null && named >= 0) {
      String root = register.roots().get(named);
      if (root == null || !root.equals(receipt.receipt().register().rootHash())) {
        early.add(new Audit.Finding("register", "the register's first " + named + " entries are not the ones the "
            + "receipt names (root " + receipt.receipt().register().rootHash() + ")", 0));
      }
    }
    Audit.Setup setup = new Audit.Setup(receipt.receipt(), receipt.envelope(), consumer,
        () -> Files.newInputStream(in), PolicyEngine.builder().build(),
        early.isEmpty() && register != null ? register.history() : null, at != null ? at : clock.instant());
    Audit.Report report;
    PrintWriter raw = TerminalWriter.raw(out);
    try {
      report = early.isEmpty()
          ? Audit.run(setup, change -> raw.println(Json.compact(changeJson(change))))
          : new Audit.Report(early, List.of(), 0, List.of(), -1, 0);
    } catch (UncheckedIOException e) {
      throw new IoFailure("cannot read --in " + TerminalNames.path(in) + ": " + IoFailure.describe(e.getCause()),
          e);
    }
    boolean wanting = !report.matches() || (strict && !report.warnings().isEmpty());
    if (format == ValidateCommand.Format.json) {
      raw.println(Json.compact(reportJson(report, wanting)));
    } else {
      out.print(summary(report, wanting));
    }
    return wanting ? Main.WANTING : Main.OK;
  }

  private ReceiptJson.ReadResult readReceipt() {
    try {
      if (Files.size(receiptFile) > maxReceiptBytes) {
        return new ReceiptJson.Invalid("larger than " + maxReceiptBytes + " bytes");
      }
      return ReceiptJson.read(Files.readAllBytes(receiptFile));
    } catch (IOException e) {
      throw new IoFailure("cannot read --receipt " + TerminalNames.path(receiptFile) + ": " + IoFailure.describe(e),
          e);
    }
  }

  private PublicKey consumerKey() {
    InputFile.check(spec, trustConsumer, "--trust-consumer");
    try {
      return dev.flywheel.policy.register.Keys.readPublicKey(trustConsumer)
          .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--trust-consumer "
              + TerminalNames.path(trustConsumer) + ": not an Ed25519 public key (PEM)"));
    } catch (IOException e) {
      throw new IoFailure("cannot read --trust-consumer " + TerminalNames.path(trustConsumer) + ": "
          + IoFailure.describe(e), e);
    }
  }

  static ObjectNode changeJson(Audit.Change change) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("line", change.line());
    node.put("id", change.id());
    node.put("reason", change.reason());
    if (change.registerSeq() == null) {
      node.putNull("registerSeq");
    } else {
      node.put("registerSeq", change.registerSeq());
    }
    node.put("since", change.since() == null ? null : change.since().toString());
    return node;
  }

  private static ObjectNode reportJson(Audit.Report report, boolean wanting) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("result", !report.matches() ? "mismatch" : wanting ? "warning" : "ok");
    node.put("lines", report.lines());
    findings(node.putArray("mismatches"), report.mismatches());
    findings(node.putArray("warnings"), report.warnings());
    ObjectNode backdated = node.putObject("backdated");
    backdated.put("lines", report.backdatedLines());
    ArrayNode entries = backdated.putArray("registerEntries");
    report.backdatedEntries().forEach(entries::add);
    if (report.withdrawn() < 0) {
      node.putNull("withdrawn");
    } else {
      node.put("withdrawn", report.withdrawn());
    }
    if (report.usageAnswers() < 0) {
      node.putNull("usage");
    } else {
      node.putObject("usage").put("answers", report.usageAnswers()).put("refused", report.usageRefused());
    }
    return node;
  }

  private static void findings(ArrayNode array, List<Audit.Finding> findings) {
    for (Audit.Finding f : findings) {
      ObjectNode o = array.addObject().put("code", f.code()).put("message", f.message());
      if (f.line() > 0) {
        o.put("line", f.line());
      } else {
        o.putNull("line");
      }
    }
  }

  private static String summary(Audit.Report report, boolean wanting) {
    StringBuilder sb = new StringBuilder();
    for (Audit.Finding f : report.mismatches()) {
      sb.append("mismatch: ").append(f.code()).append(": ").append(f.message()).append('\n');
    }
    for (Audit.Finding f : report.warnings()) {
      sb.append("warning: ").append(f.code()).append(": ").append(f.message()).append('\n');
    }
    sb.append("lines: ").append(report.lines()).append('\n');
    if (report.usageAnswers() >= 0) {
      sb.append("usage: ").append(report.usageAnswers()).append(" line(s) admitted or refused as the receipt says (")
          .append(report.usageRefused()).append(" refused): the usage store's counts cannot be replayed\n");
    }
    if (report.withdrawn() >= 0) {
      sb.append("withdrawn: ").append(report.withdrawn()).append(" line(s) allowed in the run are denied now\n");
    }
    sb.append("result: ").append(!report.matches() ? "mismatch" : wanting ? "warning" : "ok").append('\n');
    return sb.toString();
  }
}
