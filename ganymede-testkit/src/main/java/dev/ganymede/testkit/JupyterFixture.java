package dev.ganymede.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Python virtual environment with JupyterLab for tests that start real Jupyter servers.
 *
 * <p>The environment lives at {@code $GANYMEDE_TEST_VENV}, or by default at {@code
 * ${user.home}/.cache/ganymede/test-venv}, and is created on first use ({@code python3 -m venv},
 * then {@code pip install --retries 0 jupyterlab}; about half a minute from the local package
 * mirror). Creation holds a lock file beside it, so test JVMs running in parallel create it once,
 * and is atomic: the environment is built in a sibling directory and published by renaming a
 * symbolic link onto the environment's path (a virtual environment cannot itself be moved, its
 * scripts hold its absolute path). An existing environment that has {@code bin/jupyter-lab} is used
 * as it is, so {@code GANYMEDE_TEST_VENV} may also point at any JupyterLab installation.
 *
 * <pre>{@code
 * Path jupyterLab = JupyterFixture.jupyterLab();   // blocks until the environment exists
 * new ProcessBuilder(jupyterLab.toString(), "--version").start();
 * }</pre>
 *
 * <p>Thread-safe; every method blocks until the environment is ready and throws {@link
 * IllegalStateException} with pip's output if it cannot be created.
 */
public final class JupyterFixture {
  /** Environment variable naming the environment's directory. */
  public static final String VENV_ENV = "GANYMEDE_TEST_VENV";

  private static final SharedVenv ENVIRONMENT =
      new SharedVenv(
          "JupyterLab",
          SharedVenv.location(VENV_ENV, "test-venv"),
          dir -> Files.isExecutable(dir.resolve("bin").resolve("jupyter-lab")),
          build ->
              List.of(
                  List.of("python3", "-m", "venv", build.toString()),
                  List.of(
                      build.resolve("bin").resolve("pip").toString(),
                      "install",
                      "--retries",
                      "0",
                      "jupyterlab")));

  private JupyterFixture() {}

  /**
   * The environment's directory (its {@code bin/} holds {@code python} and {@code jupyter-lab}).
   */
  public static Path venv() {
    return ENVIRONMENT.ensure();
  }

  /** The environment's {@code bin/jupyter-lab}. */
  public static Path jupyterLab() {
    return venv().resolve("bin").resolve("jupyter-lab");
  }

  /** The environment's {@code bin/} directory. */
  public static Path binDir() {
    return venv().resolve("bin");
  }
}
