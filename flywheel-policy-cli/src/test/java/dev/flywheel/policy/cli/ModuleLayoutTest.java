package dev.flywheel.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module layout of docs/ARCHITECTURE.md, checked on the sources of every module of the build (this test runs in
 * the CLI module's directory; the build root is its parent): a Java package belongs to exactly one module, so the
 * modules can be loaded as JPMS modules and a class is found in one place only; and no module depends on the command
 * line, which is an application.
 */
class ModuleLayoutTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

  @Test
  void packages_everyModuleOfTheBuild_noPackageInTwoModules() throws IOException {
    Map<String, TreeSet<String>> modulesByPackage = new TreeMap<>();
    for (String module : modules()) {
      for (String sourceSet : List.of("src/main/java", "src/test/java")) {
        for (String pkg : packagesUnder(ROOT.resolve(module).resolve(sourceSet))) {
          modulesByPackage.computeIfAbsent(pkg, p -> new TreeSet<>()).add(module);
        }
      }
    }
    assertTrue(modulesByPackage.containsKey("dev.flywheel.policy.engine"), "the scan found the engine's sources");
    Map<String, TreeSet<String>> split = new TreeMap<>();
    modulesByPackage.forEach((pkg, modules) -> {
      if (modules.size() > 1) {
        split.put(pkg, modules);
      }
    });
    assertEquals(Map.of(), split, "packages found in more than one module");
  }

  @Test
  void packages_cliPackage_onlyInTheCliModule() throws IOException {
    List<String> holders = new ArrayList<>();
    for (String module : modules()) {
      for (String sourceSet : List.of("src/main/java", "src/test/java")) {
        if (packagesUnder(ROOT.resolve(module).resolve(sourceSet)).contains("dev.flywheel.policy.cli")) {
          holders.add(module);
        }
      }
    }
    assertEquals(List.of("flywheel-policy-cli", "flywheel-policy-cli"), holders);
  }

  @Test
  void poms_everyModuleOfTheBuild_noneDependsOnTheCli() throws IOException {
    List<String> dependents = new ArrayList<>();
    for (String module : modules()) {
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      // What a module depends on: not what it builds with, nor what a BOM manages for others.
      String dependencies = pom.replaceAll("(?s)<!--.*?-->", "").replaceAll("(?s)<build>.*</build>", "")
          .replaceAll("(?s)<dependencyManagement>.*</dependencyManagement>", "");
      if (dependencies.contains("<artifactId>flywheel-policy-cli</artifactId>")
          && !module.equals("flywheel-policy-cli")) {
        dependents.add(module);
      }
    }
    assertEquals(List.of(), dependents);
  }

  @Test
  void bom_everyPublishedModule_isManagedAtTheProjectVersion() throws IOException {
    String bom = Files.readString(ROOT.resolve("flywheel-policy-bom").resolve("pom.xml"));
    TreeSet<String> managed = new TreeSet<>();
    Matcher m = Pattern.compile("<artifactId>(flywheel-policy-[\\w-]+|conformance-tests)</artifactId>\\s*"
        + "<version>\\$\\{project.version}</version>").matcher(bom);
    while (m.find()) {
      managed.add(m.group(1));
    }
    TreeSet<String> published = new TreeSet<>(modules());
    published.remove("flywheel-policy-bom"); // the BOM itself
    published.remove("flywheel-policy-benchmarks"); // measured here, never published
    assertEquals(published, managed);
  }

  private static List<String> modules() throws IOException {
    Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
    List<String> modules = new ArrayList<>();
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertTrue(modules.contains("flywheel-policy-cli"), "the build root is " + ROOT);
    return modules;
  }

  /** The packages declared by the Java files under {@code dir} (none when it does not exist). */
  private static TreeSet<String> packagesUnder(Path dir) throws IOException {
    TreeSet<String> packages = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return packages;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (file.getFileName().toString().equals("module-info.java")) {
          continue;
        }
        Matcher m = PACKAGE.matcher(Files.readString(file));
        if (m.find()) {
          packages.add(m.group(1));
        }
      }
    }
    return packages;
  }
}
