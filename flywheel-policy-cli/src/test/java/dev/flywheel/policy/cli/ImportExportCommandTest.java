package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportExportCommandTest {

  record Run(int exitCode, String out, String err) {}

  /** Runs a command as the main command line will once it registers it. */
  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void import_aiprefString_printsTermsAndReport() {
    Run r = run(new ImportCommand(), "--from", "aipref", "train-ai=n, search=y");
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals("deny train-genai; allow search", lines[0]);
    assertTrue(r.out().contains("warning unknown-category"), r.out());
  }

  @Test
  void review14_importAiprefUnparsable_warningNoTermsExitsZero() {
    Run r = run(new ImportCommand(), "--from", "aipref", "train-ai = n");
    assertEquals(0, r.exitCode(), r.out());
    assertTrue(r.out().startsWith("<input>"), "no terms line: " + r.out());
    assertTrue(r.out().contains("warning malformed-signal"), r.out());
    assertTrue(r.out().contains("<input>:1:10"), r.out());
    assertTrue(r.out().contains("no-preference"), r.out());
  }

  @Test
  void review17_importXRobotsTag_readsNoaiAndHelpListsEveryFormat() {
    Run r = run(new ImportCommand(), "--from", "x-robots-tag", "X-Robots-Tag: noai, noimageai");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("deny ai", r.out().split("\n")[0]);
    Run html = run(new ImportCommand(), "--from", "x-robots-tag", "<meta name=\"robots\" content=\"noindex\">");
    assertEquals("deny search", html.out().split("\n")[0]);
    Run help = run(new ImportCommand(), "--help");
    for (var format : dev.flywheel.policy.interop.ImportFormat.values()) {
      assertTrue(help.out().contains(format.word()), format.word() + " missing from: " + help.out());
    }
    Run unknown = run(new ImportCommand(), "--from", "html", "x");
    assertTrue(unknown.err().contains("x-robots-tag"), unknown.err());
  }

  @Test
  void import_noPreference_printsOnlyTheReport() {
    Run r = run(new ImportCommand(), "--from", "content-signal", "use=full");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("<input>"), r.out());
    assertTrue(r.out().contains("no-preference"));
  }

  @Test
  void import_unknownFormat_usageError() {
    Run r = run(new ImportCommand(), "--from", "html", "x");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unknown format 'html'"), r.err());
  }

  @Test
  void import_badPathOption_usageError() {
    assertEquals(2, run(new ImportCommand(), "--from", "robots", "--path", "nope", "x").exitCode());
  }

  @Test
  void import_robotsFile_selectsAgentAndPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("robots.txt");
    Files.writeString(file, "User-Agent: *\nContent-Usage: train-ai=n\nContent-Usage: /ai-ok/ train-ai=y\n"
        + "\nUser-Agent: ExampleBot\nContent-Usage: train-ai=y\n", StandardCharsets.UTF_8);
    assertEquals("deny train-genai",
        run(new ImportCommand(), "--from", "robots", "--path", "/test", file.toString()).out().split("\n")[0]);
    assertEquals("allow train-genai",
        run(new ImportCommand(), "--from", "robots", "--path", "/ai-ok/test", file.toString()).out().split("\n")[0]);
    assertEquals("allow train-genai",
        run(new ImportCommand(), "--from", "robots", "--agent", "ExampleBot", file.toString()).out().split("\n")[0]);
  }

  @Test
  void import_json_hasTermsAndReportWithPointer() throws Exception {
    Run r = run(new ImportCommand(), "--from", "tdmrep", "--format", "json",
        "[{\"location\": \"/\", \"tdm-reservation\": 1, \"tdm-policy\": \"https://example.com/p\"}]");
    assertEquals(0, r.exitCode());
    JsonNode node = Json.MAPPER.readTree(r.out());
    assertEquals("deny ai", node.get("terms").asText());
    assertEquals("/0/tdm-policy", node.get("report").get(0).get("pointer").asText());
  }

  @Test
  void import_rslCurlyQuotes_exitsOneWithHelp() {
    Run r = run(new ImportCommand(), "--from", "rsl", "<rsl><content url=\u201d/\u201d></content></rsl>");
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("malformed-xml"));
    assertTrue(r.out().contains("straight quotes"));
  }

  @Test
  void import_epubPackageFileAsTdmrep_deniesAi(@TempDir Path dir) throws Exception {
    Path opf = dir.resolve("content.opf");
    Files.writeString(opf, "<?xml version=\"1.0\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
        + "<metadata><meta property=\"tdm:reservation\">1</meta></metadata></package>\n", StandardCharsets.UTF_8);
    Run r = run(new ImportCommand(), "--from", "tdmrep", opf.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertEquals("deny ai", r.out().split("\n")[0]);
  }

  @Test
  void import_htmlPageWithLinkedRslLicence_reportsUrlNoTerms(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("page.html");
    Files.writeString(page, "<!DOCTYPE html>\n<html><head><link rel=\"license\" type=\"application/rsl+xml\" "
        + "href=\"https://example.com/license.xml\"></head></html>\n", StandardCharsets.UTF_8);
    Run r = run(new ImportCommand(), "--from", "rsl", page.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("https://example.com/license.xml"), r.out());
    assertTrue(r.out().contains("warning no-preference"), r.out());
  }

  @Test
  void import_help_namesEmbeddedSources() {
    String help = run(new ImportCommand(), "--help").out().replaceAll("\\s+", " "); // the help wraps its lines
    assertTrue(help.contains("EPUB package document"), help);
    assertTrue(help.contains("RSS feed"), help);
  }

  @Test
  void export_evalOnlyToAipref_refusesOthersAndReportsEval() {
    Run r = run(new ExportCommand(), "--to", "aipref", "eval-only");
    assertEquals(0, r.exitCode());
    assertEquals("train-ai=n, search=n", r.out().split("\n")[0]);
    assertTrue(r.out().contains("no-equivalent"));
    assertTrue(r.out().contains("'eval'"));
  }

  @Test
  void export_json_hasValueAndReport() throws Exception {
    Run r = run(new ExportCommand(), "--to", "content-signal", "--format", "json", "train if attribution");
    JsonNode node = Json.MAPPER.readTree(r.out());
    assertEquals("ai-train=no", node.get("value").asText());
    assertEquals("Content-Signal", node.get("field").asText());
    assertEquals("lossy-export", node.get("report").get(0).get("code").asText());
  }

  @Test
  void export_invalidTerms_exitsOneWithDiagnostics() {
    Run r = run(new ExportCommand(), "--to", "aipref", "deny tarin");
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("unknown-word"), r.out());
  }

  @Test
  void export_unknownTarget_usageError() {
    assertEquals(2, run(new ExportCommand(), "--to", "rsl", "deny train").exitCode());
  }
}
