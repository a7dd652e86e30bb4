package dev.flywheel.policy.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcomes of a conformance run, in file, group and test order.
 *
 * @param outcomes one per test that ran, plus one per case file that could not be used
 */
public record Report(List<Outcome> outcomes) {

  public Report {
    outcomes = List.copyOf(outcomes);
  }

  /** Tests that passed. */
  public long passed() {
    return count(Outcome.Status.PASSED);
  }

  /** Tests whose result differed from the expectation. */
  public long failed() {
    return count(Outcome.Status.FAILED);
  }

  /** Tests where the implementation threw. */
  public long errors() {
    return count(Outcome.Status.ERROR);
  }

  /** Case files that could not be used (bad JSON, schema violations, impossible values). */
  public long invalidFiles() {
    return count(Outcome.Status.INVALID_FILE);
  }

  /** Tests that ran (passed, failed or errored). */
  public long testsRun() {
    return passed() + failed() + errors();
  }

  /** True when at least one test ran and every outcome passed. */
  public boolean successful() {
    return !outcomes.isEmpty() && outcomes.stream().allMatch(Outcome::passed);
  }

  /** Outcomes that are not {@link Outcome.Status#PASSED}. */
  public List<Outcome> problems() {
    return outcomes.stream().filter(o -> !o.passed()).toList();
  }

  /**
   * The closing line, {@code N passed, N failed}: a test that could not run (an engine error) counts as failed.
   * Invalid files are counted by {@link #details()}.
   */
  public String summary() {
    return passed() + " passed, " + (failed() + errors()) + " failed";
  }

  /** A line of detail before the summary, e.g. {@code 452 tests run, 0 errors, 0 invalid files}. */
  public String details() {
    return testsRun() + " tests run, " + errors() + " errors, " + invalidFiles() + " invalid files";
  }

  /** Every problem described in full, then the details, then the summary as the last line. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (Outcome outcome : problems()) {
      out.append(outcome.describe());
    }
    return out.append(details()).append('\n').append(summary()).append('\n').toString();
  }

  /**
   * The report as one JSON object, for machines: {@code {"summary": {...}, "outcomes": [...]}}. Every outcome has
   * {@code file}, {@code group}, {@code test}, {@code status} (lower case), {@code expected} and {@code actual} as
   * objects with the compared fields ({@code decision}, {@code obligations}, {@code basis}, {@code allowed},
   * {@code wouldAllowWith}, {@code errorCodes}, {@code reasonLayers} for a decision; {@code valid},
   * {@code canonical}, {@code diagnostics} for a parse), {@code expectedText} and {@code actualText} (the same in one
   * line), {@code differences} and {@code reasons}; absent values are {@code null}.
   */
  public String toJson() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("tests", testsRun());
    summary.put("passed", passed());
    summary.put("failed", failed());
    summary.put("errors", errors());
    summary.put("invalidFiles", invalidFiles());
    summary.put("successful", successful());
    List<Map<String, Object>> list = outcomes.stream().map(o -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", o.file());
      m.put("group", o.group());
      m.put("test", o.test());
      m.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
      m.put("expected", o.expectedFields());
      m.put("actual", o.actualFields());
      m.put("expectedText", o.expected());
      m.put("actualText", o.actual());
      m.put("differences", o.differences());
      m.put("reasons", o.reasons());
      return m;
    }).toList();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("summary", summary);
    root.put("outcomes", list);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The report as JUnit XML, the format CI systems read: one {@code <testsuite>} per case file (named by its path),
   * one {@code <testcase>} per test ({@code classname} the file, {@code name} "group / test"), a {@code <failure>} for
   * a failed test (its message the first difference, its text the full account), an {@code <error>} for a test whose
   * implementation threw and for a case file that could not be used (a test case named after the file).
   *
   * @return the XML document, UTF-8 declared
   */
  public String toJUnitXml() {
    Map<String, List<Outcome>> byFile = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      byFile.computeIfAbsent(o.file(), f -> new java.util.ArrayList<>()).add(o);
    }
    java.io.StringWriter text = new java.io.StringWriter();
    try {
      javax.xml.stream.XMLStreamWriter xml = javax.xml.stream.XMLOutputFactory.newFactory().createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "flywheel-policy conformance");
      xml.writeAttribute("tests", Long.toString(outcomes.size()));
      xml.writeAttribute("failures", Long.toString(failed()));
      xml.writeAttribute("errors", Long.toString(errors() + invalidFiles()));
      for (Map.Entry<String, List<Outcome>> file : byFile.entrySet()) {
        List<Outcome> cases = file.getValue();
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", xmlSafe(file.getKey()));
        xml.writeAttribute("tests", Integer.toString(cases.size()));
        xml.writeAttribute("failures", Long.toString(cases.stream().filter(o -> o.status() == Outcome.Status.FAILED)
            .count()));
        xml.writeAttribute("errors", Long.toString(cases.stream().filter(o -> o.status() == Outcome.Status.ERROR
            || o.status() == Outcome.Status.INVALID_FILE).count()));
        xml.writeAttribute("skipped", "0");
        for (Outcome o : cases) {
          xml.writeStartElement("testcase");
          xml.writeAttribute("classname", xmlSafe(o.file()));
          xml.writeAttribute("name", xmlSafe(o.group() == null ? o.file() : o.group() + " / " + o.test()));
          if (!o.passed()) {
            xml.writeStartElement(o.status() == Outcome.Status.FAILED ? "failure" : "error");
            String first = o.differences().isEmpty() ? o.status().name() : o.differences().get(0);
            xml.writeAttribute("message", xmlSafe(first));
            xml.writeAttribute("type", o.status().name().toLowerCase(java.util.Locale.ROOT));
            xml.writeCharacters(xmlSafe(o.describe()));
            xml.writeEndElement();
          }
          xml.writeEndElement();
        }
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (javax.xml.stream.XMLStreamException e) {
      throw new IllegalStateException("cannot write the JUnit report", e);
    }
    return text.toString() + "\n";
  }

  /** Text with the characters XML 1.0 cannot hold (most controls, lone surrogates) replaced by U+FFFD. */
  private static String xmlSafe(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
          || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      out.appendCodePoint(allowed ? cp : 0xFFFD);
    });
    return out.toString();
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private long count(Outcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }
}
