package dev.flywheel.policy.cli;

import dev.flywheel.policy.Diagnostic;
import dev.flywheel.policy.json.RecordLineJson;
import dev.flywheel.policy.records.JsonLinesReader;
import dev.flywheel.policy.records.RecordSummary;
import dev.flywheel.policy.records.RecordValidator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * {@code validate --records}: streams a JSON Lines file through the record validator, reporting every invalid line
 * (and the warnings of valid ones) as it goes, so memory stays flat whatever the file's size.
 */
final class RecordsValidation {
  private RecordsValidation() {}

  /**
   * Validates {@code file}; returns the counts. Text goes to {@code out} (through its terminal sanitiser, with the
   * file name and JSON pointers made safe), JSON Lines to the stream behind it.
   *
   * @throws IoFailure if reading fails part way
   */
  static RecordSummary run(CommandLine.Model.CommandSpec spec, InputFile file, ValidateCommand.Format format,
      PrintWriter out) {
    RecordValidator validator = RecordValidator.withDefaults();
    String name = file.isStdin() ? "<stdin>" : file.path().toString();
    PrintWriter json = TerminalWriter.raw(out);
    try (InputStream in = new BufferedInputStream(file.open(spec), 1 << 16)) {
      RecordSummary summary = JsonLinesReader.validateAll(in, validator, line -> {
        if (line.diagnostics().isEmpty()) {
          return;
        }
        if (format == ValidateCommand.Format.json) {
          json.println(RecordLineJson.toJson(line).toString());
        } else {
          for (Diagnostic d : line.diagnostics()) {
            String source = line.result().termsSource(d).orElse(null);
            out.println(TerminalNames.render(name + ":" + line.lineNumber(), source, d));
          }
        }
      });
      if (format == ValidateCommand.Format.json) {
        json.println(RecordLineJson.summary(summary).toString());
      } else {
        out.println(summary.valid() + " valid, " + summary.invalid() + " invalid");
      }
      return summary;
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      throw new IoFailure("cannot read --records " + TerminalNames.field(name) + ": " + IoFailure.describe(cause), e);
    }
  }
}
