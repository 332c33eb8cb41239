package dev.ganymede.hub.spawner;

/**
 * User options a spawner refuses (an unknown profile, a choice that is not offered, a free value
 * that does not match its pattern). The web layer answers 400 with the message, which must hold no
 * secret.
 */
public final class InvalidOptionsException extends RuntimeException {
  public InvalidOptionsException(String message) {
    super(message, null, false, false);
  }
}
