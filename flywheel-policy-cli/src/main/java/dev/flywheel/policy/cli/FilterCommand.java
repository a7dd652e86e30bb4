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
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.RecordFilter;
import dev.flywheel.policy.filter.receipt.LedgerBytes;
import dev.flywheel.policy.filter.receipt.Receipt;
import dev.flywheel.policy.filter.receipt.ReceiptJson;
import dev.flywheel.policy.filter.receipt.ReceiptRecorder;
import dev.flywheel.policy.register.Dsse;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.usage.QuotaCounter;
import dev.flywheel.policy.usage.StoreResult;
import dev.flywheel.policy.usage.UsageStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
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
        "Filter a contribution records file (JSON Lines) for a purpose, with reasons and a ledger.",
        "The allowed records are written with their obligations, the denied and invalid ones with their reasons,",
        "and the ledger says what is owed.",
        "Obligations are honoured only when named with --honour (default: none, so they are denied).",
        "Ends with a summary on stdout; read = allowed + denied + invalid.",
        "Outputs are written to temporary files and renamed into place only when the run completes.",
        "With --register D --trust OPERATOR.pub, records are decided under the verified register (docs/REGISTER.md).",
        "With --receipt FILE, writes a receipt of the run (docs/AUDIT.md), signed with --sign-key KEY if given.",
        "Quota counts are for this run only, unless --usage names a store that keeps them across runs.",
        "Exit 0 when the run completed (whatever was denied), 1 when the register failed verification or the usage",
        "store cannot be opened or fails (nothing written), 2 on a usage error, 3 on an internal failure,",
        "4 when reading or writing failed, 130/143 when stopped by SIGINT/SIGTERM (no output written)."},
    footer = {"", "Example:", "  flywheel-policy filter --purpose eval --in in.jsonl --out allowed.jsonl"})
