package dev.ganymede.hub.jupyter;

import dev.ganymede.hub.config.SpawnerConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, and if need be installs, the program that starts a user's Jupyter server.
 *
 * <p>Resolution order:
 *
 * <ol>
 *   <li>{@code spawner.command} from configuration, if set;
 *   <li>{@code jupyter-lab} on the hub's {@code PATH};
 *   <li>{@code bin/jupyter-lab} of the managed environment ({@code spawner.pythonEnv}, default
 *       {@code <hub.dataDir>/python});
 *   <li>if {@code spawner.managedEnv} is true: the managed environment is created ({@code python3
 *       -m venv}, then {@code pip install --retries 0 jupyterlab}), with progress reported line by
 *       line;
 *   <li>otherwise a {@link JupyterInstallationException} that says what to install.
 * </ol>
 *
 * <p><b>Managed environment layout.</b> A virtual environment cannot be moved once its programs are
 * installed (their {@code #!} lines hold its absolute path), so it is built in a fresh sibling
 * directory {@code .python-<millis>} and published by atomically renaming a symbolic link over
 * {@code python}. A half-finished installation is therefore never visible under the managed path;
 * leftovers of an interrupted one are deleted by the next installation. A lock file beside it
 * ({@code .python.lock}) keeps two hubs from installing at the same time; the second one waits and
 * then uses the first one's result.
 *
 * <p><b>Threading.</b> {@link #ensureReady(InstallProgress)} is thread-safe and idempotent: the
 * first caller starts the resolution on a background thread, and every caller (the first included)
 * waits for that one result while receiving its progress. A failed resolution is not cached: the
 * next call tries again (for example after the operator installed {@code python3-venv}). A caller
 * that is interrupted stops waiting (and gets a {@link JupyterInstallationException}); the
 * installation itself goes on for the others.
 *
 * <pre>{@code
 * JupyterInstallation jupyter = new JupyterInstallation(config.spawner(), config.hub().dataDir());
 * JupyterCommand command = jupyter.ensureReady(line -> System.out.println(line));
 * }</pre>
 */
public final class JupyterInstallation {
  private static final Logger log = LoggerFactory.getLogger(JupyterInstallation.class);
  private static final String PROGRAM = "jupyter-lab";
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private static final Map<String, String> PIP_ENVIRONMENT =
      Map.of("PIP_RETRIES", "0", "PIP_DISABLE_PIP_VERSION_CHECK", "1", "PYTHONUNBUFFERED", "1");

  private final List<String> configuredCommand;
  private final boolean managedEnv;
  private final Path envDir;
  private final List<Path> searchPath;
  private final String python;
  private final Set<InstallProgress> listeners = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private CompletableFuture<JupyterCommand> ready; // guarded by lock
  private int lastPercent; // guarded by lock

  /**
   * @param config the spawner section: {@code command}, {@code pythonEnv}, {@code managedEnv}
   * @param dataDir the hub's data directory, home of the default managed environment
   */
  public JupyterInstallation(SpawnerConfig config, Path dataDir) {
    this(config, dataDir, pathOfThisProcess(), "python3");
  }

  /**
   * @param searchPath the directories searched for programs, in order (the hub's {@code PATH})
   * @param python the Python interpreter used to create the managed environment: a name looked up
   *     in {@code searchPath}, or an absolute path
   */
  JupyterInstallation(SpawnerConfig config, Path dataDir, List<Path> searchPath, String python) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataDir, "dataDir");
    this.configuredCommand = config.command();
    this.managedEnv = config.managedEnv();
    this.envDir = config.pythonEnv().orElse(dataDir.resolve("python")).toAbsolutePath().normalize();
    this.searchPath = List.copyOf(searchPath);
    this.python = Objects.requireNonNull(python, "python");
  }

  /** Where the managed Python environment is or would be. */
  public Path managedEnvironment() {
    return envDir;
  }

  /**
   * Same as {@link #ensureReady(InstallProgress)}, for callers that only print the lines (the
   * command line).
   */
  public JupyterCommand ensureReady(Consumer<String> progress) {
    Objects.requireNonNull(progress, "progress");
    return ensureReady((percent, message) -> progress.accept(message));
  }

  /**
   * Returns the command that starts a Jupyter server, installing JupyterLab into the managed
   * environment first if needed (about a minute). Blocks until done; see the class comment for the
   * threading contract.
   *
   * @param progress receives progress on the installer's thread while this call waits
   * @throws JupyterInstallationException if no Jupyter server program exists and none could be
   *     installed; the message says what to install
   */
  public JupyterCommand ensureReady(InstallProgress progress) {
    Objects.requireNonNull(progress, "progress");
    CompletableFuture<JupyterCommand> result;
    synchronized (lock) {
      if (ready == null || ready.isCompletedExceptionally()) {
        ready = new CompletableFuture<>();
        lastPercent = 0;
        CompletableFuture<JupyterCommand> target = ready;
        Thread.ofVirtual()
            .name("jupyter-install")
            .start(
                () -> {
                  try {
                    target.complete(resolve());
                  } catch (RuntimeException | Error e) {
                    target.completeExceptionally(e);
                  }
                });
      }
      result = ready;
      listeners.add(progress);
    }
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JupyterInstallationException("Interrupted while waiting for JupyterLab", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JupyterInstallationException failure) {
        throw new JupyterInstallationException(failure.getMessage(), failure);
      }
      throw new JupyterInstallationException(
          "Preparing JupyterLab failed unexpectedly: " + e.getCause(), e.getCause());
    } finally {
      listeners.remove(progress);
    }
  }

  private JupyterCommand resolve() {
    if (!configuredCommand.isEmpty()) {
      return configured();
    }
    Optional<Path> onPath = findProgram(PROGRAM);
    if (onPath.isPresent()) {
      log.info("Using {} found on PATH", onPath.get());
      return commandOf(onPath.get());
    }
    Optional<JupyterCommand> managed = existingManaged();
    if (managed.isPresent()) {
      return managed.get();
    }
    if (!managedEnv) {
      throw new JupyterInstallationException(
          "No Jupyter server program found: `jupyter-lab` is not on PATH and "
              + envDir
              + " holds none, and spawner.managedEnv is false. Install JupyterLab (`pip install"
              + " jupyterlab`) and set spawner.command to its `jupyter-lab`, or set"
              + " spawner.managedEnv to true to let Ganymede install it.");
    }
    return install();
  }

  private JupyterCommand configured() {
    String program = configuredCommand.get(0);
    Path resolved;
    if (program.contains("/")) {
      resolved = Path.of(program).toAbsolutePath();
      if (!Files.isExecutable(resolved)) {
        throw new JupyterInstallationException(
            "spawner.command: " + resolved + " does not exist or is not executable");
      }
    } else {
      resolved =
          findProgram(program)
              .orElseThrow(
                  () ->
                      new JupyterInstallationException(
                          "spawner.command: program `" + program + "` not found on PATH"));
    }
    List<String> command = new ArrayList<>(configuredCommand);
    command.set(0, resolved.toString());
    return new JupyterCommand(command, Optional.ofNullable(resolved.getParent()));
  }

  private Optional<JupyterCommand> existingManaged() {
    Path program = envDir.resolve("bin").resolve(PROGRAM);
    return Files.isExecutable(program) ? Optional.of(commandOf(program)) : Optional.empty();
  }

  private static JupyterCommand commandOf(Path program) {
    return new JupyterCommand(
        List.of(program.toString()), Optional.ofNullable(program.getParent()));
  }

  private Optional<Path> findProgram(String name) {
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("try") // the lock is held for the try block
  private JupyterCommand install() {
    Path parent = envDir.getParent();
    String name = envDir.getFileName().toString();
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(envDir, k -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(parent);
      try (FileChannel channel =
          FileChannel.open(
              parent.resolve("." + name + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE)) {
        FileLock fileLock = channel.tryLock();
        if (fileLock == null) {
          publish(1, "Waiting for another installation of JupyterLab to finish");
          fileLock = channel.lock();
        }
        try (FileLock held = fileLock) {
          Optional<JupyterCommand> done = existingManaged();
          if (done.isPresent()) {
            return done.get();
          }
          return installLocked(parent, name);
        }
      }
    } catch (IOException e) {
      throw new JupyterInstallationException(
          "Cannot prepare the Python environment in " + envDir + ": " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }

  private JupyterCommand installLocked(Path parent, String name) throws IOException {
    if (Files.exists(envDir, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(envDir)) {
      throw new JupyterInstallationException(
          envDir
              + " exists but holds no bin/jupyter-lab. Remove it so Ganymede can install"
              + " JupyterLab there, or set spawner.pythonEnv to another directory.");
    }
    removeLeftovers(parent, name);
    Path interpreter = interpreter();
    Path versionDir = parent.resolve("." + name + "-" + System.currentTimeMillis());
    boolean published = false;
    try {
      publish(2, "Creating a Python environment in " + envDir);
      log.info("Creating the managed Python environment {} (in {})", envDir, versionDir);
      CommandRunner.Result venv =
          run(List.of(interpreter.toString(), "-m", "venv", versionDir.toString()), line -> {});
      if (!venv.ok()) {
        throw venvFailure(venv);
      }
      publish(PipProgress.COLLECT_FROM, "Installing JupyterLab with pip");
      PipProgress pipProgress = new PipProgress(this::publish);
      CommandRunner.Result pip =
          run(
              List.of(
                  versionDir.resolve("bin").resolve("pip").toString(),
                  "install",
                  "--retries",
                  "0",
                  "jupyterlab"),
              pipProgress::line);
      if (!pip.ok()) {
        throw new JupyterInstallationException(
            "Installing JupyterLab with pip failed (exit code "
                + pip.exitCode()
                + "). Make sure pip can reach a package index (pip's own configuration is used),"
                + " or install JupyterLab yourself (`pip install jupyterlab`) and set"
                + " spawner.command to its `jupyter-lab`. Last lines of pip's output:\n"
                + pip.tailText());
      }
      if (!Files.isExecutable(versionDir.resolve("bin").resolve(PROGRAM))) {
        throw new JupyterInstallationException(
            "pip finished but installed no bin/jupyter-lab into " + versionDir);
      }
      Path link = parent.resolve("." + name + ".link-" + System.nanoTime());
      Files.createSymbolicLink(link, versionDir.getFileName());
      Files.move(link, envDir, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      published = true;
      publish(100, "JupyterLab is ready");
      log.info("JupyterLab installed into {}", envDir);
      return existingManaged()
          .orElseThrow(
              () -> new JupyterInstallationException("JupyterLab vanished from " + envDir));
    } finally {
      if (!published) {
        try {
          deleteTree(versionDir);
        } catch (UncheckedIOException e) {
          log.warn("Cannot remove the unfinished environment {}", versionDir, e);
        }
      }
    }
  }

  private CommandRunner.Result run(List<String> command, Consumer<String> lines)
      throws IOException {
    try {
      return CommandRunner.run(
          command,
          PIP_ENVIRONMENT,
          line -> {
            log.debug("{}: {}", Path.of(command.get(0)).getFileName(), line);
            lines.accept(line);
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JupyterInstallationException("Installation of JupyterLab interrupted", e);
    }
  }

  private Path interpreter() {
    Optional<Path> found =
        python.contains("/")
            ? Optional.of(Path.of(python)).filter(Files::isExecutable)
            : findProgram(python);
    return found.orElseThrow(
        () ->
            new JupyterInstallationException(
                "JupyterLab is not installed and Python 3 (`"
                    + python
                    + "`) was not found on PATH to install it. Install Python 3 with its venv"
                    + " module (Debian/Ubuntu: `apt-get install python3 python3-venv`), or install"
                    + " JupyterLab yourself (`pip install jupyterlab`) and set spawner.command to"
                    + " its `jupyter-lab`."));
  }

  private JupyterInstallationException venvFailure(CommandRunner.Result venv) {
    String output = venv.tailText();
    if (output.contains("ensurepip") || output.contains("No module named venv")) {
      return new JupyterInstallationException(
          "Python's venv module is missing or incomplete, so Ganymede cannot create its Python"
              + " environment. Install it (Debian/Ubuntu: `apt-get install python3-venv`), or"
              + " install JupyterLab yourself (`pip install jupyterlab`) and set spawner.command to"
              + " its `jupyter-lab`. Output of `python3 -m venv`:\n"
              + output);
    }
    return new JupyterInstallationException(
        "`python3 -m venv` failed (exit code "
            + venv.exitCode()
            + "). Install JupyterLab yourself (`pip install jupyterlab`) and set spawner.command"
            + " to its `jupyter-lab`. Output:\n"
            + output);
  }

  /** Deletes environments of installations that never finished (not the published one). */
  private void removeLeftovers(Path parent, String name) throws IOException {
    Optional<Path> current =
        Files.isSymbolicLink(envDir)
            ? Optional.of(parent.resolve(Files.readSymbolicLink(envDir)).normalize())
            : Optional.empty();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, "." + name + "-*")) {
      for (Path entry : entries) {
        if (current.map(c -> !c.equals(entry.normalize())).orElse(true)) {
          log.info("Removing unfinished Python environment {}", entry);
          deleteTree(entry);
        }
      }
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, "." + name + ".link-*")) {
      for (Path entry : entries) {
        Files.deleteIfExists(entry);
      }
    }
  }

  private void publish(int percent, String message) {
    int reported;
    synchronized (lock) {
      lastPercent = Math.max(lastPercent, Math.min(100, percent));
      reported = lastPercent;
    }
    for (InstallProgress listener : listeners) {
      try {
        listener.update(reported, message);
      } catch (RuntimeException e) {
        log.warn("Progress listener failed", e);
      }
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static List<Path> pathOfThisProcess() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
    List<Path> dirs = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        dirs.add(Path.of(entry));
      }
    }
    return dirs;
  }
}
