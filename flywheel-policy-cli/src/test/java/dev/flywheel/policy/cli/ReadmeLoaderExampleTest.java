package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's per-item loader example compiles as written, against the library's public API. */
class ReadmeLoaderExampleTest {
  static final Path README = Path.of("../README.md");

  @TempDir
  Path classes;

  /** The first java block after the heading "In a training-data loader". */
  static String loaderExample() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int section = readme.indexOf("## In a training-data loader");
    assertTrue(section >= 0, "README has the loader section");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    int end = readme.indexOf("```", start);
    return readme.substring(start, end);
  }

  @Test
  void readmeLoaderExample_wrappedWithItsImportsAndStubs_compiles() throws Exception {
    String source = "import dev.flywheel.policy.*;\n"
        + "import dev.flywheel.policy.usage.*;\n"
        + "import java.time.Instant;\n"
        + "import java.util.List;\n"
        + "class LoaderExample {\n"
        + "  interface Item { String id(); String contributor(); String terms(); }\n"
        + "  interface Ledger { void record(Item item, List<Duty> duties); }\n"
        + "  Iterable<Item> items = List.of();\n"
        + "  Ledger ledger = (item, duties) -> { };\n"
        + "  void emit(Item item) { }\n"
        + "  void load() {\n"
        + loaderExample()
        + "  }\n"
        + "}\n";
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///LoaderExample.java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    StringWriter diagnostics = new StringWriter();
    boolean ok = compiler.getTask(diagnostics, null, null, List.of("-classpath",
        System.getProperty("java.class.path"), "-d", classes.toString(), "-Xlint:all", "-Werror"), null,
        List.of(file)).call();
    assertTrue(ok, diagnostics + "\n" + source);
    assertEquals("", diagnostics.toString());
    assertTrue(Files.exists(classes.resolve("LoaderExample.class")));
  }
}