final class FilterCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--purpose", required = true, converter = VocabularyOptions.PurposeConverter.class,
      completionCandidates = VocabularyOptions.PurposeWords.class, description = "the purpose: ${COMPLETION-CANDIDATES}")
  Purpose purpose;

  @Option(names = "--fact", converter = VocabularyOptions.FactConverter.class,
      completionCandidates = VocabularyOptions.FactWords.class,
      description = "a fact the consumer declares: ${COMPLETION-CANDIDATES} (repeatable)")
  List<Fact> facts = new ArrayList<>();

  @Option(names = "--at", converter = TimeArgument.class,
      description = "time of use for every record: a date (00:00 UTC) or an instant; default now")
  Instant at;

  @Option(names = "--honour", converter = VocabularyOptions.ObligationConverter.class,
      completionCandidates = VocabularyOptions.ObligationWords.class,
      description = "an obligation type the consumer will honour: ${COMPLETION-CANDIDATES} (repeatable)")
  List<ObligationType> honour = new ArrayList<>();

  @Option(names = "--in", required = true, paramLabel = "FILE",
      description = "the records file (JSON Lines); '-' reads stdin")
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

  @Option(names = "--usage", paramLabel = "LOCATION",
      description = "keep quota counts in a usage store across runs: a file (SQLite, created on first use) or a "
          + "jdbc:postgresql:// URL; needs --consumer")
  String usageLocation;

  @Option(names = "--consumer", paramLabel = "NAME",
      description = "whose use the usage store counts (required with --usage)")
  String consumer;

  @Option(names = "--stats",
      description = "print the run's records/s on stderr at the end (always shown after a progress bar)")
  boolean stats;

  @CommandLine.Mixin
  RegisterOptions registerOptions = new RegisterOptions();

  @Option(names = "--receipt", paramLabel = "FILE",
      description = "write a receipt of the run here (JSON, docs/AUDIT.md): what it decided on which bytes")
  Path receiptFile;

  @Option(names = "--sign-key", paramLabel = "KEY",
      description = "sign the receipt with this Ed25519 private key (PEM, from keygen; KEY.pub beside it)")
  Path signKey;

  /** The real clock of the receipt's startedAt and finishedAt (never --at). */
  Clock clock = Clock.systemUTC();

  /** The most lines a receipt records; past it the run fails with nothing written (exit 1). Tests lower it. */
  long receiptMaxLines = ReceiptRecorder.MAX_LINES;

  /** The input has more lines than a receipt records: the run stops, nothing is written. */
  private static final class ReceiptFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReceiptFull(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Integer call() {
    if (threads < 1 || threads > 256) {
      throw usage("--threads must be between 1 and 256, was " + threads);
    }
    if (signKey != null && receiptFile == null) {
      throw usage("--sign-key signs the receipt: use it with --receipt FILE");
    }
    if (usageLocation != null && consumer == null) {
      throw usage("--usage needs --consumer NAME: whose use the store counts");
    }
    if (consumer != null && usageLocation == null) {
      throw usage("--consumer needs --usage LOCATION: the store that counts the consumer's use");
    }
    if (consumer != null) {
      UsageStore.checkConsumer(consumer).ifPresent(problem -> {
        throw usage("--consumer: " + problem);
      });
    }
    InputFile input = InputFile.check(spec, in, "--in");
    Signer signer = signKey == null ? null : Signer.read(spec, signKey);
    PrintWriter err = spec.commandLine().getErr();
    // Every check on the outputs comes before anything is created, so a usage error leaves every file as it was.
    OutputFiles outputs = OutputFiles.plan(spec, input.isStdin() ? null : in, List.of(
        new OutputFiles.Named("--out", out), new OutputFiles.Named("--denied", denied),
        new OutputFiles.Named("--ledger", ledgerFile), new OutputFiles.Named("--receipt", receiptFile)), err);
    Request request = new Request(purpose, facts.isEmpty() ? Set.of() : EnumSet.copyOf(facts), at,
        honour.isEmpty() ? Set.of() : EnumSet.copyOf(honour));
    // Verified before any output is created: a refused register leaves every file as it was (exit 1).
    RegisterLoad registerLoad = RegisterLoad.load(spec, registerOptions);
    Register register = registerLoad == null ? null : registerLoad.register();
    RecordFilter.Builder builder = RecordFilter.builder(PolicyEngine.builder().build())
        .request(request)
        .threads(threads)
        .clock(clock);
    if (register != null) {
      builder.register(register).requireRelease(registerOptions.requireRelease);
    }
    // The store is opened (created, its schema checked) after every usage check and before any output exists, so a
    // store that cannot be used leaves every file as it was.
    UsageStore store = null;
    QuotaCounter counter = null;
    if (usageLocation != null) {
      StoreResult<UsageStore> opened = UsageStore.open(usageLocation);
      if (opened instanceof StoreResult.Failed<UsageStore> failed) {
        err.println("flywheel-policy: " + failed.error().message());
        err.flush();
        return Main.WANTING;
      }
      store = ((StoreResult.Ok<UsageStore>) opened).value();
      counter = store.counter(consumer);
      builder.usage(counter);
    }
    try (UsageStore closing = store) {
      return run(builder.build(), input, outputs, counter, registerLoad, signer, err);
    }
  }

  private int run(RecordFilter filter, InputFile input, OutputFiles outputs, QuotaCounter counter,
      RegisterLoad registerLoad, Signer signer, PrintWriter err) {
    long inputSize = input.sizeIfRegular();
    // The progress bar draws with control characters, so it goes to the stream behind the terminal sanitiser.
    Progress progress = Progress.interactive() && inputSize >= 0
        ? new Progress(TerminalWriter.raw(err), inputSize) : null;
    long started = System.nanoTime();
    Instant startedAt = clock.instant();
    ReceiptRecorder recorder = receiptFile == null ? null : new ReceiptRecorder(receiptMaxLines);
    Ledger ledger;
    try (outputs; ReceiptRecorder closedAfter = recorder) {
      outputs.open(spec);
      try {
        ledger = filterInto(filter, input, outputs, progress, recorder);
      } catch (ReceiptFull e) {
        // Fail closed: a receipt cannot name the whole input, so no output may look complete.
        err.println("flywheel-policy: --receipt: " + e.getMessage() + "; split the input; nothing written");
        err.flush();
        return Main.WANTING;
      }
      if (ledger.count(DenialReason.USAGE_UNAVAILABLE) > 0) {
        // Records were denied only because their caps could not be checked: outputs would look complete and not be.
        err.println("flywheel-policy: " + counter.lastError().map(e -> e.message())
            .orElse("usage store " + counter.store() + " failed") + "; nothing written");
        err.flush();
        return Main.WANTING;
      }
      byte[] ledgerBytes = ledgerFile != null || recorder != null ? ledgerBytes(ledger) : null;
      if (ledgerFile != null) {
        writeLedger(ledgerBytes, outputs);
      }
      if (recorder != null) {
        writeReceipt(recorder, ledger, ledgerBytes, registerLoad, counter, startedAt, signer, outputs);
      }
      outputs.commit();
    }
    if (stats || progress != null) {
      // Kept off stdout so that the summary stays the same from run to run.
      double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      err.println(String.format(Locale.ROOT, "%,d records in %.1f s: %,.0f records/s", ledger.read(), seconds,
          ledger.read() / seconds));
      err.flush();
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (format == ValidateCommand.Format.json) {
      TerminalWriter.raw(stdout).println(Json.print(LedgerJson.toJson(ledger)));
    } else {
      stdout.print(LedgerJson.summary(ledger));
    }
    return Main.OK;
  }

  /** Streams the input through the filter into the outputs' streams, which are closed (flushed) at the end. */
  private Ledger filterInto(RecordFilter filter, InputFile input, OutputFiles outputs, Progress progress,
      ReceiptRecorder recorder) {
    LineWriter allowedOut = LineWriter.of(outputs, "--out");
    LineWriter deniedOut = LineWriter.of(outputs, "--denied");
    long bytesRead = 0;
    java.io.InputStream source = input.open(spec);
    if (recorder != null) {
      // Hashed as the filter reads it: the receipt's digest is of the bytes decided, with no second pass.
      source = recorder.wrap(source);
    }
    // With a receipt, each line's hashes are computed on the deciding threads when there are several, otherwise on a
    // thread of the recorder's own: the thread writing the outputs hashes nothing.
    try (FilterRun run = filter.open(new BufferedInputStream(source, 1 << 16),
        recorder == null ? null : recorder.lineHasher())) {
      while (true) {
        FilteredLine line;
        try {
          if (!run.hasNext()) {
            break;
          }
          line = run.next();
        } catch (UncheckedIOException e) {
          throw new IoFailure("cannot read --in " + TerminalNames.path(in) + ": " + IoFailure.describe(e.getCause()),
              e);
        }
        if (recorder != null) {
          if (recorder.lines() >= recorder.maxLines()) {
            throw new ReceiptFull("a receipt records at most " + recorder.maxLines() + " lines; line "
                + line.lineNumber() + " is past it");
          }
          recorder.record(line);
        }
        LineWriter target = line.isAllowed() ? allowedOut : deniedOut;
        if (target != null) {
          target.write(line);
        }
        if (progress != null) {
          bytesRead += line.byteLength() + 1L;
          progress.tick(line.lineNumber(), bytesRead);
        }
      }
      if (allowedOut != null) {
        allowedOut.close();
      }
      if (deniedOut != null) {
        deniedOut.close();
      }
      return run.ledger();
    } finally {
      if (progress != null) {
        progress.done();
      }
    }
  }

  /**
   * Writes the ledger. The text is encoded strictly: a string that is not valid Unicode (a lone surrogate) fails the
   * run as an I/O error instead of being written as a replacement character into a file that then looks complete.
   */
  private static void writeLedger(byte[] bytes, OutputFiles outputs) {
    OutputStream stream = outputs.stream("--ledger");
    try (stream) {
      stream.write(bytes);
    } catch (IOException e) {
      throw new IoFailure("cannot write " + outputs.describe("--ledger") + ": " + IoFailure.describe(e), e);
    }
  }

  private static byte[] ledgerBytes(Ledger ledger) {
    try {
      return LedgerBytes.of(ledger);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IoFailure("cannot write the ledger: " + IoFailure.describe(e), e);
    }
  }

  /** Completes, signs and writes the receipt; it is committed with the other outputs, only when the run completed. */
  private void writeReceipt(ReceiptRecorder recorder, Ledger ledger, byte[] ledgerBytes, RegisterLoad registerLoad,
      QuotaCounter counter, Instant startedAt, Signer signer, OutputFiles outputs) {
    java.util.Properties build = Main.Version.buildProperties();
    String version = Main.Version.valueOrUnknown(build, "version");
    Receipt receipt = recorder.finish(ledger, ledgerBytes,
        new Receipt.Tool(ReceiptRecorder.TOOL, version, Main.Version.valueOrUnknown(build, "commit")),
        new Receipt.Engine(version, ReceiptRecorder.LANGUAGE_VERSION),
        registerLoad == null ? null : registerLoad.state(), usageOf(counter), startedAt, clock.instant());
    Dsse.Envelope envelope = signer == null ? null : ReceiptJson.sign(receipt, signer.key(), signer.publicKey());
    OutputStream stream = outputs.stream("--receipt");
    try (stream) {
      stream.write(ReceiptJson.file(receipt, envelope));
    } catch (IOException e) {
      throw new IoFailure("cannot write " + outputs.describe("--receipt") + ": " + IoFailure.describe(e), e);
    }
  }

  /**
   * The usage store a receipt names: the consumer whose use it counts, the store's kind ({@code sqlite},
   * {@code postgresql}), and its description as the ledger names it (the recorder adds the store's answers); null
   * without a store.
   */
  static Receipt.Usage usageOf(QuotaCounter counter) {
    if (counter == null) {
      return null;
    }
    return new Receipt.Usage(counter.consumer(), counter.kind(), counter.store());
  }

  /** The consumer's signing key and its public key ({@code KEY.pub}, as {@code keygen} writes them). */
  record Signer(PrivateKey key, PublicKey publicKey) {
    static Signer read(CommandLine.Model.CommandSpec spec, Path file) {
      InputFile.check(spec, file, "--sign-key");
      Path pub = Keys.publicKeyPath(file);
      try {
        PrivateKey key = Keys.readPrivateKey(file).orElseThrow(() -> new CommandLine.ParameterException(
            spec.commandLine(), "--sign-key " + TerminalNames.path(file) + ": not an Ed25519 private key (PEM)"));
        if (!java.nio.file.Files.isRegularFile(pub)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--sign-key " + TerminalNames.path(file)
              + ": its public key " + TerminalNames.path(pub) + " is missing (keygen writes both)");
        }
        PublicKey publicKey = Keys.matchingPublicKey(key, pub).orElseThrow(() -> new CommandLine.ParameterException(
            spec.commandLine(), "--sign-key " + TerminalNames.path(file) + ": " + TerminalNames.path(pub)
                + " is not its public key"));
        return new Signer(key, publicKey);
      } catch (IOException e) {
        throw new IoFailure("cannot read --sign-key " + TerminalNames.path(file) + ": " + IoFailure.describe(e), e);
      }
    }
  }

  /** The JSON Lines writer of one output, turning its write failures into {@link IoFailure}s naming the output. */
  private record LineWriter(FilteredLineJson json, String name) {
    static LineWriter of(OutputFiles outputs, String option) {
      OutputStream stream = outputs.stream(option);
      if (stream == null) {
        return null;
      }
      try {
        return new LineWriter(FilteredLineJson.to(new BufferedOutputStream(stream, 1 << 16)),
            outputs.describe(option));
      } catch (IOException e) {
        throw new IoFailure("cannot write " + outputs.describe(option) + ": " + IoFailure.describe(e), e);
      }
    }

    void write(FilteredLine line) {
      try {
        json.write(line);
      } catch (IOException e) {
        throw new IoFailure("cannot write " + name + ": " + IoFailure.describe(e), e);
      }
    }

    void close() {
      try {
        json.close();
      } catch (IOException e) {
        throw new IoFailure("cannot write " + name + ": " + IoFailure.describe(e), e);
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
