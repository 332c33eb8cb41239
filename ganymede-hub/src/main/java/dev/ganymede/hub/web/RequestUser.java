package dev.ganymede.hub.web;

import dev.ganymede.hub.store.Session;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/** The signed-in user of a request, attached to the routing context once resolved. */
record RequestUser(String name, boolean admin, boolean mustChangePassword, Session session) {
  private static final String KEY = "ganymede.user";

  RequestUser {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(session, "session");
  }

  static Optional<RequestUser> of(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }
}
