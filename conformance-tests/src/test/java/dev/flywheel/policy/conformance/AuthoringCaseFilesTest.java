package dev.flywheel.policy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.policy.ItemTerms;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** Statement files, records as items, problems with line and column, and the JUnit and JSON reports. */
class AuthoringCaseFilesTest {
  private static final String RECORD = "{\"schemaVersion\": 1, \"id\": \"r1\", \"contributor\": \"c-1\","
      + " \"collectives\": [\"masakhane\"], \"provenance\": {\"source\": \"s\", \"method\": \"chat\","
      + " \"created\": \"2026-03-01T00:00:00Z\"}, \"licence\": \"LicenseRef-x\", \"released\": null,"
      + " \"preference\": \"allow train\", \"tags\": {\"language\": \"yo\"}}";

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private String caseFile(String statements, String expect) {
    return "{\"description\": \"d\", \"statements\": [" + statements + "], \"groups\": [{\"description\": \"g\","
        + " \"record\": " + RECORD + ", \"tests\": [{\"description\": \"t\", \"request\": {\"purpose\": \"train\","
        + " \"at\": \"2026-09-01T00:00:00Z\"}, \"expect\": " + expect + "}]}]}";
  }

  @Test
  void read_statementFileWithTermsFile_loadsTheStatementWithItsScope() throws IOException {
    write("embargo.terms", "# no training before 2027\ndeny train until 2027-01-01\n");
    Path file = write("embargo.statement.json", "{\"collective\": \"masakhane\", \"termsFile\": \"embargo.terms\","
        + " \"effective\": \"2026-01-01T00:00:00Z\", \"scope\": {\"contributedFrom\": null, \"tags\": [\"language:yo\"]}}");
    List<Problem> problems = new ArrayList<>();
    ItemTerms.CollectiveStatement s = StatementFile.read(file, problems);
    assertEquals(List.of(), problems);
    assertEquals(new ItemTerms.CollectiveStatement("masakhane", "# no training before 2027\ndeny train until 2027-01-01\n",
        Instant.parse("2026-01-01T00:00:00Z"), null, null, Set.of("language:yo")), s);
  }

  @Test
  void read_statementFileWithUnknownFieldAndBothTerms_reportsEach() throws IOException {
    Path file = write("bad.statement.json",
        "{\"collective\": \"masakhane\", \"terms\": \"no-train\", \"termsFile\": \"x.terms\", \"by\": \"collective\"}");
    List<Problem> problems = new ArrayList<>();
    assertNull(StatementFile.read(file, problems));
    List<String> pointers = problems.stream().map(Problem::pointer).toList();
    assertEquals(List.of("/by", ""), pointers);
    assertTrue(problems.get(1).message().endsWith("give the terms once, as \"terms\" or as \"termsFile\""));
  }

  @Test
  void read_statementFileAtTheSizeLimit_reads_andOneBytePastIsRejected() throws IOException {
    String json = "{\"collective\": \"masakhane\", \"terms\": \"no-train\"}";
    String padded = json + " ".repeat((int) StatementFile.MAX_FILE_BYTES - json.length());
    List<Problem> problems = new ArrayList<>();
    assertEquals("no-train", StatementFile.read(write("at.statement.json", padded), problems).terms());
    assertEquals(List.of(), problems);
    Path past = write("past.statement.json", padded + " ");
    assertNull(StatementFile.read(past, problems));
    assertEquals(List.of(new Problem("", past + ": larger than 65536 bytes")), problems);
  }

  @Test
  void run_recordWithStatementFiles_decidesWithTheStatements() throws IOException {
    write("embargo.statement.json", "{\"collective\": \"masakhane\", \"terms\": \"deny train until 2027-01-01\","
        + " \"scope\": {\"tags\": [\"language:yo\"]}}");
    Path cases = write("cases.json", caseFile("\"embargo.statement.json\"",
        "{\"decision\": \"deny\", \"basis\": \"explicit\", \"reasonLayers\": [\"collective\"]}"));
    Report report = ConformanceRunner.run(List.of(cases));
    assertEquals(1, report.passed(), report.toText());
  }

  @Test
  void run_directory_skipsStatementFiles() throws IOException {
    write("embargo.statement.json", "{\"collective\": \"masakhane\", \"terms\": \"deny train\"}");
    write("cases.json", caseFile("\"embargo.statement.json\"", "{\"decision\": \"deny\", \"basis\": \"explicit\"}"));
    Report report = ConformanceRunner.run(List.of(dir));
    assertEquals(0, report.invalidFiles(), report.toText());
    assertEquals(1, report.testsRun());
  }

  @Test
  void read_missingStatementFile_isAProblemAtItsReference() throws IOException {
    Path cases = write("cases.json", caseFile("\"nowhere.statement.json\"",
        "{\"decision\": \"deny\", \"basis\": \"explicit\"}"));
    CaseFileReader.Invalid invalid = assertInstanceOf(CaseFileReader.Invalid.class, new CaseFileReader().read(cases));
    Problem p = invalid.problems().get(0);
    assertEquals("/statements/0", p.pointer());
    assertEquals(1, p.line());
    assertTrue(p.message().contains("nowhere.statement.json: cannot read"), p.message());
  }

