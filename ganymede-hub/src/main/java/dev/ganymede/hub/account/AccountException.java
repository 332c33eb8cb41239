package dev.ganymede.hub.account;

/**
 * An account change was refused. The message is meant for the person who asked (admin page, REST
 * API, CLI) and names no secret.
 */
public final class AccountException extends RuntimeException {
  public AccountException(String message) {
    super(message);
  }
}
