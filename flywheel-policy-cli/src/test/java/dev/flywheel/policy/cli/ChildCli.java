package dev.flywheel.policy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the command line in a child JVM, for what only a real process shows: exit codes, signals, pipes, heap. */
final class ChildCli {
  private ChildCli() {}

  /**
   * A {@link ProcessBuilder} running {@link Main} with {@code jvmOptions} and {@code args}; stdin is a pipe. The child
   * starts with SIGINT at its default action even when this JVM was started with it ignored (as a command put in the
   * background by a non-interactive shell is), so that signal tests see what a user's terminal would: coreutils'
   * {@code env} resets it, then replaces itself with the JVM, keeping the process id.
   */
  static ProcessBuilder builder(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add("env");
    command.add("--default-signal=INT");
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** Sends {@code signal} (TERM, INT, KILL) to {@code process} with the system's {@code kill}. */
  static void signal(Process process, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
    }
  }
}
