package dev.ganymede.hub.store;

/** A user or group with that name exists already. */
public final class AlreadyExistsException extends StoreException {
  public AlreadyExistsException(String message) {
    super(message);
  }
}
