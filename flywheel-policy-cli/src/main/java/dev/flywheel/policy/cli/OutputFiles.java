package dev.flywheel.policy.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * The output files of one run, which appear under their names only when the run completed.
 *
 * <p>{@link #plan} checks every output before anything is created: its folder must exist (none is created), it must
 * not be a folder, and no output may be the input or another output, compared as files (hard and symbolic links, a
 * {@code ./} or a symlinked folder included): each is a usage error and nothing is touched. {@link #open} then writes
 * each output to a temporary file in the output's own folder, named {@code .NAME.tmp-RANDOM}, and {@link #commit}
 * renames them into place with atomic moves, in the order given (the ledger last, so a ledger under its name means
 * the outputs beside it are complete). A run that fails or is stopped deletes its temporary files: {@link #close}
 * without a commit, and a shutdown hook for SIGINT, SIGTERM and {@code System.exit}. After {@code kill -9} only the
 * temporary files can remain, never a final name.
 *
 * <p>Outputs under {@code /dev/} and {@code /proc/} ({@code /dev/null}, {@code /dev/stdout}) and other files that are
 * not regular files (FIFOs) are written directly, as streams, since they cannot be renamed onto. {@code /dev/null}
 * may be named by several outputs.
 */
final class OutputFiles implements AutoCloseable {
  private static final Path NULL_DEVICE = Path.of("/dev/null");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One output: the option naming it, the path given, where it goes, and how. */
  private static final class Target {
    final String option;
    final Path given;
    final Path destination;
    final boolean direct;
    Path temporary;
    OutputStream stream;

    Target(String option, Path given, Path destination, boolean direct) {
      this.option = option;
      this.given = given;
      this.destination = destination;
      this.direct = direct;
    }

    String describe() {
      return option + " " + TerminalNames.path(given);
    }
  }

  private final List<Target> targets;
  private final PrintWriter err;
  private final Object lock = new Object();
  private Thread hook;
  private boolean committed;
  private boolean aborted;

  private OutputFiles(List<Target> targets, PrintWriter err) {
    this.targets = targets;
    this.err = err;
  }

  /** An output option and its value (null when the option was not given). */
  record Named(String option, Path path) {}

  /**
   * Checks the outputs against each other and against {@code input} (null for stdin), creating nothing.
   *
   * @throws CommandLine.ParameterException for a missing folder, a folder as output, or an output that is the input
   *     or another output
   */
  static OutputFiles plan(CommandLine.Model.CommandSpec spec, Path input, List<Named> outputs, PrintWriter err) {
    List<Target> targets = new ArrayList<>();
    for (Named named : outputs) {
      if (named.path() != null) {
        targets.add(resolve(spec, named));
      }
    }
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (input != null && sameFile(input, resolvedInput(input), t)) {
        throw usage(spec, t.describe() + " is the input file: it would be destroyed before it is read");
      }
      for (int j = 0; j < i; j++) {
        Target other = targets.get(j);
        if (sameFile(other.given, other.destination, t)) {
          throw usage(spec, t.describe() + " is the same file as " + other.describe()
              + ": each output needs a file of its own");
        }
      }
    }
    return new OutputFiles(targets, err);
  }

  private static Target resolve(CommandLine.Model.CommandSpec spec, Named named) {
    Path given = named.path();
    String describe = named.option() + " " + TerminalNames.path(given);
    Path absolute = given.toAbsolutePath().normalize();
    boolean device = absolute.startsWith("/dev/") || absolute.startsWith("/proc/");
    if (Files.isDirectory(given)) {
      throw usage(spec, "cannot write " + describe + ": it is a folder");
    }
    if (Files.exists(given)) {
      Path real = realOrAbsolute(given);
      return new Target(named.option(), given, real, device || !Files.isRegularFile(given));
    }
    if (Files.isSymbolicLink(given)) {
      throw usage(spec, "cannot write " + describe + ": it is a symbolic link to a file that does not exist");
    }
    Path parent = absolute.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw usage(spec, "cannot write " + describe + ": the folder " + TerminalNames.path(parent == null ? absolute
          : parent) + " does not exist (it is not created)");
    }
    if (!Files.isWritable(parent)) {
      throw usage(spec, "cannot write " + describe + ": the folder is not writable");
    }
    return new Target(named.option(), given, realOrAbsolute(parent).resolve(absolute.getFileName()), device);
  }

  private static Path resolvedInput(Path input) {
    return Files.exists(input) ? realOrAbsolute(input) : input.toAbsolutePath().normalize();
  }

  private static Path realOrAbsolute(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      // e.g. /dev/stdin of a pipe: the link's target is no path; compare by file identity instead.
      return path.toAbsolutePath().normalize();
    }
  }

  /** Whether {@code target} is the file {@code given} (resolved as {@code resolved}) names. */
  private static boolean sameFile(Path given, Path resolved, Target target) {
    if (Files.exists(given) && Files.exists(target.given)) {
      try {
        if (Files.isSameFile(given, target.given)) {
          return !Files.isSameFile(target.given, NULL_DEVICE);
        }
        return false;
      } catch (IOException e) {
        // Fall through to comparing paths.
      }
    }
    return resolved.equals(target.destination) && !resolved.equals(NULL_DEVICE);
  }

  /**
   * Creates each output's temporary file (or opens a device directly) and registers the shutdown hook that deletes
   * them if the run does not complete.
   *
   * @throws CommandLine.ParameterException if a file cannot be created; nothing created is left behind
   */
  void open(CommandLine.Model.CommandSpec spec) {
    synchronized (lock) {
      hook = new Thread(this::discardOnShutdown, "flywheel-policy-output-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    for (Target t : targets) {
      try {
        // Under the lock, so that a shutdown hook running meanwhile either sees this file and deletes it, or has
        // already run and this file is never created.
        synchronized (lock) {
          if (aborted) {
            return;
          }
          create(t);
        }
      } catch (IOException | RuntimeException e) {
        close();
        throw usage(spec, "cannot create " + t.describe() + ": " + IoFailure.describe(e));
      }
    }
  }

  private static void create(Target t) throws IOException {
    if (t.direct) {
      t.stream = new FileOutputStream(t.destination.toFile());
    } else {
      Path folder = t.destination.getParent();
      String name = "." + t.destination.getFileName() + ".tmp-" + HexFormat.of().formatHex(randomBytes());
      t.temporary = folder.resolve(name);
      t.stream = Files.newOutputStream(t.temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      keepPermissions(t);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** A file replaced keeps its permissions, as it would if it had been overwritten in place. */
  private static void keepPermissions(Target t) {
    try {
      if (Files.exists(t.destination, LinkOption.NOFOLLOW_LINKS)) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(t.destination);
        Files.setPosixFilePermissions(t.temporary, permissions);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Not a POSIX file system, or not ours to read: the new file gets the default permissions.
    }
  }

  /** The stream of the output named by {@code option}, or null when that option was not given. */
  OutputStream stream(String option) {
    for (Target t : targets) {
      if (t.option.equals(option)) {
        return t.stream;
      }
    }
    return null;
  }

  /** How the output of {@code option} is named in messages. */
  String describe(String option) {
    for (Target t : targets) {
      if (t.option.equals(option)) {
        return t.describe();
      }
    }
    return option;
  }

  /**
   * Renames every temporary file into place, in the order the outputs were given. The streams must be closed.
   *
   * @throws IoFailure if a rename fails (the outputs not yet renamed are deleted)
   */
  void commit() {
    synchronized (lock) {
      if (aborted) {
        throw new IoFailure("the run was stopped before its outputs were complete; nothing was written", null);
      }
      for (Target t : targets) {
        if (t.temporary == null) {
          continue;
        }
        try {
          move(t.temporary, t.destination);
          t.temporary = null;
        } catch (IOException e) {
          throw new IoFailure("cannot write " + t.describe() + ": " + IoFailure.describe(e), e);
        }
      }
      committed = true;
      removeHook();
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Same folder, so this does not happen on the usual file systems; a plain replace is the best left.
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Run by the shutdown hook: the run did not complete, so no output may look finished. */
  private void discardOnShutdown() {
    synchronized (lock) {
      if (committed) {
        return;
      }
      aborted = true;
      // The streams stay open: the main thread may still be writing, and writing to a deleted file is harmless,
      // while a closed stream would make it report a write failure on top of this message.
      deleteTemporaries(false);
      err.println("flywheel-policy: stopped before the run completed; no output was written and the temporary "
          + "files were deleted");
      err.flush();
    }
  }

  private void deleteTemporaries(boolean closeStreams) {
    for (Target t : targets) {
      if (closeStreams && t.stream != null) {
        try {
          t.stream.close();
        } catch (IOException | RuntimeException e) {
          // Closing only to let go of the file; its content is being thrown away.
        }
      }
      if (t.temporary != null) {
        try {
          Files.deleteIfExists(t.temporary);
          t.temporary = null;
        } catch (IOException e) {
          err.println("flywheel-policy: cannot delete the temporary file " + TerminalNames.path(t.temporary) + ": "
              + IoFailure.describe(e));
        }
      }
    }
  }

  private void removeHook() {
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook sees the run committed and does nothing.
      }
      hook = null;
    }
  }

  /** Deletes the temporary files of a run that was not committed. */
  @Override
  public void close() {
    synchronized (lock) {
      if (!committed) {
        deleteTemporaries(true);
      }
      removeHook();
    }
  }

  private static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
