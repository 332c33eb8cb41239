package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link UserStore} that serves {@link #find} from {@link StoreCaches} and invalidates there. */
final class CachingUserStore implements UserStore {
  private final UserStore store;
  private final StoreCaches caches;

  CachingUserStore(UserStore store, StoreCaches caches) {
    this.store = Objects.requireNonNull(store, "store");
    this.caches = Objects.requireNonNull(caches, "caches");
  }

  @Override
  public Optional<User> find(String name) {
    Objects.requireNonNull(name, "name");
    // unknown names are kept too (as empty): creating a user asks twice whether the name is free
    return caches.users.getOrLoad(name, () -> Optional.of(store.find(name))).get();
  }

  @Override
  public List<User> list() {
    return store.list();
  }

  @Override
  public UserPage page(UserQuery query) {
    long version = caches.usersVersion();
    Optional<StoreCaches.VersionedPage> cached = caches.userPages.get(query);
    if (cached.isPresent() && cached.get().version() == version) {
      return cached.get().page();
    }
    UserPage page = store.page(query);
    caches.userPages.put(query, new StoreCaches.VersionedPage(version, page));
    return page;
  }

  @Override
  public User create(String name, boolean admin, UserStatus status, Optional<String> passwordHash) {
    try {
      return store.create(name, admin, status, passwordHash);
    } finally {
      caches.userChanged(name);
    }
  }

  @Override
  public boolean setAdmin(String name, boolean admin) {
    try {
      return store.setAdmin(name, admin);
    } finally {
      caches.userChanged(name);
    }
  }

  @Override
  public boolean setStatus(String name, UserStatus status) {
    try {
      return store.setStatus(name, status);
    } finally {
      caches.userChanged(name);
    }
  }

  @Override
  public Optional<String> passwordHash(String name) {
    return store.passwordHash(name);
  }

  @Override
  public boolean setPasswordHash(String name, String passwordHash, boolean mustChange) {
    try {
      return store.setPasswordHash(name, passwordHash, mustChange);
    } finally {
      caches.userChanged(name);
    }
  }

  @Override
  public boolean touch(String name, Instant lastActivity) {
    try {
      return store.touch(name, lastActivity);
    } finally {
      caches.userChanged(name);
    }
  }

  @Override
  public boolean delete(String name) {
    try {
      return store.delete(name);
    } finally {
      caches.userDeleted(name);
    }
  }
}
