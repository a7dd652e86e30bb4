package dev.flywheel.policy.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.policy.PolicyEngine;
import dev.flywheel.policy.records.JsonLineSplitter;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.RecordLimits;
import dev.flywheel.policy.records.RecordResult;
import dev.flywheel.policy.records.RecordValidator;
import dev.flywheel.policy.register.Checkpoint;
import dev.flywheel.policy.register.Checkpoints;
import dev.flywheel.policy.register.Keys;
import dev.flywheel.policy.register.LoadResult;
import dev.flywheel.policy.register.RecordDigest;
import dev.flywheel.policy.register.RegisterEntry;
import dev.flywheel.policy.register.RegisterLimits;
import dev.flywheel.policy.register.RegisterLog;
import dev.flywheel.policy.register.RegisterWriter;
import dev.flywheel.policy.register.VerifiedLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code register}: create a register, append signed entries to it, verify it and show what is in force
 * (docs/REGISTER.md). Appending commands verify the whole register first and write nothing when the new entry would
 * not verify; exit 1 then, with the code and the entry.
 */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
        "Create, append to, verify and show a register of signed statements, rosters, withdrawals and releases.",
        "Exit 0 on success, 1 when the register does not verify or the entry is refused, 2 on a usage error, "
            + "4 when reading or writing failed."},
    footer = {"", "Example:", "  flywheel-policy register verify --dir register --trust operator.pub"},
    subcommands = {
        RegisterCommand.Init.class,
        RegisterCommand.Admit.class,
        RegisterCommand.Retire.class,
        RegisterCommand.Add.class,
        RegisterCommand.Roster.class,
        RegisterCommand.Withdraw.class,
        RegisterCommand.Release.class,
        RegisterCommand.SignCheckpoint.class,
        RegisterCommand.Verify.class,
        RegisterCommand.Show.class})
