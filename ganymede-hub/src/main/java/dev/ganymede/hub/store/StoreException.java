package dev.ganymede.hub.store;

/** Base of the store's unchecked exceptions. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
