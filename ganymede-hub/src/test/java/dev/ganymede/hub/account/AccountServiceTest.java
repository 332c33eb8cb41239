package dev.ganymede.hub.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.auth.PasswordHasher;
import dev.ganymede.hub.auth.PasswordPolicy;
import dev.ganymede.hub.auth.fakes.InMemoryGroupStore;
import dev.ganymede.hub.auth.fakes.InMemorySessionStore;
import dev.ganymede.hub.auth.fakes.InMemoryUserStore;
import dev.ganymede.hub.auth.fakes.MutableClock;
import dev.ganymede.hub.auth.fakes.RecordingEventSink;
import dev.ganymede.hub.auth.fakes.TestConfigs;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.session.OpenedSession;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.store.Group;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountServiceTest {

  private final MutableClock clock = new MutableClock();
  private final InMemoryUserStore users = new InMemoryUserStore(clock);
  private final InMemoryGroupStore groups = new InMemoryGroupStore(users);
  private final InMemorySessionStore sessionStore = new InMemorySessionStore();
  private final SessionManager sessions =
      new SessionManager(sessionStore, AuthConfig.defaults(), clock);
  private final PasswordHasher hasher = TestConfigs.cheapHasher();
  private final RecordingEventSink events = new RecordingEventSink();

  private AccountService service(AuthConfig config) {
    return new AccountService(
        config, users, groups, sessions, hasher, new PasswordPolicy(), events, clock);
  }

  private final AccountService accounts = service(AuthConfig.defaults());

  @Test
  void createsTheFirstAdminExactlyOnceWithAOneTimePassword() {
    Optional<String> password = accounts.ensureFirstAdmin();

    assertThat(password).hasValueSatisfying(p -> assertThat(p).hasSize(20));
    User admin = users.find("admin").orElseThrow();
    assertThat(admin.admin()).isTrue();
    assertThat(admin.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(admin.passwordMustChange()).isTrue();
    assertThat(hasher.verify(password.get(), users.passwordHash("admin").orElseThrow())).isTrue();
    assertThat(events.types()).containsExactly("user.create");
    assertThat(events.last().actor()).isEqualTo("system");
    assertThat(events.last().toString()).doesNotContain(password.get());

    assertThat(accounts.ensureFirstAdmin()).isEmpty();
    assertThat(users.list()).hasSize(1);
  }

  @Test
  void namesTheFirstAdminAfterTheFirstConfiguredAdminInSortedOrder() {
    AccountService service =
        service(TestConfigs.password(Set.of("Zoe", "Mike", "bob"), Set.of(), Set.of()));

    assertThat(service.ensureFirstAdmin()).isPresent();

    assertThat(users.list()).extracting(User::name).containsExactly("bob");
  }

  @Test
  void createsNoFirstAdminWhenAnAdminExists() {
    users.create("carol", true, UserStatus.ACTIVE, Optional.empty());

    assertThat(accounts.ensureFirstAdmin()).isEmpty();
    assertThat(users.list()).extracting(User::name).containsExactly("carol");
  }

  @Test
  void createsNoFirstAdminOutsidePasswordMode() {
    AccountService shared = service(TestConfigs.sharedPassword("workshop-2026", Set.of("admin")));

    assertThat(shared.ensureFirstAdmin()).isEmpty();
    assertThat(users.list()).isEmpty();
  }

  @Test
  void promotesAnExistingAccountNamedAsFirstAdminKeepingItsPassword() {
    users.create("admin", false, UserStatus.ACTIVE, Optional.of(hasher.hash("admins-own-pw")));

    assertThat(accounts.ensureFirstAdmin()).isEmpty();

    assertThat(users.find("admin").map(User::admin)).hasValue(true);
    assertThat(hasher.verify("admins-own-pw", users.passwordHash("admin").orElseThrow())).isTrue();
  }

  @Test
  void addsAUserWithAGeneratedPasswordThatMustBeChanged() {
    AddedUser added = accounts.addUser("Bob", false, Optional.empty(), "admin");

    assertThat(added.user().name()).isEqualTo("bob");
    assertThat(added.user().passwordMustChange()).isTrue();
    String password = added.oneTimePassword().orElseThrow();
    assertThat(password).hasSize(20).doesNotContainAnyWhitespaces().matches("[^0O1lI]+");
    assertThat(hasher.verify(password, users.passwordHash("bob").orElseThrow())).isTrue();
    assertThat(added.toString()).doesNotContain(password);
    HubEvent event = events.last();
    assertThat(event.type()).isEqualTo("user.create");
    assertThat(event.actor()).isEqualTo("admin");
    assertThat(event.subject()).isEqualTo("bob");
  }

  @Test
  void registersAUserWithoutAPasswordAsTheRestApiDoes() {
    User registered = accounts.register("Dana", true, "bench");

    assertThat(registered.name()).isEqualTo("dana");
    assertThat(registered.admin()).isTrue();
    assertThat(registered.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(users.passwordHash("dana")).isEmpty();
    assertThat(events.last().type()).isEqualTo("user.create");
    assertThat(events.last().actor()).isEqualTo("bench");
    assertThatThrownBy(() -> accounts.register("DANA", false, "bench"))
        .isInstanceOf(AccountException.class)
        .hasMessage("User dana already exists.");
  }

  @Test
  void addsAUserWithAGivenPasswordThatNeedNotChange() {
    AddedUser added = accounts.addUser("bob", true, Optional.of("bob's own password"), "admin");

    assertThat(added.oneTimePassword()).isEmpty();
    assertThat(added.user().admin()).isTrue();
    assertThat(added.user().passwordMustChange()).isFalse();
    assertThat(hasher.verify("bob's own password", users.passwordHash("bob").orElseThrow()))
        .isTrue();
  }

  @Test
  void refusesInvalidNamesWeakPasswordsAndDuplicates() {
    accounts.addUser("bob", false, Optional.empty(), "admin");

    assertThatThrownBy(() -> accounts.addUser("BOB", false, Optional.empty(), "admin"))
        .isInstanceOf(AccountException.class)
        .hasMessage("User bob already exists.");
    assertThatThrownBy(() -> accounts.addUser("a/b", false, Optional.empty(), "admin"))
        .isInstanceOf(AccountException.class)
        .hasMessage("The user name must not contain '/'.");
    assertThatThrownBy(() -> accounts.addUser("carol", false, Optional.of("short"), "admin"))
        .isInstanceOf(AccountException.class)
        .hasMessage("The password must be at least 8 characters long.");
    assertThat(users.list()).extracting(User::name).containsExactly("bob");
  }

  @Test
  void resetsAPasswordToAOneTimePasswordAndSignsTheUserOutEverywhere() {
    accounts.addUser("bob", false, Optional.of("bob's own password"), "admin");
    OpenedSession laptop = sessions.open("bob");
    OpenedSession phone = sessions.open("bob");

    String password = accounts.resetPassword("Bob", "admin");

    assertThat(hasher.verify(password, users.passwordHash("bob").orElseThrow())).isTrue();
    assertThat(users.find("bob").orElseThrow().passwordMustChange()).isTrue();
    assertThat(sessions.lookup(laptop.cookieValue())).isEmpty();
    assertThat(sessions.lookup(phone.cookieValue())).isEmpty();
    assertThat(events.last().type()).isEqualTo("password.reset");
    assertThat(events.last().toString()).doesNotContain(password);
  }

  @Test
  void changesThePasswordAfterCheckingTheCurrentOneAndClearsTheMustChangeMark() {
    String oneTime =
        accounts.addUser("bob", false, Optional.empty(), "admin").oneTimePassword().get();

    accounts.changePassword("bob", oneTime, "bob's new password");

    assertThat(hasher.verify("bob's new password", users.passwordHash("bob").orElseThrow()))
        .isTrue();
    assertThat(users.find("bob").orElseThrow().passwordMustChange()).isFalse();
    assertThat(events.last().type()).isEqualTo("password.change");
    assertThat(events.last().actor()).isEqualTo("bob");
  }

  @Test
  void refusesAPasswordChangeWithTheWrongCurrentPasswordOrABadNewOne() {
    accounts.addUser("bob", false, Optional.of("bob's own password"), "admin");
    String before = users.passwordHash("bob").orElseThrow();

    assertThatThrownBy(() -> accounts.changePassword("bob", "wrong current", "bob's new password"))
        .isInstanceOf(AccountException.class)
        .hasMessage("The current password is wrong.");
    assertThatThrownBy(() -> accounts.changePassword("bob", "bob's own password", "short"))
        .isInstanceOf(AccountException.class)
        .hasMessage("The password must be at least 8 characters long.");
    assertThatThrownBy(() -> accounts.changePassword("bob", "bob's own password", "BOB"))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(
            () -> accounts.changePassword("bob", "bob's own password", "bob's own password"))
        .isInstanceOf(AccountException.class)
        .hasMessage("The new password must differ from the current one.");
    assertThatThrownBy(() -> accounts.changePassword("nobody", "x", "bob's new password"))
        .isInstanceOf(AccountException.class);
    assertThat(users.passwordHash("bob")).hasValue(before);
  }

  @Test
  void refusesSignUpWhenItIsDisabled() {
    assertThatThrownBy(() -> accounts.signUp("newbie", "newbie's secret", "192.0.2.1"))
        .isInstanceOf(AccountException.class)
        .hasMessage("Sign-up is disabled.");
    assertThat(users.list()).isEmpty();
  }

  @Test
  void signsUpAPendingAccountThatAnAdminApproves() {
    AccountService open = service(TestConfigs.withSignup(true));

    User user = open.signUp("Newbie", "newbie's secret", "192.0.2.1");

    assertThat(user.name()).isEqualTo("newbie");
    assertThat(user.status()).isEqualTo(UserStatus.PENDING);
    assertThat(user.admin()).isFalse();
    assertThat(events.last().type()).isEqualTo("user.create");
    assertThat(events.last().clientAddress()).isEqualTo("192.0.2.1");
    assertThat(events.last().details()).containsEntry("status", "pending");

    open.approve("newbie", "admin");

    assertThat(users.find("newbie").map(User::status)).hasValue(UserStatus.ACTIVE);
    assertThat(events.last().type()).isEqualTo("user.approve");
  }

  @Test
  void refusesSignUpForTakenBlockedOrInvalidNamesAndWeakPasswords() {
    AccountService open = service(TestConfigs.withSignup(true));
    open.signUp("newbie", "newbie's secret", "192.0.2.1");

    assertThatThrownBy(() -> open.signUp("newbie", "another secret", "192.0.2.1"))
        .isInstanceOf(AccountException.class)
        .hasMessage("User newbie already exists.");
    assertThatThrownBy(() -> open.signUp("root", "root's secret", "192.0.2.1"))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(() -> open.signUp(" x", "x's secret!", "192.0.2.1"))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(() -> open.signUp("carol", "carol", "192.0.2.1"))
        .isInstanceOf(AccountException.class);
    assertThat(users.list()).extracting(User::name).containsExactly("newbie");
  }

  @Test
  void deletingAUserSignsThemOutEverywhereFirst() {
    accounts.ensureFirstAdmin();
    accounts.addUser("bob", false, Optional.empty(), "admin");
    OpenedSession bob = sessions.open("bob");
    OpenedSession admin = sessions.open("admin");

    accounts.deleteUser("bob", "admin");

    assertThat(users.find("bob")).isEmpty();
    assertThat(sessions.lookup(bob.cookieValue())).isEmpty();
    assertThat(sessions.lookup(admin.cookieValue())).isPresent();
    assertThat(sessionStore.all()).extracting(s -> s.user()).containsExactly("admin");
    assertThat(events.last().type()).isEqualTo("user.delete");
    assertThat(events.last().subject()).isEqualTo("bob");
  }

  @Test
  void grantsAndRevokesAdminRightsButKeepsTheLastAdmin() {
    accounts.ensureFirstAdmin();
    accounts.addUser("bob", false, Optional.empty(), "admin");

    accounts.setAdmin("bob", true, "admin");
    assertThat(users.find("bob").map(User::admin)).hasValue(true);
    assertThat(events.last().type()).isEqualTo("user.admin");
    assertThat(events.last().details()).containsEntry("admin", "true");

    accounts.setAdmin("admin", false, "bob");
    assertThatThrownBy(() -> accounts.setAdmin("bob", false, "bob"))
        .isInstanceOf(AccountException.class)
        .hasMessage("At least one admin must remain.");
    assertThatThrownBy(() -> accounts.deleteUser("bob", "bob"))
        .isInstanceOf(AccountException.class)
        .hasMessage("At least one admin must remain.");
    assertThat(users.find("bob").map(User::admin)).hasValue(true);
  }

  @Test
  void refusesChangesToUnknownUsers() {
    assertThatThrownBy(() -> accounts.approve("nobody", "admin"))
        .isInstanceOf(AccountException.class)
        .hasMessage("User nobody does not exist.");
    assertThatThrownBy(() -> accounts.deleteUser("nobody", "admin"))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(() -> accounts.resetPassword("nobody", "admin"))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(() -> accounts.setAdmin("nobody", true, "admin"))
        .isInstanceOf(AccountException.class);
    assertThat(events.events()).isEmpty();
  }

  @Test
  void managesGroupsAndTheirMembers() {
    accounts.addUser("alice", false, Optional.empty(), "admin");
    accounts.addUser("bob", false, Optional.empty(), "admin");

    Group group = accounts.createGroup("physics", "admin");
    accounts.addToGroup("physics", Set.of("Alice", "bob"), "admin");
    accounts.removeFromGroup("physics", Set.of("bob"), "admin");

    assertThat(group.name()).isEqualTo("physics");
    assertThat(groups.find("physics").orElseThrow().members()).containsExactly("alice");

    accounts.deleteGroup("physics", "admin");
    assertThat(groups.list()).isEmpty();
    assertThat(events.types())
        .endsWith("group.create", "group.add", "group.remove", "group.delete");
  }

  @Test
  void refusesGroupChangesThatCannotWork() {
    accounts.createGroup("physics", "admin");

    assertThatThrownBy(() -> accounts.createGroup("physics", "admin"))
        .isInstanceOf(AccountException.class)
        .hasMessage("Group physics already exists.");
    assertThatThrownBy(() -> accounts.createGroup("a/b", "admin"))
        .isInstanceOf(AccountException.class)
        .hasMessage("The group name must not contain '/'.");
    assertThatThrownBy(() -> accounts.addToGroup("physics", Set.of("nobody"), "admin"))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(() -> accounts.addToGroup("chemistry", Set.of(), "admin"))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(() -> accounts.removeFromGroup("chemistry", Set.of(), "admin"))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(() -> accounts.deleteGroup("chemistry", "admin"))
        .isInstanceOf(AccountException.class)
        .hasMessage("Group chemistry does not exist.");
  }

  @Test
  void generatesOneTimePasswordsFromTheUnambiguousAlphabet() {
    for (int i = 0; i < 200; i++) {
      assertThat(OneTimePasswords.generate())
          .hasSize(20)
          .matches("[abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789]{20}");
    }
  }
}
