package dev.ganymede.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
  private static final SharedVenv ENVIRONMENT =
      new SharedVenv(
          "jupyterhub-singleuser",
          SharedVenv.location(VENV_ENV, "singleuser-venv"),
          dir ->
              Files.isExecutable(dir.resolve("bin").resolve("jupyter-lab"))
                  && Files.isExecutable(dir.resolve("bin").resolve("python")),
          build ->
              List.of(
                  List.of(
                      "/usr/bin/python3", "-m", "venv", "--system-site-packages", build.toString()),
                  List.of(
                      build.resolve("bin").resolve("pip").toString(),
                      "install",
                      "--retries",
                      "0",
                      "jupyterlab")));

  private SingleuserFixture() {}

  /** The environment's directory; blocks until it exists. */
  public static Path venv() {
    if (!Files.isExecutable(DEBIAN_SINGLEUSER)) {
      throw new IllegalStateException(
          "Debian's jupyterhub-singleuser is missing; install it with: "
              + "sudo apt-get install -y jupyterhub python3-venv (or scripts/install-test-deps.sh)");
    }
    return ENVIRONMENT.ensure();
  }

  /**
   * The command that starts the single-user server: {@code [python, -m, jupyterhub.singleuser]}.
   */
  public static List<String> command() {
    return List.of(
        venv().resolve("bin").resolve("python").toString(), "-m", "jupyterhub.singleuser");
  }
}
