package dev.ganymede.app;

/** A command failed for a reason the user can act on; its message is printed as is. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
