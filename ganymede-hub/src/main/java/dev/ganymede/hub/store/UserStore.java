package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Accounts. Names are stored as given (the caller normalises and validates them). All methods block
 * (JDBC) and must not be called on an event loop.
 */
public interface UserStore {

  Optional<User> find(String name);

  /** Every user, ordered by name. */
  List<User> list();

  /** One page of active users matching {@code query}, and how many match in all. */
  UserPage page(UserQuery query);

  /**
   * Creates a user; the password hash may be empty (accounts of single sign-on, or shared-password
   * mode). Throws {@link AlreadyExistsException} if the name is taken.
   */
  User create(String name, boolean admin, UserStatus status, Optional<String> passwordHash);

  /** Sets the admin flag; returns false if there is no such user. */
  boolean setAdmin(String name, boolean admin);

  /** Sets the status; returns false if there is no such user. */
  boolean setStatus(String name, UserStatus status);

  Optional<String> passwordHash(String name);

  /** Replaces the password hash; returns false if there is no such user. */
  boolean setPasswordHash(String name, String passwordHash, boolean mustChange);

  /** Records activity (never moves it backwards); returns false if there is no such user. */
  boolean touch(String name, Instant lastActivity);

  /** Deletes the user with their group memberships and server rows; false if there was none. */
  boolean delete(String name);
}
