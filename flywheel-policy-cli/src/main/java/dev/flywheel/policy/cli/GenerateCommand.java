package dev.flywheel.policy.cli;

import dev.flywheel.policy.testkit.GeneratedDataset;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code generate}: a synthetic contribution dataset (JSON Lines) with the mix of terms of
 * {@code examples/contributions.jsonl}, deterministic for a seed.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
        "Write a synthetic contribution records file (JSON Lines) that exercises every kind of term.",
        "It holds eval-only items, attribution and payment duties, a collective's embargo, preference shifts,",
        "CC-BY releases, a monthly cap, and some invalid lines. The same seed always gives the same file.",
        "Exit 0 on success, 2 on a usage error."},
    footer = {"", "Example:", "  flywheel-policy generate --records 2000 --seed 7 --out contributions.jsonl"})
final class GenerateCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--records", required = true, description = "number of lines to write (0 or more)")
  long records;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", description = "output file (default: standard output)")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (records < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--records must be 0 or more: " + records);
    }
    if (out == null) {
      OutputStream stdout = new BufferedOutputStream(new NonClosingStdout(), 1 << 16);
      GeneratedDataset.write(stdout, records, seed);
      stdout.flush();
      if (System.out.checkError()) {
        throw new IoFailure("cannot write to stdout", null);
      }
      return Main.OK;
    }
    // Like filter's outputs: checked first, written to a temporary file, renamed into place when complete.
    try (OutputFiles outputs = OutputFiles.plan(spec, null, List.of(new OutputFiles.Named("--out", out)),
        spec.commandLine().getErr())) {
      outputs.open(spec);
      try (OutputStream os = new BufferedOutputStream(outputs.stream("--out"), 1 << 16)) {
        GeneratedDataset.write(os, records, seed);
      } catch (IOException e) {
        throw new IoFailure("cannot write " + outputs.describe("--out") + ": " + IoFailure.describe(e), e);
      }
      outputs.commit();
    }
    return Main.OK;
  }

  /** Standard output that survives the writer being closed. */
  private static final class NonClosingStdout extends OutputStream {
    @Override
    public void write(int b) {
      System.out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.out.write(b, off, len);
    }

    @Override
    public void flush() {
      System.out.flush();
    }
  }
}
