package dev.ganymede.hub.session;

import dev.ganymede.hub.store.Session;
import java.util.Objects;

/**
 * A session just opened: the cookie value goes to the browser once and is never stored (the store
 * keeps only its hash, {@link Session#idHash()}).
 *
 * @param cookieValue the session cookie's value; secret, so {@link #toString()} leaves it out
 */
public record OpenedSession(String cookieValue, Session session) {
  public OpenedSession {
    Objects.requireNonNull(cookieValue, "cookieValue");
    Objects.requireNonNull(session, "session");
  }

  @Override
  public String toString() {
    return "OpenedSession[cookieValue=<hidden>, session=" + session + "]";
  }
}
