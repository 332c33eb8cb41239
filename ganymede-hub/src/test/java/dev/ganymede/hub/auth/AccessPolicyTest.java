package dev.ganymede.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.auth.fakes.TestConfigs;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessPolicyTest {

  private final AccessPolicy open =
      new AccessPolicy(TestConfigs.password(Set.of("Root"), Set.of(), Set.of("Mallory")));
  private final AccessPolicy restricted =
      new AccessPolicy(TestConfigs.password(Set.of("root"), Set.of("Alice", "bob"), Set.of("bob")));

  @Test
  void admitsAnyValidNameWhenNoAllowedUsersAreConfigured() {
    assertThat(open.admit(Identity.of("carol"))).isEqualTo(new Admission.Admitted("carol", false));
  }

  @Test
  void normalisesTheNameAndTheConfiguredNames() {
    assertThat(open.admit(Identity.of("CAROL"))).isEqualTo(new Admission.Admitted("carol", false));
    assertThat(open.admit(Identity.of("ROOT"))).isEqualTo(new Admission.Admitted("root", true));
    assertThat(restricted.admit(Identity.of("alice")))
        .isEqualTo(new Admission.Admitted("alice", false));
  }

  @Test
  void refusesBlockedUsersEvenWhenAllowed() {
    assertThat(open.admit(Identity.of("mallory"))).isEqualTo(new Admission.Refused("blocked user"));
    assertThat(restricted.admit(Identity.of("Bob")))
        .isEqualTo(new Admission.Refused("blocked user"));
  }

  @Test
  void refusesNamesOutsideTheAllowedUsersButAlwaysAdmitsAdmins() {
    assertThat(restricted.admit(Identity.of("carol")))
        .isEqualTo(new Admission.Refused("not an allowed user"));
    assertThat(restricted.admit(Identity.of("root")))
        .isEqualTo(new Admission.Admitted("root", true));
  }

  @Test
  void takesTheIdentitysOwnAdminFlagWhenPresent() {
    assertThat(open.admit(new Identity("carol", Set.of(), Optional.of(true))))
        .isEqualTo(new Admission.Admitted("carol", true));
    assertThat(open.admit(new Identity("carol", Set.of(), Optional.of(false))))
        .isEqualTo(new Admission.Admitted("carol", false));
    assertThat(open.admit(new Identity("root", Set.of(), Optional.of(false))))
        .isEqualTo(new Admission.Admitted("root", true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", " x", "x ", "..", ".", "", "a\nb"})
  void refusesInvalidNames(String name) {
    assertThat(open.admit(Identity.of(name)))
        .isInstanceOfSatisfying(
            Admission.Refused.class,
            refused -> assertThat(refused.reason()).startsWith("invalid user name: "));
  }
}
