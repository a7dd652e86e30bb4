package dev.flywheel.policy.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywheel.policy.Fact;
import dev.flywheel.policy.ObligationType;
import dev.flywheel.policy.Purpose;
import dev.flywheel.policy.Request;
import dev.flywheel.policy.filter.DenialReason;
import dev.flywheel.policy.filter.FilterLimits;
import dev.flywheel.policy.filter.LedgerJson;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.Register;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.usage.StoreResult;
import dev.flywheel.policy.usage.UsageStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark filter job: {@code flywheel-policy filter} on a Spark cluster, or embedded in local mode (no cluster)
 * when no master is configured. Same options, same summary on stdout:
 *
 * <pre>
 * --purpose P [--fact F]... [--at DATE|INSTANT] [--honour TYPE]... --in PATH
 * [--out DIR] [--denied DIR] [--ledger FILE] [--format text|json] [--master URL] [--split-bytes N]
 * [--register D --trust OPERATOR.pub [--require-release]] [--usage LOCATION --consumer NAME]
 * </pre>
 *
 * <p>{@code --in} is anything Hadoop reads (a file, a directory, {@code s3a://...}); {@code --out} and
 * {@code --denied} are directories of JSON Lines part files (Spark's JSON of {@link SparkFilterResult#allowed()} and
 * {@link SparkFilterResult#denied()}); {@code --ledger} a local file with the ledger JSON. {@code --master} defaults
 * to the configured {@code spark.master} (set by {@code spark-submit}), else {@code local[*]}. {@code --split-bytes}
 * bounds the input splits (default: Hadoop's). {@code --register} decides under a verified register
 * (docs/REGISTER.md), loaded on the driver and shipped to the executors as a broadcast variable. {@code --usage} and
 * {@code --consumer} keep quota counts in a usage store across runs, as the command line's {@code filter} does; the
 * driver reserves them. Exit 0 when the run completed, 1 when the register failed verification (nothing decided) or
 * a usage store cannot be opened or fails during the run, 2 on a usage error (including an {@code --in} that does
 * not exist, or {@code --register} without {@code --trust}), 3 on a failure.
 */
public final class Main {
  private Main() {}

  /** Runs the job and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the job; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("flywheel-policy-spark: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (options.help) {
      out.println(USAGE);
      return 0;
    }
    // The register is loaded and verified on the driver before Spark starts: a refused register decides nothing.
    Register register = null;
    if (options.register != null) {
      Optional<PublicKey> operator;
      try {
        operator = Keys.readPublicKey(Path.of(options.trust));
      } catch (IOException e) {
        err.println("flywheel-policy-spark: cannot read --trust " + options.trust + ": " + e.getMessage());
        return 2;
      }
      if (operator.isEmpty()) {
        err.println("flywheel-policy-spark: --trust " + options.trust + ": not an Ed25519 public key in PEM");
        return 2;
      }
      Register.LoadOutcome loaded = Register.load(Path.of(options.register), operator.get(),
          RegisterLimits.defaults());
      if (loaded instanceof Register.Refused r) {
        err.println("flywheel-policy-spark: register " + options.register + " refused: "
            + (r.seq() >= 0 ? "entry " + r.seq() : "the register") + ": " + r.code() + ": " + r.message()
            + "; nothing was decided");
        return 1;
      }
      register = ((Register.Loaded) loaded).register();
    }
    // The store is opened (created, its schema checked) before Spark starts, so a bad one costs nothing.
    UsageStore store = null;
    if (options.usage != null) {
      StoreResult<UsageStore> opened = UsageStore.open(options.usage);
      if (opened instanceof StoreResult.Failed<UsageStore> failed) {
        err.println("flywheel-policy-spark: " + failed.error().message());
        return 1;
      }
      store = ((StoreResult.Ok<UsageStore>) opened).value();
    }
    try (UsageStore closing = store) {
      return run(options, register, store, out, err);
    }
  }

  private static int run(Options options, Register register, UsageStore store, PrintStream out,
      PrintStream err) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("flywheel-policy filter");
    if (options.master != null) {
      builder.master(options.master);
    } else if (!conf.contains("spark.master")) {
      builder.master("local[*]").config("spark.ui.enabled", "false");
    }
    // A session that already runs in this JVM (an application embedding the job) is used and left running.
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = builder.getOrCreate();
    try {
      Request request = new Request(options.purpose, options.facts,
          options.at != null ? options.at : Instant.now(), options.honour);
      SparkRecordFilter filter = register == null ? SparkRecordFilter.create(request)
          : SparkRecordFilter.create(request, FilterLimits.DEFAULTS, register, options.requireRelease);
      if (store != null) {
        filter = filter.withUsage(store.counter(options.consumer));
      }
      try (SparkFilterResult result =
          filter.filter(SparkRecordFilter.readJsonLines(spark, options.in, options.splitBytes))) {
        if (options.out != null) {
          result.allowed().write().json(options.out);
        }
        if (options.denied != null) {
          result.denied().write().json(options.denied);
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (options.ledger != null) {
          Path file = Path.of(options.ledger).toAbsolutePath();
          Files.createDirectories(file.getParent());
          Files.writeString(file, mapper.writeValueAsString(LedgerJson.toJson(result.ledger())) + "\n",
              StandardCharsets.UTF_8);
        }
        if (options.json) {
          out.println(mapper.writeValueAsString(LedgerJson.toJson(result.ledger())));
        } else {
          out.print(LedgerJson.summary(result.ledger()));
        }
        out.flush();
        if (result.ledger().count(DenialReason.USAGE_UNAVAILABLE) > 0) {
          err.println("flywheel-policy-spark: usage store " + store.describe() + " failed; records it could not"
              + " answer for were denied usage-unavailable");
          return 1;
        }
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof org.apache.hadoop.mapreduce.lib.input.InvalidInputException) {
          err.println("flywheel-policy-spark: cannot read --in " + options.in + ": " + t.getMessage());
          return 2;
        }
      }
      err.println("flywheel-policy-spark: the job failed: " + e);
      return 3;
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  static final String USAGE = "usage: flywheel-policy-spark --purpose P [--fact F]... [--at DATE|INSTANT]"
      + " [--honour TYPE]... --in PATH [--out DIR] [--denied DIR] [--ledger FILE] [--format text|json]"
      + " [--master URL] [--split-bytes N] [--register D --trust OPERATOR.pub [--require-release]]"
      + " [--usage LOCATION --consumer NAME]";

  /** The parsed command line. */
  static final class Options {
    Purpose purpose;
    Set<Fact> facts = EnumSet.noneOf(Fact.class);
    Instant at;
    Set<ObligationType> honour = EnumSet.noneOf(ObligationType.class);
    String in;
    String out;
    String denied;
    String ledger;
    boolean json;
    String master;
    long splitBytes;
    String usage;
    String consumer;
    boolean help;
    String register;
    String trust;
    boolean requireRelease;

    static Options parse(String[] args) {
      Options o = new Options();
      int i = 0;
      if (args.length > 0 && args[0].equals("filter")) {
        i = 1; // the word of the single-machine command, accepted for symmetry
      }
      for (; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--help") || name.equals("-h")) {
          o.help = true;
          return o;
        }
        if (name.equals("--require-release")) {
          o.requireRelease = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + name);
        }
        String value = args[++i];
        switch (name) {
          case "--purpose" -> o.purpose = Purpose.fromWord(value)
              .orElseThrow(() -> new IllegalArgumentException("unknown purpose '" + value + "'"));
          case "--fact" -> o.facts.add(Fact.fromWord(value)
              .orElseThrow(() -> new IllegalArgumentException("unknown fact '" + value + "'")));
          case "--honour" -> o.honour.add(ObligationType.fromWord(value)
              .orElseThrow(() -> new IllegalArgumentException("unknown obligation type '" + value + "'")));
          case "--at" -> o.at = time(value);
          case "--in" -> o.in = value;
          case "--out" -> o.out = value;
          case "--denied" -> o.denied = value;
          case "--ledger" -> o.ledger = value;
          case "--master" -> o.master = value;
          case "--register" -> o.register = value;
          case "--trust" -> o.trust = value;
          case "--usage" -> o.usage = value;
          case "--consumer" -> {
            UsageStore.checkConsumer(value).ifPresent(problem -> {
              throw new IllegalArgumentException("--consumer: " + problem);
            });
            o.consumer = value;
          }
          case "--format" -> {
            if (!value.equals("text") && !value.equals("json")) {
              throw new IllegalArgumentException("--format is text or json, not '" + value + "'");
            }
            o.json = value.equals("json");
          }
          case "--split-bytes" -> {
            try {
              o.splitBytes = Long.parseLong(value);
            } catch (NumberFormatException e) {
              o.splitBytes = -1;
            }
            if (o.splitBytes < 1) {
              throw new IllegalArgumentException("--split-bytes must be a positive number, was '" + value + "'");
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      if (o.purpose == null) {
        throw new IllegalArgumentException("--purpose is required");
      }
      if (o.in == null) {
        throw new IllegalArgumentException("--in is required");
      }
      if (o.register != null && o.trust == null) {
        throw new IllegalArgumentException("--register needs --trust OPERATOR.pub: a register is used only when "
            + "verified against a pinned key");
      }
      if (o.register == null && (o.trust != null || o.requireRelease)) {
        throw new IllegalArgumentException((o.trust != null ? "--trust" : "--require-release") + " needs --register");
      }
      if (o.usage != null && o.consumer == null) {
        throw new IllegalArgumentException("--usage needs --consumer NAME: whose use the store counts");
      }
      if (o.consumer != null && o.usage == null) {
        throw new IllegalArgumentException("--consumer needs --usage LOCATION: the store that counts the consumer's use");
      }
      return o;
    }

    /** A date (00:00 UTC that day) or an instant with {@code Z} or an offset, as {@code --at} of the CLI. */
    static Instant time(String value) {
      try {
        if (value.length() == 10) {
          return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("'" + value + "' is not a date (2027-01-01) or an instant with Z or an"
            + " offset (2027-01-01T12:00:00Z)");
      }
    }
  }
}
