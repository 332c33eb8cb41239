package dev.ganymede.hub.web;

import dev.ganymede.hub.cache.LruCache;
import dev.ganymede.hub.rbac.Permissions;
import dev.ganymede.hub.server.ServerView;
import dev.ganymede.hub.store.User;
import io.vertx.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The JSON text of user models, kept per user and reused while every input of the model is equal to
 * the one it was encoded from: the user row, their groups and servers, whether stopped servers are
 * shown, and the requester's permissions. Since the inputs are the key, an entry can never be stale
 * and nothing needs to invalidate it; a changed input just encodes again. Thread-safe.
 *
 * <p>Permissions are compared by identity after {@link #canonical}, so that a page of users costs
 * one comparison of permission sets, not one per user.
 */
final class UserJsonCache {
  private static final Duration MAX_AGE = Duration.ofMinutes(10);
  private static final int VIEWS = 64;

  /** Everything a user model is made from. */
  record Inputs(
      User user,
      Set<String> groups,
      List<ServerView> servers,
      boolean includeStopped,
      Permissions view) {}

  private record Fragment(Inputs inputs, String json) {}

  private final LruCache<String, Fragment> fragments;
  private final LruCache<Permissions, Permissions> views = new LruCache<>(VIEWS, MAX_AGE);

  UserJsonCache(int capacity) {
    this.fragments = new LruCache<>(capacity, MAX_AGE);
  }

  /** One instance for equal permission sets, to be passed in {@link Inputs#view()}. */
  Permissions canonical(Permissions permissions) {
    Objects.requireNonNull(permissions, "permissions");
    var known = views.get(permissions);
    if (known.isPresent()) {
      return known.get();
    }
    views.put(permissions, permissions);
    return permissions;
  }

  /**
   * The model's JSON: the cached text when the inputs are unchanged, else {@code model} encoded.
   */
  String json(Inputs inputs, Supplier<Map<String, Object>> model) {
    String name = inputs.user().name();
    var cached = fragments.get(name);
    if (cached.isPresent() && sameInputs(cached.get().inputs(), inputs)) {
      return cached.get().json();
    }
    String json = Json.encode(model.get());
    fragments.put(name, new Fragment(inputs, json));
    return json;
  }

  private static boolean sameInputs(Inputs a, Inputs b) {
    return a.view() == b.view()
        && a.includeStopped() == b.includeStopped()
        && a.user().equals(b.user())
        && a.groups().equals(b.groups())
        && a.servers().equals(b.servers());
  }
}
