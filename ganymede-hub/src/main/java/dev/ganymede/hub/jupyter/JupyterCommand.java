package dev.ganymede.hub.jupyter;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolved command that starts a Jupyter server, before the flags that bind it.
 *
 * @param command program and its first arguments, e.g. {@code
 *     [/srv/ganymede/python/bin/jupyter-lab]}
 * @param binDir the directory of the Python environment's programs, to put first on the server's
 *     {@code PATH} (kernels and terminals then find the environment's {@code python} and {@code
 *     pip}); empty when it cannot be told
 */
public record JupyterCommand(List<String> command, Optional<Path> binDir) {
  public JupyterCommand {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    Objects.requireNonNull(binDir, "binDir");
  }
}
