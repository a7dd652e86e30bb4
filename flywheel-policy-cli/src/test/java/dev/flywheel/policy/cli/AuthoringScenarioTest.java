package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The collective scenario of examples/authoring (docs/AUTHORING.md): one terms file and one statement file per
 * statement, one case file referencing them, run by {@code test} with a JUnit report that an XML parser reads.
 */
class AuthoringScenarioTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "authoring");

  @TempDir
  Path dir;

  private static Document parse(Path xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
  }

  @Test
  void test_example_passesAndWritesJUnitXmlWithTheCounts() throws Exception {
    Path junit = dir.resolve("report.xml");
    CliRunner.Result r = CliRunner.run("test", "--junit", junit.toString(), EXAMPLE.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().endsWith("7 passed, 0 failed\n"), r.out());
    Element root = parse(junit).getDocumentElement();
    assertEquals("7", root.getAttribute("tests"));
    assertEquals("0", root.getAttribute("failures"));
    assertEquals("0", root.getAttribute("errors"));
    assertEquals(7, root.getElementsByTagName("testcase").getLength());
    assertEquals(0, root.getElementsByTagName("failure").getLength());
  }

  @Test
  void test_exampleWithAWrongExpectation_failsAndTheReportNamesIt() throws Exception {
    Path copy = dir.resolve("authoring");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(EXAMPLE)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Path cases = copy.resolve("masakhane.cases.json");
    // Claim the embargo allows training in 2026.
    Files.writeString(cases, Files.readString(cases).replaceFirst(
        "\"expect\": \\{\"decision\": \"deny\", \"basis\": \"explicit\", \"allowed\": false, \"reasonLayers\"",
        "\"expect\": {\"decision\": \"allow\", \"basis\": \"explicit\", \"allowed\": false, \"reasonLayers\""));
    Path junit = dir.resolve("report.xml");
    CliRunner.Result r = CliRunner.run("test", "--junit", junit.toString(), copy.toString());
    assertEquals(1, r.exitCode(), r.out());
    Document xml = parse(junit);
    Element root = xml.getDocumentElement();
    assertEquals("7", root.getAttribute("tests"));
    assertEquals("1", root.getAttribute("failures"));
    Element failure = (Element) root.getElementsByTagName("failure").item(0);
    assertEquals("decision: expected allow, actual deny", failure.getAttribute("message"));
    assertEquals("a Yoruba record contributed in March 2026 / training in 2026 is embargoed",
        ((Element) failure.getParentNode()).getAttribute("name"));
  }

  @Test
  void test_junitInAMissingFolder_isAUsageErrorBeforeAnythingRuns() {
    CliRunner.Result r = CliRunner.run("test", "--junit", dir.resolve("no/such/report.xml").toString(),
        EXAMPLE.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().endsWith("Run 'flywheel-policy test --help' for usage.\n"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void fmtCheck_exampleTermsFiles_areCanonical() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLE)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".terms")).toList()) {
        CliRunner.Result r = CliRunner.run("fmt", "--check", "--file", f.toString());
        assertEquals(0, r.exitCode(), f + "\n" + r.out() + r.err());
      }
    }
  }
}
