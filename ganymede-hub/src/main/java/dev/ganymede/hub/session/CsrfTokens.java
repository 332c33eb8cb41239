package dev.ganymede.hub.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Anti-forgery tokens. Each {@link dev.ganymede.hub.store.Session} carries one ({@code
 * Session.csrfToken}); pages put it into forms (a hidden {@code _xsrf} field) or scripts send it in
 * a header, and every cookie-authenticated state change compares it with {@link #matches}.
 *
 * <pre>{@code
 * if (!CsrfTokens.matches(session.csrfToken(), form.get("_xsrf"))) throw forbidden();
 * }</pre>
 */
public final class CsrfTokens {

  private CsrfTokens() {}

  /** 32 random bytes (SecureRandom), unpadded Base64url. */
  public static String newToken() {
    return RandomTokens.newToken();
  }

  /**
   * Whether the submitted token is the expected one, compared in constant time; false if either is
   * empty.
   */
  public static boolean matches(String expected, String submitted) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(submitted, "submitted");
    if (expected.isEmpty() || submitted.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
  }
}
