package dev.ganymede.hub.auth.sso;

/**
 * A single sign-on step failed: the provider could not be reached, answered badly, or a token did
 * not verify. The message names what failed and never contains a token or secret.
 */
final class SsoException extends RuntimeException {
  SsoException(String message) {
    super(message);
  }

  SsoException(String message, Throwable cause) {
    super(message, cause);
  }
}