final class RegisterCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a register command is required");
  }

  /** Options and helpers every register command shares. */
  abstract static class Base implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "D", description = "the register folder")
    Path dir;

    final PolicyEngine engine = PolicyEngine.builder().build();

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    CommandLine.ParameterException usage(String message) {
      return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The signer of a private key file, with the public key from {@code FILE.pub} beside it. */
    RegisterWriter.Signer signer(Path keyFile, String option) {
      try {
        Optional<PrivateKey> key = Keys.readPrivateKey(keyFile);
        if (key.isEmpty()) {
          throw usage(option + " " + TerminalNames.path(keyFile) + " is not an Ed25519 private key in PKCS#8 PEM");
        }
        Path pub = Keys.publicKeyPath(keyFile);
        if (!Files.exists(pub)) {
          throw usage(option + ": " + TerminalNames.path(pub) + " (the public key written by keygen) is missing");
        }
        Optional<PublicKey> publicKey = Keys.matchingPublicKey(key.get(), pub);
        if (publicKey.isEmpty()) {
          throw usage(option + ": " + TerminalNames.path(pub) + " is not the public key of "
              + TerminalNames.path(keyFile));
        }
        return new RegisterWriter.Signer(key.get(), publicKey.get());
      } catch (NoSuchFileException e) {
        throw usage(option + " " + TerminalNames.path(keyFile) + " does not exist");
      } catch (IOException e) {
        throw usage("cannot read " + option + " " + TerminalNames.path(keyFile) + ": " + IoFailure.describe(e));
      }
    }

    PublicKey trusted(Path file) {
      try {
        return Keys.readPublicKey(file).orElseThrow(() -> usage("--trust " + TerminalNames.path(file)
            + " is not an Ed25519 public key in PEM"));
      } catch (NoSuchFileException e) {
        throw usage("--trust " + TerminalNames.path(file) + " does not exist");
      } catch (IOException e) {
        throw usage("cannot read --trust " + TerminalNames.path(file) + ": " + IoFailure.describe(e));
      }
    }

    /** Reports an append's result: 0 and the entry, or 1 and the reason. */
    int report(RegisterWriter.Result result) {
      if (result instanceof RegisterWriter.Refused refused) {
        out().println("refused" + (refused.seq() >= 0 ? " at entry " + refused.seq() : "") + ": " + refused.code()
            + ": " + TerminalNames.field(refused.message()));
        return Main.WANTING;
      }
      RegisterWriter.Appended appended = (RegisterWriter.Appended) result;
      if (appended.entry() != null) {
        out().println("appended entry " + appended.entry().seq() + " (" + appended.entry().kind() + " by "
            + TerminalNames.field(appended.entry().issuer()) + ") to " + TerminalNames.path(dir));
      }
      out().println("checkpoint: size " + appended.checkpoint().size() + ", root " + appended.checkpoint().rootHash());
      return Main.OK;
    }

    IoFailure ioFailure(IOException e) {
      return new IoFailure("register " + TerminalNames.path(dir) + ": " + IoFailure.describe(e), e);
    }

    /** Appends the entry {@code factory} makes, signed by {@code signer}, then reports it; see RegisterWriter. */
    int append(RegisterWriter.Signer signer, RegisterWriter.Signer operator, RegisterWriter.EntryFactory factory) {
      try {
        return report(RegisterWriter.append(dir, signer, operator, factory, Clock.systemUTC(),
            RegisterLimits.defaults(), engine));
      } catch (IOException e) {
        throw ioFailure(e);
      }
    }
  }

  /** Appending commands: the issuer's key, the optional operator key for the checkpoint. */
  abstract static class Appending extends Base {
    @Option(names = "--key", required = true, paramLabel = "KEY",
        description = "the issuer's private key (KEY.pub must be beside it)")
    Path key;

    @Option(names = "--operator-key", paramLabel = "KEY",
        description = "also sign the new checkpoint with the operator's key; without it the checkpoint stays as it "
            + "is until 'register checkpoint'")
    Path operatorKey;

    RegisterWriter.Signer operator() {
      return operatorKey == null ? null : signer(operatorKey, "--operator-key");
    }

    int append(RegisterWriter.EntryFactory factory) {
      return append(signer(key, "--key"), operator(), factory);
    }

    /** Checks that the key is admitted for {@code issuer}, so a mistaken --collective is a clear refusal. */
    RegisterWriter.EntryFactory asIssuer(String expected, RegisterWriter.EntryFactory factory) {
      return (seq, issuer, at) -> {
        if (!issuer.equals(expected)) {
          throw new WrongIssuer(issuer, expected);
        }
        return factory.create(seq, issuer, at);
      };
    }

    int appendAs(String expected, RegisterWriter.EntryFactory factory) {
      try {
        return append(asIssuer(expected, factory));
      } catch (WrongIssuer e) {
        out().println("refused: issuer-mismatch: the key is admitted for '" + TerminalNames.field(e.actual)
            + "', not '" + TerminalNames.field(e.expected) + "'");
        return Main.WANTING;
      }
    }
  }

  /** Thrown by an entry factory when the key is admitted for another issuer than the command names. */
  static final class WrongIssuer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String actual;
    final String expected;

    WrongIssuer(String actual, String expected) {
      super(actual, null, false, false);
      this.actual = actual;
      this.expected = expected;
    }
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create an empty register in D, its checkpoint signed by the operator; D/operator.pub is the "
          + "operator's public key (consumers pin their own copy with --trust).")
  static final class Init extends Base {
    @Option(names = "--operator-key", required = true, paramLabel = "KEY", description = "the operator's private key")
    Path operatorKey;

    @Override
    public Integer call() {
      RegisterWriter.Signer operator = signer(operatorKey, "--operator-key");
      try {
        return report(RegisterWriter.init(dir, operator));
      } catch (IOException e) {
        throw ioFailure(e);
      }
    }
  }

  @Command(name = "admit", mixinStandardHelpOptions = true,
      description = "Admit an issuer's public key (a collective's, or the steward's); signed by the operator.")
  static final class Admit extends Base {
    @Option(names = "--operator-key", required = true, paramLabel = "KEY", description = "the operator's private key")
    Path operatorKey;

    @Option(names = "--issuer", required = true, paramLabel = "NAME", description = "a collective's name or 'steward'")
    String issuer;

    @Option(names = "--public-key", required = true, paramLabel = "FILE.pub", description = "the issuer's public key")
    Path publicKey;

    @Override
    public Integer call() {
      RegisterWriter.Signer operator = signer(operatorKey, "--operator-key");
      PublicKey admitted;
      try {
        admitted = Keys.readPublicKey(publicKey).orElseThrow(() -> usage("--public-key "
            + TerminalNames.path(publicKey) + " is not an Ed25519 public key in PEM"));
      } catch (NoSuchFileException e) {
        throw usage("--public-key " + TerminalNames.path(publicKey) + " does not exist");
      } catch (IOException e) {
        throw usage("cannot read --public-key " + TerminalNames.path(publicKey) + ": " + IoFailure.describe(e));
      }
      String der = Base64.getEncoder().encodeToString(admitted.getEncoded());
      return append(operator, operator, (seq, by, at) -> new RegisterEntry.Admit(seq, by, at, issuer, der,
          Keys.keyId(admitted)));
    }
  }

  @Command(name = "retire", mixinStandardHelpOptions = true,
      description = "Retire an issuer's key: it signs nothing after this entry, and its entries issued at or after "
          + "--effective no longer count (for a compromised key, the time it was compromised).")
  static final class Retire extends Base {
    @Option(names = "--operator-key", required = true, paramLabel = "KEY", description = "the operator's private key")
    Path operatorKey;

    @Option(names = "--issuer", required = true, paramLabel = "NAME", description = "the issuer the key is admitted for")
    String issuer;

    @Option(names = "--keyid", required = true, paramLabel = "ID", description = "the key's id (keygen prints it)")
    String keyid;

    @Option(names = "--effective", converter = TimeArgument.class, paramLabel = "DATE",
        description = "from when the key's entries no longer count (default: now)")
    Instant effective;

    @Override
    public Integer call() {
      RegisterWriter.Signer operator = signer(operatorKey, "--operator-key");
      return append(operator, operator, (seq, by, at) -> new RegisterEntry.Retire(seq, by, at, issuer, keyid,
          effective == null ? at : effective));
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Append a collective's statement: its terms (validated first: invalid terms are never "
          + "appended), when they take effect and which records they cover.")
  static final class Add extends Appending {
    @Option(names = "--collective", required = true, paramLabel = "NAME", description = "the collective (the key's)")
    String collective;

    @Option(names = "--terms", required = true, paramLabel = "TERMS", description = "the terms")
    String terms;

    @Option(names = "--effective", converter = TimeArgument.class, paramLabel = "DATE",
        description = "when the statement takes effect (default: always)")
    Instant effective;

    @Option(names = "--contributed-from", converter = TimeArgument.class, paramLabel = "DATE",
        description = "covers records contributed at or after DATE")
    Instant contributedFrom;

    @Option(names = "--contributed-until", converter = TimeArgument.class, paramLabel = "DATE",
        description = "covers records contributed before DATE")
    Instant contributedUntil;

    @Option(names = "--tag", paramLabel = "KEY:VALUE",
        description = "covers records carrying one of these tags (language, domain, kind, scarcity)")
    List<String> tags = new ArrayList<>();

    @Option(names = "--supersedes", paramLabel = "SEQ", description = "an earlier statement this one replaces")
    List<Long> supersedes = new ArrayList<>();

    @Override
    public Integer call() {
      var parsed = engine.parse(terms);
      if (!parsed.isValid()) {
        spec.commandLine().getOut().println(TerminalNames.render("--terms", terms, parsed.errors().get(0)));
        out().println("refused: invalid-terms: the terms do not parse; nothing was appended");
        return Main.WANTING;
      }
      RegisterEntry.Scope scope = new RegisterEntry.Scope(contributedFrom, contributedUntil, tags);
      return appendAs(collective, (seq, issuer, at) -> new RegisterEntry.Statement(seq, issuer, at, terms, effective,
          scope, supersedes));
    }
  }

  @Command(name = "roster", mixinStandardHelpOptions = true,
      description = "Append a collective's full member list (one contributor id per line of FILE), replacing its "
          + "earlier roster from --effective on.")
  static final class Roster extends Appending {
    @Option(names = "--collective", required = true, paramLabel = "NAME", description = "the collective (the key's)")
    String collective;

    @Option(names = "--members", required = true, paramLabel = "FILE", description = "one contributor id per line")
    Path members;

    @Option(names = "--effective", converter = TimeArgument.class, paramLabel = "DATE",
        description = "when the roster takes effect (default: now)")
    Instant effective;

    @Override
    public Integer call() {
      List<String> ids;
      try {
        ids = readIds(members, "--members");
      } catch (NoSuchFileException e) {
        throw usage("--members " + TerminalNames.path(members) + " does not exist");
      }
      if (ids == null) {
        throw usage("--members " + TerminalNames.path(members) + " is larger than a register line may be ("
            + RegisterLimits.DEFAULT_MAX_LINE_BYTES + " bytes)");
      }
      return appendAs(collective, (seq, issuer, at) -> new RegisterEntry.Roster(seq, issuer, at,
          effective == null ? at : effective, ids));
    }
  }

  /**
   * The non-blank lines of a file, trimmed; null when the file is larger than a register line may be (more members
   * than fit are refused at append, by the register's own limits).
   */
  static List<String> readIds(Path file, String option) throws NoSuchFileException {
    try {
      long size = Files.size(file);
      if (size > RegisterLimits.DEFAULT_MAX_LINE_BYTES) {
        return null;
      }
      List<String> ids = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          ids.add(line.strip());
        }
      }
      return ids;
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new IoFailure("cannot read " + option + " " + TerminalNames.path(file) + ": " + IoFailure.describe(e), e);
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true,
      description = "Append a withdrawal of items and/or contributors from --effective on: by a collective (its "
          + "members' items) or by the steward (any item).")
  static final class Withdraw extends Appending {
    @Option(names = "--item", paramLabel = "ID", description = "a withdrawn item (record id)")
    List<String> items = new ArrayList<>();

    @Option(names = "--contributor", paramLabel = "ID", description = "a contributor whose items are all withdrawn")
    List<String> contributors = new ArrayList<>();

    @Option(names = "--effective", converter = TimeArgument.class, paramLabel = "DATE",
        description = "when the withdrawal takes effect (default: now)")
    Instant effective;

    @Override
    public Integer call() {
      if (items.isEmpty() && contributors.isEmpty()) {
        throw usage("withdraw needs at least one --item or --contributor");
      }
      return append((seq, issuer, at) -> new RegisterEntry.Withdrawal(seq, issuer, at,
          effective == null ? at : effective, items, contributors));
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true,
      description = "Record a release (steward): the SHA-256 of each record's RFC 8785 canonical JSON goes to "
          + "D/releases/ID.digests and the entry holds its count, digest and Merkle root. Every line of FILE must be "
          + "a valid record.")
  static final class Release extends Appending {
    @Option(names = "--release", required = true, paramLabel = "ID", description = "the release's id")
    String release;

    @Option(names = "--records", required = true, paramLabel = "FILE.jsonl", description = "the released records")
    Path records;

    @Override
    public Integer call() {
      List<String> digests = new ArrayList<>();
      RecordValidator validator = RecordValidator.create(RecordLimits.DEFAULTS, engine);
      try (InputStream in = Files.newInputStream(records);
           JsonLineSplitter lines = new JsonLineSplitter(in, RecordLimits.DEFAULTS.maxRecordBytes())) {
        while (lines.next()) {
          RecordResult result = JsonLinesReader.lineProblem(lines, RecordLimits.DEFAULTS.maxRecordBytes());
          byte[] bytes = result == null ? lines.copy() : null;
          if (result == null) {
            result = validator.validate(bytes);
          }
          if (!result.isValid()) {
            out().println("refused: invalid-record: line " + lines.lineNumber() + " of "
                + TerminalNames.path(records) + " is not a valid record ("
                + TerminalNames.field(result.errors().get(0).code().id() + ": " + result.errors().get(0).message())
                + "); a release takes valid records only");
            return Main.WANTING;
          }
          if (digests.size() >= RegisterLimits.DEFAULT_MAX_RELEASE_DIGESTS) {
            out().println("refused: release-too-large: more than " + RegisterLimits.DEFAULT_MAX_RELEASE_DIGESTS
                + " records");
            return Main.WANTING;
          }
          digests.add(RecordDigest.of(bytes));
        }
      } catch (NoSuchFileException e) {
        throw usage("--records " + TerminalNames.path(records) + " does not exist");
      } catch (IOException e) {
        throw new IoFailure("cannot read --records " + TerminalNames.path(records) + ": " + IoFailure.describe(e), e);
      }
      if (digests.isEmpty()) {
        out().println("refused: empty-release: " + TerminalNames.path(records) + " holds no records");
        return Main.WANTING;
      }
      RegisterWriter.Signer signer = signer(key, "--key");
      try {
        return report(RegisterWriter.appendRelease(dir, signer, operator(), release, digests, Clock.systemUTC(),
            RegisterLimits.defaults(), engine));
      } catch (IOException e) {
        throw ioFailure(e);
      }
    }
  }

  @Command(name = "checkpoint", mixinStandardHelpOptions = true,
      description = "Verify the register and sign a checkpoint over all of it with the operator's key (after "
          + "entries appended without --operator-key).")
  static final class SignCheckpoint extends Base {
    @Option(names = "--operator-key", required = true, paramLabel = "KEY", description = "the operator's private key")
    Path operatorKey;

    @Override
    public Integer call() {
      RegisterWriter.Signer operator = signer(operatorKey, "--operator-key");
      try {
        return report(RegisterWriter.signCheckpoint(dir, operator, RegisterLimits.defaults(), engine));
      } catch (IOException e) {
        throw ioFailure(e);
      }
    }
  }

  /** Verifying commands: the pinned operator key and the output format. */
  abstract static class Reading extends Base {
    @Option(names = "--trust", required = true, paramLabel = "OPERATOR.pub", description = "the operator's public key")
    Path trust;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    boolean json() {
      if (!format.equals("text") && !format.equals("json")) {
        throw usage("--format is text or json, not '" + TerminalNames.field(format) + "'");
      }
      return format.equals("json");
    }

    /** Prints a refusal and returns 1. */
    int refused(LoadResult.Rejected r, boolean json) {
      if (json) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("verified", false);
        if (r.seq() >= 0) {
          node.put("seq", r.seq());
        } else {
          node.putNull("seq");
        }
        node.put("code", r.code());
        node.put("message", r.message());
        TerminalWriter.raw(out()).println(Json.print(node));
      } else {
        out().println("register " + TerminalNames.path(dir) + " does not verify"
            + (r.seq() >= 0 ? ": entry " + r.seq() : "") + ": " + r.code() + ": " + TerminalNames.field(r.message()));
      }
      return Main.WANTING;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify every entry, signature, admission and the Merkle tree against the operator key; with "
          + "--since, also that the log only grew from that earlier checkpoint.",
          "Exit 0 and the checkpoint when sound; 1 with the first bad entry's seq and the reason."})
  static final class Verify extends Reading {
    @Option(names = "--since", paramLabel = "CHECKPOINT.json", description = "an earlier checkpoint of this register")
    Path since;

    @Override
    public Integer call() {
      boolean json = json();
      PublicKey operator = trusted(trust);
      Checkpoint earlier = null;
      if (since != null) {
        try {
          Checkpoints.ReadResult read = Checkpoints.read(since, operator);
          if (read instanceof Checkpoints.Invalid invalid) {
            if (invalid.code().equals("checkpoint-missing")) {
              throw usage("--since " + TerminalNames.path(since) + " does not exist");
            }
            return refused(new LoadResult.Rejected(LoadResult.Rejected.NO_ENTRY, invalid.code(),
                "--since: " + invalid.message()), json);
          }
          earlier = ((Checkpoints.Valid) read).checkpoint();
        } catch (IOException e) {
          throw usage("cannot read --since " + TerminalNames.path(since) + ": " + IoFailure.describe(e));
        }
      }
      LoadResult result = RegisterLog.load(dir, operator, RegisterLimits.defaults(), engine, earlier);
      if (result instanceof LoadResult.Rejected r) {
        return refused(r, json);
      }
      VerifiedLog log = ((LoadResult.Verified) result).log();
      if (json) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("verified", true);
        node.put("entries", log.entries().size());
        ObjectNode checkpoint = node.putObject("checkpoint");
        checkpoint.put("size", log.checkpoint().size());
        checkpoint.put("rootHash", log.checkpoint().rootHash());
        if (earlier != null) {
          node.put("since", earlier.size());
        }
        TerminalWriter.raw(out()).println(Json.print(node));
      } else {
        out().println("register " + TerminalNames.path(dir) + " verified: " + log.entries().size() + " entries");
        out().println("checkpoint: size " + log.checkpoint().size() + ", root " + log.checkpoint().rootHash()
            + (log.checkpoint().size() < log.entries().size()
            ? " (entries " + log.checkpoint().size() + " to " + (log.entries().size() - 1)
                + " are signed but not yet in a checkpoint)" : ""));
        if (earlier != null) {
          out().println("grew from the checkpoint of " + earlier.size() + " entries: nothing rewritten or removed");
        }
      }
      return Main.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Verify the register, then show what is in force at DATE: admitted issuers, statements not "
          + "superseded, roster sizes, withdrawals and releases.")
  static final class Show extends Reading {
    @Option(names = "--at", converter = TimeArgument.class, paramLabel = "DATE", description = "the time (default: now)")
    Instant at;

    @Override
    public Integer call() {
      boolean json = json();
      PublicKey operator = trusted(trust);
      LoadResult result = RegisterLog.load(dir, operator, RegisterLimits.defaults(), engine, null);
      if (result instanceof LoadResult.Rejected r) {
        return refused(r, json);
      }
      Instant t = at == null ? Instant.now() : at;
      InForce inForce = InForce.of(((LoadResult.Verified) result).log(), t);
      if (json) {
        TerminalWriter.raw(out()).println(Json.print(inForce.toJson(t)));
      } else {
        inForce.print(out(), t);
      }
      return Main.OK;
    }
  }

  /** What a verified log has in force at one time (LANGUAGE.md rule 4: issued and effective by then). */
  record InForce(Map<String, List<String>> issuers, List<RegisterEntry.Statement> statements,
                 Map<String, RegisterEntry.Roster> rosters, List<RegisterEntry.Withdrawal> withdrawals,
                 List<RegisterEntry.Release> releases) {

    static InForce of(VerifiedLog log, Instant t) {
      Map<String, List<String>> issuers = new LinkedHashMap<>();
      Set<String> retired = new HashSet<>();
      Set<Long> superseded = new HashSet<>();
      for (RegisterEntry e : log.entries()) {
        if (e.issuedAt().isAfter(t)) {
          break; // issuedAt never decreases along the log
        }
        if (e instanceof RegisterEntry.Retire r) {
          retired.add(r.keyid());
        } else if (e instanceof RegisterEntry.Statement s && !log.isRevoked(s.seq())
            && (s.effective() == null || !s.effective().isAfter(t))) {
          // Rule R4: a successor issued but not yet effective leaves the statements it supersedes in force.
          superseded.addAll(s.supersedes());
        }
      }
      List<RegisterEntry.Statement> statements = new ArrayList<>();
      Map<String, RegisterEntry.Roster> rosters = new LinkedHashMap<>();
      List<RegisterEntry.Withdrawal> withdrawals = new ArrayList<>();
      List<RegisterEntry.Release> releases = new ArrayList<>();
      for (RegisterEntry e : log.entries()) {
        if (e.issuedAt().isAfter(t)) {
          break;
        }
        if (log.isRevoked(e.seq())) {
          continue;
        }
        if (e instanceof RegisterEntry.Admit a && !retired.contains(a.keyid())) {
          issuers.computeIfAbsent(a.subject(), k -> new ArrayList<>()).add(a.keyid());
        } else if (e instanceof RegisterEntry.Statement s && (s.effective() == null || !s.effective().isAfter(t))
            && !superseded.contains(s.seq())) {
          statements.add(s);
        } else if (e instanceof RegisterEntry.Roster r && !r.effective().isAfter(t)) {
          rosters.put(r.issuer(), r);
        } else if (e instanceof RegisterEntry.Withdrawal w && !w.effective().isAfter(t)) {
          withdrawals.add(w);
        } else if (e instanceof RegisterEntry.Release r) {
          releases.add(r);
        }
      }
      return new InForce(issuers, statements, rosters, withdrawals, releases);
    }

    void print(PrintWriter out, Instant t) {
      out.println("in force at " + t);
      out.println("issuers " + issuers.size());
      issuers.forEach((name, keys) -> out.println("  " + TerminalNames.field(name) + ": "
          + keys.stream().map(k -> k.substring(0, 16)).toList()));
      out.println("statements " + statements.size());
      for (RegisterEntry.Statement s : statements) {
        out.println("  #" + s.seq() + " " + TerminalNames.field(s.issuer()) + ": " + TerminalNames.field(s.terms())
            + (s.effective() == null ? "" : " (from " + s.effective() + ")")
            + (s.scope().contributedFrom() == null ? "" : " contributed from " + s.scope().contributedFrom())
            + (s.scope().contributedUntil() == null ? "" : " contributed until " + s.scope().contributedUntil())
            + (s.scope().tags().isEmpty() ? "" : " tags " + s.scope().tags()));
      }
      out.println("rosters " + rosters.size());
      rosters.forEach((name, r) -> out.println("  #" + r.seq() + " " + TerminalNames.field(name) + ": "
          + r.members().size() + " members"));
      out.println("withdrawals " + withdrawals.size());
      for (RegisterEntry.Withdrawal w : withdrawals) {
        out.println("  #" + w.seq() + " " + TerminalNames.field(w.issuer()) + ": " + w.items().size() + " items, "
            + w.contributors().size() + " contributors, from " + w.effective());
      }
      out.println("releases " + releases.size());
      for (RegisterEntry.Release r : releases) {
        out.println("  #" + r.seq() + " " + TerminalNames.field(r.release()) + ": " + r.records() + " records, root "
            + r.root());
      }
    }

    ObjectNode toJson(Instant t) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("at", t.toString());
      ObjectNode is = node.putObject("issuers");
      issuers.forEach((name, keys) -> {
        ArrayNode a = is.putArray(name);
        keys.forEach(a::add);
      });
      ArrayNode ss = node.putArray("statements");
      for (RegisterEntry.Statement s : statements) {
        ObjectNode o = ss.addObject();
        o.put("seq", s.seq());
        o.put("collective", s.issuer());
        o.put("terms", s.terms());
        o.put("effective", s.effective() == null ? null : s.effective().toString());
        ObjectNode scope = o.putObject("scope");
        scope.put("contributedFrom", s.scope().contributedFrom() == null ? null
            : s.scope().contributedFrom().toString());
        scope.put("contributedUntil", s.scope().contributedUntil() == null ? null
            : s.scope().contributedUntil().toString());
        ArrayNode tags = scope.putArray("tags");
        s.scope().tags().forEach(tags::add);
      }
      ObjectNode rs = node.putObject("rosters");
      rosters.forEach((name, r) -> rs.putObject(name).put("seq", r.seq()).put("members", r.members().size()));
      ArrayNode ws = node.putArray("withdrawals");
      for (RegisterEntry.Withdrawal w : withdrawals) {
        ws.addObject().put("seq", w.seq()).put("issuer", w.issuer()).put("items", w.items().size())
            .put("contributors", w.contributors().size()).put("effective", w.effective().toString());
      }
      ArrayNode rels = node.putArray("releases");
      for (RegisterEntry.Release r : releases) {
        rels.addObject().put("seq", r.seq()).put("release", r.release()).put("records", r.records())
            .put("root", r.root());
      }
      return node;
    }
  }
}
