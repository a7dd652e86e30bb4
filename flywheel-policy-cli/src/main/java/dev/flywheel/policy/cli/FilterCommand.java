package dev.flywheel.policy.cli;

import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.FilterRun;
import dev.flywheel.policy.filter.FilteredLine;
import dev.flywheel.policy.filter.FilteredLineJson;
import dev.flywheel.policy.filter.Ledger;
import dev.flywheel.policy.filter.LedgerJson;
import dev.flywheel.policy.filter.RecordFilter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code filter}: streams a contribution records file through the engine for one purpose, writing the allowed and
 * denied records and an obligations ledger (docs/FILTER.md).
 */
@Command(
    name = "filter",
    mixinStandardHelpOptions = true,
    description = {
        "Filter a contribution records file (JSON Lines) for a purpose: write the allowed records with their",
        "obligations, the denied and invalid ones with their reasons, and a ledger of what is owed.",
        "Obligations are honoured only when named with --honour (default: none, so they are denied).",
        "Ends with a summary on stdout; read = allowed + denied + invalid.",
        "Exit 0 when the run completed (whatever was denied), 2 on a usage error."})
final class FilterCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--purpose", required = true, converter = DecideCommand.PurposeConverter.class,
      description = "the purpose: any, ai, train, train-genai, eval, input, search")
  Purpose purpose;

  @Option(names = "--fact", converter = DecideCommand.FactConverter.class,
      description = "a fact the consumer declares: open-weights, noncommercial (repeatable)")
  List<Fact> facts = new ArrayList<>();

  @Option(names = "--at", converter = TimeArgument.class,
      description = "time of use for every record: a date (00:00 UTC) or an instant; default now")
  Instant at;

  @Option(names = "--honour", converter = DecideCommand.ObligationConverter.class,
      description = "an obligation type the consumer will honour: attribution, payment, quota (repeatable)")
  List<ObligationType> honour = new ArrayList<>();

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "the records file (JSON Lines)")
  Path in;

  @Option(names = "--out", paramLabel = "FILE", description = "write the allowed records here (JSON Lines)")
  Path out;

  @Option(names = "--denied", paramLabel = "FILE", description = "write the denied and invalid lines here")
  Path denied;

  @Option(names = "--ledger", paramLabel = "FILE", description = "write the obligations ledger here (JSON)")
  Path ledgerFile;

  @Option(names = "--threads", defaultValue = "1",
      description = "threads validating and deciding records, 1-256; results do not depend on it (default: "
          + "${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--format", defaultValue = "text",
      description = "summary format on stdout: text or json (the ledger) (default: ${DEFAULT-VALUE})")
  ValidateCommand.Format format;

  @Option(names = "--stats",
      description = "print the run's records/s on stderr at the end (always shown after a progress bar)")
  boolean stats;

  @Override
  public Integer call() throws Exception {
    if (threads < 1 || threads > 256) {
      throw usage("--threads must be between 1 and 256, was " + threads);
    }
    if (!Files.isRegularFile(in) || !Files.isReadable(in)) {
      throw usage("cannot read --in " + in + ": " + (Files.exists(in) ? "not a readable file" : "no such file"));
    }
    Request request = new Request(purpose, facts.isEmpty() ? Set.of() : EnumSet.copyOf(facts), at,
        honour.isEmpty() ? Set.of() : EnumSet.copyOf(honour));
    RecordFilter filter = RecordFilter.builder(PolicyEngine.builder().build())
        .request(request)
        .threads(threads)
        .build();
    FilteredLineJson allowedOut = open(out, "--out");
    FilteredLineJson deniedOut;
    try {
      deniedOut = open(denied, "--denied");
    } catch (CommandLine.ParameterException e) {
      closeQuietly(allowedOut);
      throw e;
    }
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.interactive() ? new Progress(err, Files.size(in)) : null;
    long started = System.nanoTime();
    long bytesRead = 0;
    Ledger ledger;
    try (allowedOut; deniedOut;
        FilterRun run = filter.open(new BufferedInputStream(Files.newInputStream(in), 1 << 16))) {
      while (run.hasNext()) {
        FilteredLine line = run.next();
        FilteredLineJson target = line.isAllowed() ? allowedOut : deniedOut;
        if (target != null) {
          target.write(line);
        }
        if (progress != null) {
          bytesRead += line.byteLength() + 1L;
          progress.tick(line.lineNumber(), bytesRead);
        }
      }
      ledger = run.ledger();
    } catch (UncheckedIOException e) {
      err.println("flywheel-policy filter: cannot read " + in + ": " + e.getCause().getMessage());
      return Main.USAGE;
    } finally {
      if (progress != null) {
        progress.done();
      }
    }
    if (stats || progress != null) {
      // Kept off stdout so that the summary stays the same from run to run.
      double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      err.println(String.format(Locale.ROOT, "%,d records in %.1f s: %,.0f records/s", ledger.read(), seconds,
          ledger.read() / seconds));
      err.flush();
    }
    if (ledgerFile != null) {
      try {
        createParent(ledgerFile);
        Files.writeString(ledgerFile, Json.print(LedgerJson.toJson(ledger)) + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw usage("cannot write --ledger " + ledgerFile + ": " + e);
      }
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (format == ValidateCommand.Format.json) {
      stdout.println(Json.print(LedgerJson.toJson(ledger)));
    } else {
      stdout.print(LedgerJson.summary(ledger));
    }
    return 0;
  }

  /** Output files may name a directory that does not exist yet, such as {@code build-output/}. */
  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  private FilteredLineJson open(Path path, String option) {
    if (path == null) {
      return null;
    }
    try {
      createParent(path);
      OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
      return FilteredLineJson.to(os);
    } catch (IOException e) {
      throw usage("cannot write " + option + " " + path + ": " + e);
    }
  }

  private static void closeQuietly(FilteredLineJson w) {
    if (w != null) {
      try {
        w.close();
      } catch (IOException ignored) {
        // Already failing with a usage error; the first problem is the one to report.
      }
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /**
   * A one-line progress bar on stderr (share of the input's bytes, records, records/s), only when stderr is an
   * interactive terminal and not under CI, so pipes, files and CI logs stay clean.
   */
  static final class Progress {
    private static final long EVERY_NANOS = 250_000_000L;
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private long last = start;

    Progress(PrintWriter err, long totalBytes) {
      this.err = err;
      this.totalBytes = Math.max(1, totalBytes);
    }

    static boolean interactive() {
      return System.console() != null && System.getenv("CI") == null;
    }

    void tick(long lines, long bytes) {
      if ((lines & 1023) != 0) {
        return;
      }
      long now = System.nanoTime();
      if (now - last < EVERY_NANOS) {
        return;
      }
      last = now;
      double seconds = (now - start) / 1e9;
      err.print(render(lines, bytes, seconds));
      err.flush();
    }

    String render(long lines, long bytes, double seconds) {
      int filled = (int) Math.min(WIDTH, bytes * WIDTH / totalBytes);
      int percent = (int) Math.min(100, bytes * 100 / totalBytes);
      return String.format(Locale.ROOT, "\r[%s%s] %3d%% %,d records, %,.0f records/s ", "#".repeat(filled),
          ".".repeat(WIDTH - filled), percent, lines, lines / Math.max(1e-9, seconds));
    }

    void done() {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
