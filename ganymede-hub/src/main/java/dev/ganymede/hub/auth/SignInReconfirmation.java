package dev.ganymede.hub.auth;

import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.store.Session;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether an ageing session may go on ({@code auth.oidc.refreshAfter}): asks the {@link
 * Authenticator} to {@linkplain Authenticator#reconfirm reconfirm} the user with the provider,
 * tells the {@link SignInListener} the fresh identity (group sync), and writes a {@code
 * login.refresh} event either way (details: the reason; never a token). Blocks on HTTP;
 * thread-safe.
 */
public final class SignInReconfirmation implements Predicate<Session> {
  private final Authenticator authenticator;
  private final SignInListener listener;
  private final EventSink events;
  private final Clock clock;

  public SignInReconfirmation(
      Authenticator authenticator, SignInListener listener, EventSink events, Clock clock) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean test(Session session) {
    Objects.requireNonNull(session, "session");
    Optional<Identity> identity = authenticator.reconfirm(session.user());
    identity.ifPresent(confirmed -> listener.signedIn(session.user(), confirmed));
    events.publish(
        new HubEvent(
            clock.instant(),
            "login.refresh",
            session.user(),
            session.user(),
            "",
            identity.isPresent() ? "success" : "failure",
            Map.of(
                "reason",
                identity.isPresent()
                    ? "provider confirmed the sign-in"
                    : "provider did not confirm the sign-in; session ended",
                "authenticator",
                authenticator.kind())));
    return identity.isPresent();
  }
}