  @Test
  void read_invalidRecord_isAProblemWithTheRecordsPointerAndCode() throws IOException {
    Path cases = write("cases.json", caseFile("", "{\"decision\": \"deny\", \"basis\": \"explicit\"}")
        .replace("\"LicenseRef-x\"", "null"));
    CaseFileReader.Invalid invalid = assertInstanceOf(CaseFileReader.Invalid.class, new CaseFileReader().read(cases));
    Problem p = invalid.problems().get(0);
    assertEquals("/groups/0/record/licence", p.pointer());
    assertTrue(p.message().startsWith("invalid record: wrong-type: "), p.message());
  }

  @Test
  void read_schemaViolation_hasLineAndColumnAsWellAsThePointer() {
    String json = "{\n  \"description\": \"d\",\n  \"groups\": [\n    {\"description\": \"g\", \"terms\": \"eval-only\","
        + "\n     \"tests\": [{\"description\": \"t\", \"request\": {\"purpose\": \"trian\","
        + " \"at\": \"2026-06-01T00:00:00Z\"}, \"expect\": {\"decision\": \"allow\", \"basis\": \"explicit\"}}]}]}";
    CaseFileReader.Invalid invalid = assertInstanceOf(CaseFileReader.Invalid.class,
        new CaseFileReader().read(Path.of("cases.json"), json));
    Problem p = invalid.problems().stream().filter(x -> x.pointer().endsWith("/purpose")).findFirst().orElseThrow();
    assertEquals("/groups/0/tests/0/request/purpose", p.pointer());
    assertEquals(5, p.line());
    assertEquals(60, p.column());
    assertTrue(p.toString().startsWith("/groups/0/tests/0/request/purpose (line 5, column 60): "), p.toString());
  }

  @Test
  void toJUnitXml_failedAndPassedTests_parseWithCountsAndFailureMessage() throws Exception {
    Path cases = write("cases.json", "{\"description\": \"d\", \"groups\": [{\"description\": \"g\","
        + " \"terms\": \"eval-only\", \"tests\": ["
        + "{\"description\": \"ok\", \"request\": {\"purpose\": \"eval\", \"at\": \"2026-06-01T00:00:00Z\"},"
        + " \"expect\": {\"decision\": \"allow\", \"basis\": \"explicit\"}},"
        + "{\"description\": \"wrong\", \"request\": {\"purpose\": \"train\", \"at\": \"2026-06-01T00:00:00Z\"},"
        + " \"expect\": {\"decision\": \"allow\", \"basis\": \"explicit\"}}]}]}");
    Report report = ConformanceRunner.run(List.of(cases));
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(report.toJUnitXml())));
    Element root = xml.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    assertEquals("2", root.getAttribute("tests"));
    assertEquals("1", root.getAttribute("failures"));
    Element suite = (Element) root.getElementsByTagName("testsuite").item(0);
    assertEquals(cases.toString(), suite.getAttribute("name"));
    assertEquals(2, suite.getElementsByTagName("testcase").getLength());
    Element failure = (Element) suite.getElementsByTagName("failure").item(0);
    assertEquals("decision: expected allow, actual deny", failure.getAttribute("message"));
    assertEquals("g / wrong", ((Element) failure.getParentNode()).getAttribute("name"));
  }

  @Test
  void toJson_decisionTest_hasStructuredExpectedAndActual() throws Exception {
    Path cases = write("cases.json", "{\"description\": \"d\", \"groups\": [{\"description\": \"g\","
        + " \"terms\": \"train if pay collective m 0.002 EUR per item\", \"tests\": ["
        + "{\"description\": \"t\", \"request\": {\"purpose\": \"train\", \"at\": \"2026-06-01T00:00:00Z\"},"
        + " \"expect\": {\"decision\": \"allow\", \"basis\": \"explicit\"}}]}]}");
    JsonNode outcome = new ObjectMapper().readTree(ConformanceRunner.run(List.of(cases)).toJson())
        .get("outcomes").get(0);
    assertEquals("allow", outcome.get("expected").get("decision").asText());
    assertEquals("explicit", outcome.get("expected").get("basis").asText());
    JsonNode actual = outcome.get("actual");
    assertEquals("obligation", actual.get("decision").asText());
    assertEquals("explicit", actual.get("basis").asText());
    JsonNode duty = actual.get("obligations").get(0);
    assertEquals("payment", duty.get("type").asText());
    assertEquals("m", duty.get("collective").asText());
    assertEquals("0.002", duty.get("amount").asText());
    assertEquals("EUR", duty.get("currency").asText());
    assertTrue(outcome.get("actualText").asText().startsWith("obligation [payment m 0.002 EUR]"),
        outcome.get("actualText").asText());
  }
}
