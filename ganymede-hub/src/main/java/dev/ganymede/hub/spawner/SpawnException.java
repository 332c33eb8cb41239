package dev.ganymede.hub.spawner;

/** A server could not be started; the message is shown to the user and must hold no secret. */
public final class SpawnException extends RuntimeException {
  public SpawnException(String message) {
    super(message);
  }

  public SpawnException(String message, Throwable cause) {
    super(message, cause);
  }
}
