package dev.ganymede.hub;

/** The hub could not start; the message says why in one line. */
public final class HubStartException extends RuntimeException {
  public HubStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
