package dev.ganymede.hub.jupyter;

/**
 * No Jupyter server program could be found or installed. The message says what to install or
 * configure and holds no secret.
 */
public final class JupyterInstallationException extends RuntimeException {
  public JupyterInstallationException(String message) {
    super(message);
  }

  public JupyterInstallationException(String message, Throwable cause) {
    super(message, cause);
  }
}
