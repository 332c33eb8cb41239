package dev.ganymede.hub.account;

import dev.ganymede.hub.auth.PasswordHasher;
import dev.ganymede.hub.auth.PasswordPolicy;
import dev.ganymede.hub.auth.UserNames;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.store.AlreadyExistsException;
import dev.ganymede.hub.store.Group;
import dev.ganymede.hub.store.GroupStore;
import dev.ganymede.hub.store.NotFoundException;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import dev.ganymede.hub.store.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account administration: users, passwords, sign-up and approval, admins and groups. Every change
 * publishes a {@link HubEvent} ({@code user.create}, {@code user.approve}, {@code user.delete},
 * {@code user.admin}, {@code password.change}, {@code password.reset}, {@code group.create}, {@code
 * group.delete}, {@code group.add}, {@code group.remove}); {@code actor} is who asked.
 *
 * <p>User names are {@linkplain UserNames#normalize normalised} and validated here. A refused
 * change throws {@link AccountException} with a message for the person who asked. Generated
 * passwords are 20 characters from an unambiguous alphabet, and must be changed at the next
 * sign-in.
 *
 * <p>Thread-safe as far as the stores are; every method blocks (hashing, store) and belongs on a
 * virtual thread or worker.
 *
 * <pre>{@code
 * accounts.ensureFirstAdmin().ifPresent(password -> System.out.println("admin password: " + password));
 * AddedUser bob = accounts.addUser("Bob", false, Optional.empty(), "admin");
 * // hand bob.oneTimePassword().get() to Bob; he picks his own at the first sign-in
 * }</pre>
 */
public final class AccountService {

  /** The first admin's name when {@link AuthConfig#adminUsers()} is empty. */
  public static final String DEFAULT_ADMIN = "admin";

  private static final String SYSTEM = "system";
  private static final Logger log = LoggerFactory.getLogger(AccountService.class);

  private final AuthConfig config;
  private final UserStore users;
  private final GroupStore groups;
  private final SessionManager sessions;
  private final PasswordHasher hasher;
  private final PasswordPolicy passwordPolicy;
  private final EventSink events;
  private final Clock clock;

  public AccountService(
      AuthConfig config,
      UserStore users,
      GroupStore groups,
      SessionManager sessions,
      PasswordHasher hasher,
      PasswordPolicy passwordPolicy,
      EventSink events,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.users = Objects.requireNonNull(users, "users");
    this.groups = Objects.requireNonNull(groups, "groups");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.passwordPolicy = Objects.requireNonNull(passwordPolicy, "passwordPolicy");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates an active account. Without a password, generates a one-time password that must be
   * changed at the first sign-in.
   *
   * @throws AccountException for an invalid name or password, or a name that is taken
   */
  public AddedUser addUser(String name, boolean admin, Optional<String> password, String actor) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(actor, "actor");
    String user = validName(name);
    password.flatMap(given -> passwordPolicy.problem(given, user)).ifPresent(this::refuse);
    String chosen = password.orElseGet(OneTimePasswords::generate);
    String hash = hasher.hash(chosen);
    create(user, admin, UserStatus.ACTIVE, hash);
    if (password.isEmpty()) {
      users.setPasswordHash(user, hash, true); // the store creates accounts without the mark
    }
    publish(
        "user.create",
        actor,
        user,
        "",
        Map.of("admin", Boolean.toString(admin), "passwordGenerated", "" + password.isEmpty()));
    return new AddedUser(
        existing(user), password.isEmpty() ? Optional.of(chosen) : Optional.empty());
  }

  /**
   * On a hub with {@code password} accounts and no admin yet: creates the first admin, the first of
   * {@link AuthConfig#adminUsers()} in sorted order ({@value #DEFAULT_ADMIN} if there are none),
   * and returns its one-time password to print once. If that account exists already it is made an
   * admin, and gets a one-time password only if it has no password. Empty otherwise, so that
   * calling this at every start creates the first admin exactly once.
   */
  public Optional<String> ensureFirstAdmin() {
    if (!config.type().equals(AuthConfig.PASSWORD) || users.list().stream().anyMatch(User::admin)) {
      return Optional.empty();
    }
    String name =
        config.adminUsers().stream()
            .map(UserNames::normalize)
            .filter(candidate -> UserNames.problem(candidate).isEmpty())
            .sorted()
            .findFirst()
            .orElse(DEFAULT_ADMIN);
    Optional<User> present = users.find(name);
    if (present.isPresent()) {
      users.setAdmin(name, true);
      publish("user.admin", SYSTEM, name, "", Map.of("admin", "true"));
      if (users.passwordHash(name).isPresent()) {
        log.info("Made the existing account {} the first admin", name);
        return Optional.empty();
      }
      String password = OneTimePasswords.generate();
      users.setPasswordHash(name, hasher.hash(password), true);
      publish("password.reset", SYSTEM, name, "", Map.of());
      log.info("Made the existing account {} the first admin, with a one-time password", name);
      return Optional.of(password);
    }
    AddedUser added = addUser(name, true, Optional.empty(), SYSTEM);
    log.info("Created the first admin {} with a one-time password", name);
    return added.oneTimePassword();
  }

  /**
   * Gives the user a new one-time password (to be changed at the next sign-in) and signs them out
   * everywhere. Returns the password, to hand over once.
   */
  public String resetPassword(String name, String actor) {
    Objects.requireNonNull(actor, "actor");
    String user = existing(normalized(name)).name();
    String password = OneTimePasswords.generate();
    users.setPasswordHash(user, hasher.hash(password), true);
    int closed = sessions.closeAllFor(user);
    publish("password.reset", actor, user, "", Map.of("sessionsClosed", Integer.toString(closed)));
    return password;
  }

  /**
   * Replaces the user's password after checking the current one; clears the must-change mark.
   *
   * @throws AccountException if the current password is wrong or the new one is not acceptable
   */
  public void changePassword(String name, String current, String replacement) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(replacement, "replacement");
    String user = existing(normalized(name)).name();
    Optional<String> stored = users.passwordHash(user);
    if (stored.isEmpty() || !hasher.verify(current, stored.get())) {
      throw new AccountException("The current password is wrong.");
    }
    passwordPolicy.problem(replacement, user).ifPresent(this::refuse);
    if (replacement.equals(current)) {
      throw new AccountException("The new password must differ from the current one.");
    }
    users.setPasswordHash(user, hasher.hash(replacement), false);
    publish("password.change", user, user, "", Map.of());
  }

  /**
   * A self sign-up: creates a {@link UserStatus#PENDING} account that an admin must {@linkplain
   * #approve approve} before it can sign in.
   *
   * @throws AccountException if sign-up is disabled ({@link AuthConfig#allowSignup()} false, or an
   *     authenticator other than {@code password}), or for an invalid, blocked or taken name, or an
   *     unacceptable password
   */
  public User signUp(String name, String password, String clientAddress) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(clientAddress, "clientAddress");
    if (!config.allowSignup() || !config.type().equals(AuthConfig.PASSWORD)) {
      throw new AccountException("Sign-up is disabled.");
    }
    String user = validName(name);
    if (config.blockedUsers().stream().map(UserNames::normalize).anyMatch(user::equals)) {
      throw new AccountException("This user name cannot be used.");
    }
    passwordPolicy.problem(password, user).ifPresent(this::refuse);
    User created = create(user, false, UserStatus.PENDING, hasher.hash(password));
    publish("user.create", user, user, clientAddress, Map.of("status", "pending"));
    return created;
  }

  /** Lets a pending account sign in. */
  public void approve(String name, String actor) {
    Objects.requireNonNull(actor, "actor");
    String user = existing(normalized(name)).name();
    users.setStatus(user, UserStatus.ACTIVE);
    publish("user.approve", actor, user, "", Map.of());
  }

  /**
   * Grants or revokes admin rights. Names in {@link AuthConfig#adminUsers()} get them back at their
   * next sign-in.
   *
   * @throws AccountException when revoking them from the last admin
   */
  public void setAdmin(String name, boolean admin, String actor) {
    Objects.requireNonNull(actor, "actor");
    User user = existing(normalized(name));
    if (!admin) {
      refuseRemovingLastAdmin(user);
    }
    users.setAdmin(user.name(), admin);
    publish("user.admin", actor, user.name(), "", Map.of("admin", Boolean.toString(admin)));
  }

  /**
   * Signs the user out everywhere, then deletes the account (with its group memberships and server
   * rows). Stopping the user's servers is the caller's job.
   *
   * @throws AccountException for an unknown user or the last admin
   */
  public void deleteUser(String name, String actor) {
    Objects.requireNonNull(actor, "actor");
    User user = existing(normalized(name));
    refuseRemovingLastAdmin(user);
    int closed = sessions.closeAllFor(user.name());
    users.delete(user.name());
    publish(
        "user.delete", actor, user.name(), "", Map.of("sessionsClosed", Integer.toString(closed)));
  }

  /** Creates an empty group. */
  public Group createGroup(String name, String actor) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(actor, "actor");
    UserNames.groupNameProblem(name).ifPresent(this::refuse);
    Group group;
    try {
      group = groups.create(name);
    } catch (AlreadyExistsException taken) {
      throw new AccountException("Group " + name + " already exists.");
    }
    publish("group.create", actor, name, "", Map.of());
    return group;
  }

  /** Deletes a group (not its members). */
  public void deleteGroup(String name, String actor) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(actor, "actor");
    if (!groups.delete(name)) {
      throw new AccountException("Group " + name + " does not exist.");
    }
    publish("group.delete", actor, name, "", Map.of());
  }

  /** Adds existing users to an existing group. */
  public void addToGroup(String group, Set<String> members, String actor) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(actor, "actor");
    Set<String> names = normalized(members);
    try {
      groups.addMembers(group, names);
    } catch (NotFoundException missing) {
      throw new AccountException(missing.getMessage());
    }
    publish("group.add", actor, group, "", Map.of("users", String.join(",", sorted(names))));
  }

  /** Removes users from a group. */
  public void removeFromGroup(String group, Set<String> members, String actor) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(actor, "actor");
    Set<String> names = normalized(members);
    if (groups.find(group).isEmpty()) {
      throw new AccountException("Group " + group + " does not exist.");
    }
    groups.removeMembers(group, names);
    publish("group.remove", actor, group, "", Map.of("users", String.join(",", sorted(names))));
  }

  /**
   * Creates an active account without a password, as JupyterHub's REST API does: the user signs in
   * through single sign-on, or with the password form once an admin resets the password (which
   * issues a one-time password). Nothing is hashed, so scripts can create users in bulk.
   *
   * @throws AccountException for an invalid name or a name that is taken
   */
  public User register(String name, boolean admin, String actor) {
    Objects.requireNonNull(actor, "actor");
    // no lookup first: the insert itself refuses a taken name (one statement instead of two)
    String user = normalized(name);
    UserNames.problem(user).ifPresent(this::refuse);
    User created = create(user, admin, UserStatus.ACTIVE, Optional.empty());
    publish(
        "user.create",
        actor,
        user,
        "",
        Map.of("admin", Boolean.toString(admin), "passwordGenerated", "false"));
    return created;
  }

  private User create(String name, boolean admin, UserStatus status, String passwordHash) {
    return create(name, admin, status, Optional.of(passwordHash));
  }

  private User create(String name, boolean admin, UserStatus status, Optional<String> hash) {
    try {
      return users.create(name, admin, status, hash);
    } catch (AlreadyExistsException taken) {
      throw new AccountException("User " + name + " already exists.");
    }
  }

  private void refuseRemovingLastAdmin(User user) {
    if (user.admin() && users.list().stream().filter(User::admin).count() <= 1) {
      throw new AccountException("At least one admin must remain.");
    }
  }

  private String validName(String raw) {
    String name = normalized(raw);
    UserNames.problem(name).ifPresent(this::refuse);
    if (users.find(name).isPresent()) {
      throw new AccountException("User " + name + " already exists.");
    }
    return name;
  }

  private User existing(String name) {
    return users
        .find(name)
        .orElseThrow(() -> new AccountException("User " + name + " does not exist."));
  }

  private static String normalized(String raw) {
    return UserNames.normalize(Objects.requireNonNull(raw, "name"));
  }

  private static Set<String> normalized(Set<String> raw) {
    Objects.requireNonNull(raw, "members");
    return raw.stream().map(AccountService::normalized).collect(Collectors.toUnmodifiableSet());
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  private void refuse(String message) {
    throw new AccountException(message);
  }

  private void publish(
      String type,
      String actor,
      String subject,
      String clientAddress,
      Map<String, String> details) {
    events.publish(
        new HubEvent(clock.instant(), type, actor, subject, clientAddress, "success", details));
  }
}
