package dev.ganymede.hub.store;

/** A referenced user or group does not exist. */
public final class NotFoundException extends StoreException {
  public NotFoundException(String message) {
    super(message);
  }
}
