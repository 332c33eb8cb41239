package dev.ganymede.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Debian's {@code jupyterhub-singleuser} (package {@code jupyterhub}, 3.0) with JupyterLab 4, for
 * tests that spawn the real single-user server: a virtual environment on Debian's {@code
 * /usr/bin/python3} with {@code --system-site-packages} (so it sees Debian's {@code jupyterhub}
 * module) and {@code jupyterlab} from the package mirror. Run it as {@code <venv>/bin/python -m
 * jupyterhub.singleuser} with {@code JUPYTERHUB_SINGLEUSER_APP=jupyter_server.serverapp.ServerApp}.
 *
 * <p>The environment lives at {@code $GANYMEDE_SINGLEUSER_VENV}, by default {@code
 * ${user.home}/.cache/ganymede/singleuser-venv}; it is created once (under a lock file, published
 * atomically through a symbolic link, like {@link JupyterFixture}). Without Debian's package the
 * methods throw with the command that installs it.
 */
public final class SingleuserFixture {
  /** Environment variable naming the environment's directory. */
  public static final String VENV_ENV = "GANYMEDE_SINGLEUSER_VENV";

  /** The value of {@code JUPYTERHUB_SINGLEUSER_APP} that runs JupyterLab 4's server. */
  public static final String SERVER_APP = "jupyter_server.serverapp.ServerApp";

  private static final Path DEBIAN_SINGLEUSER = Path.of("/usr/bin/jupyterhub-singleuser");
  private static Path ready; // guarded by SingleuserFixture.class

  private SingleuserFixture() {}

  /** The environment's directory; blocks until it exists. */
  public static synchronized Path venv() {
    if (!Files.isExecutable(DEBIAN_SINGLEUSER)) {
      throw new IllegalStateException(
          "Debian's jupyterhub-singleuser is missing; install it with: "
              + "sudo apt-get install -y jupyterhub python3-venv (or scripts/install-test-deps.sh)");
    }
    if (ready == null) {
      ready = ensure(location());
    }
    return ready;
  }

  /**
   * The command that starts the single-user server: {@code [python, -m, jupyterhub.singleuser]}.
   */
  public static List<String> command() {
    return List.of(
        venv().resolve("bin").resolve("python").toString(), "-m", "jupyterhub.singleuser");
  }

  private static Path location() {
    return Optional.ofNullable(System.getenv(VENV_ENV))
        .filter(v -> !v.isBlank())
        .map(Path::of)
        .orElse(Path.of(System.getProperty("user.home"), ".cache", "ganymede", "singleuser-venv"))
        .toAbsolutePath()
        .normalize();
  }

  private static boolean complete(Path venv) {
    return Files.isExecutable(venv.resolve("bin").resolve("jupyter-lab"))
        && Files.isExecutable(venv.resolve("bin").resolve("python"));
  }

  private static Path ensure(Path venv) {
    if (complete(venv)) {
      return venv;
    }
    Path parent = venv.getParent();
    String name = venv.getFileName().toString();
    try {
      Files.createDirectories(parent);
      try (FileChannel channel =
              FileChannel.open(
                  parent.resolve("." + name + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (complete(venv)) {
          return venv;
        }
        if (Files.exists(venv, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(venv)) {
          throw new IllegalStateException(
              venv + " exists but has no bin/jupyter-lab; remove it or set " + VENV_ENV);
        }
        Path build = parent.resolve("." + name + "-" + System.currentTimeMillis());
        run(List.of("/usr/bin/python3", "-m", "venv", "--system-site-packages", build.toString()));
        run(
            List.of(
                build.resolve("bin").resolve("pip").toString(),
                "install",
                "--retries",
                "0",
                "jupyterlab"));
        Path link = parent.resolve("." + name + ".link-" + System.nanoTime());
        Files.createSymbolicLink(link, build.getFileName());
        Files.move(link, venv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return venv;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the single-user test environment " + venv, e);
    }
  }

  private static void run(List<String> command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("PIP_RETRIES", "0");
    builder.environment().put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    Process process = builder.start();
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader reader = process.inputReader()) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (tail.size() == 20) {
          tail.removeFirst();
        }
        tail.addLast(line);
      }
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed with exit code "
                + exit
                + ":\n"
                + String.join("\n", tail));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }
}
