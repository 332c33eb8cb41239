package dev.ganymede.hub.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Normalises and validates user names. Like JupyterHub, almost any name is allowed ({@code
 * a@b.org}, {@code ünï}); only names that would break URLs ({@code /}, {@code .}, {@code ..}), logs
 * (control characters) or people's eyes (leading or trailing spaces) are refused.
 *
 * <pre>{@code
 * String name = UserNames.normalize(form.get("username"));
 * UserNames.problem(name).ifPresent(message -> { throw new AccountException(message); });
 * }</pre>
 */
public final class UserNames {

  /** Longest allowed name, in characters (code points). */
  public static final int MAX_LENGTH = 255;

  private UserNames() {}

  /**
   * Lower case ({@link Locale#ROOT}); no trimming, so that a stray space is refused, not hidden.
   */
  public static String normalize(String raw) {
    Objects.requireNonNull(raw, "raw");
    return raw.toLowerCase(Locale.ROOT);
  }

  /** A message for the user if {@code name} is not a valid user name, or empty if it is. */
  public static Optional<String> problem(String name) {
    return problem(name, "user name");
  }

  /** Group names follow the same rules; the message says "group name". */
  public static Optional<String> groupNameProblem(String name) {
    return problem(name, "group name");
  }

  private static Optional<String> problem(String name, String what) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      return Optional.of("The " + what + " must not be empty.");
    }
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      return Optional.of("The " + what + " must be at most " + MAX_LENGTH + " characters long.");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("The " + what + " must not be '.' or '..'.");
    }
    if (name.indexOf('/') >= 0) {
      return Optional.of("The " + what + " must not contain '/'.");
    }
    if (name.codePoints().anyMatch(UserNames::isControl)) {
      return Optional.of("The " + what + " must not contain control characters.");
    }
    if (isSpace(name.codePointAt(0)) || isSpace(name.codePointBefore(name.length()))) {
      return Optional.of("The " + what + " must not start or end with a space.");
    }
    return Optional.empty();
  }

  private static boolean isControl(int codePoint) {
    int type = Character.getType(codePoint);
    return Character.isISOControl(codePoint)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static boolean isSpace(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }
}
