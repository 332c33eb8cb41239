package dev.ganymede.hub.server;

/**
 * The server cannot be started now because it is still stopping; the web layer answers {@code
 * 400}/{@code 409} with this message and the client tries again later.
 */
public final class ServerBusyException extends RuntimeException {
  public ServerBusyException(String message) {
    super(message);
  }
}
