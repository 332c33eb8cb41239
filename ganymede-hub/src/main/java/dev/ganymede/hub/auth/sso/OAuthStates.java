package dev.ganymede.hub.auth.sso;

import dev.ganymede.hub.auth.LoginAttempt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OAuth sign-ins under way: for each {@code state}, the PKCE verifier and the OpenID nonce,
 * kept in memory for {@link #LIFETIME}. The web layer binds a state to the browser that started it
 * with the cookie {@link #COOKIE} (see {@code LoginPages}); a callback whose state is unknown,
 * expired, already used or not this browser's is refused. Thread-safe.
 */
public final class OAuthStates {
  /** The cookie that carries the state of the sign-in this browser started. */
  public static final String COOKIE = "ganymede-oauth-state";

  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final int MAX_PENDING = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One sign-in under way. */
  record Pending(String state, String verifier, String nonce, Instant started) {
    /** The PKCE S256 challenge of {@code verifier}. */
    String challenge() {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Clock clock;

  OAuthStates(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts a sign-in. */
  Pending start() {
    Instant now = clock.instant();
    if (pending.size() >= MAX_PENDING) {
      pending.values().removeIf(p -> expired(p, now));
      if (pending.size() >= MAX_PENDING) {
        throw new SsoException("too many sign-ins under way");
      }
    }
    Pending p = new Pending(random(), random(), random(), now);
    pending.put(p.state(), p);
    return p;
  }

  /**
   * The sign-in a callback finishes (once only), or a reason to refuse it.
   *
   * @return the pending sign-in, or empty with {@code problem} filled in
   */
  Optional<Pending> finish(LoginAttempt callback, StringBuilder problem) {
    String state = callback.parameter("state");
    if (state.isEmpty()) {
      problem.append("callback without state");
      return Optional.empty();
    }
    Pending p = pending.remove(state);
    if (p == null) {
      problem.append("unknown or already used state");
      return Optional.empty();
    }
    if (expired(p, clock.instant())) {
      problem.append("sign-in took longer than " + LIFETIME.toMinutes() + " minutes");
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(
        state.getBytes(StandardCharsets.UTF_8),
        callback.cookie(COOKIE).getBytes(StandardCharsets.UTF_8))) {
      problem.append("state does not belong to this browser");
      return Optional.empty();
    }
    return Optional.of(p);
  }

  /** 256 random bits, base64url: a state, a PKCE verifier (43 characters) or a nonce. */
  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static boolean expired(Pending p, Instant now) {
    return p.started().plus(LIFETIME).isBefore(now);
  }
}
