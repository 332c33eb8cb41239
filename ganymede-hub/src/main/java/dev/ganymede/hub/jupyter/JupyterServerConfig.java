package dev.ganymede.hub.jupyter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Jupyter Server configuration file with which Ganymede starts every server, and the names it
 * relies on.
 *
 * <p>The file installs an identity provider that accepts a request only if the header {@value
 * #TOKEN_HEADER} holds the server's secret, which the server reads from {@value #TOKEN_ENV} and
 * then removes from its environment (kernels do not inherit it). The server has no login token, so
 * nothing secret appears in pages or URLs; the hub's proxy adds the header to each request it
 * forwards after it authenticated the request for the server's owner. Jupyter Server's own XSRF
 * protection stays on.
 */
public final class JupyterServerConfig {

  /** Request header that carries the per-server secret from the proxy to the server. */
  public static final String TOKEN_HEADER = "X-Ganymede-Server-Token";

  /** Environment variable through which the server receives its secret. */
  public static final String TOKEN_ENV = "GANYMEDE_SERVER_TOKEN";

  /** Environment variable holding the owner's user name. */
  public static final String USER_ENV = "GANYMEDE_USER";

  /** Name of the configuration file, as passed with {@code --config=}. */
  public static final String FILE_NAME = "ganymede_jupyter_server_config.py";

  private JupyterServerConfig() {}

  /**
   * Writes the configuration file into {@code directory} (created if needed) unless an identical
   * file is there already, and returns its path. The write is atomic: a server starting at the same
   * time reads either the old or the new file, never half of one.
   */
  public static Path writeTo(Path directory) {
    Objects.requireNonNull(directory, "directory");
    Path target = directory.resolve(FILE_NAME);
    try {
      byte[] content = content();
      if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
        return target;
      }
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, ".ganymede-config", ".tmp");
      Files.write(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  static byte[] content() throws IOException {
    try (InputStream in = JupyterServerConfig.class.getResourceAsStream(FILE_NAME)) {
      if (in == null) {
        throw new IOException("resource " + FILE_NAME + " missing from the class path");
      }
      return in.readAllBytes();
    }
  }
}
