package dev.ganymede.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  private final PasswordPolicy policy = new PasswordPolicy();

  @Test
  void acceptsEightCharactersAndRefusesSeven() {
    assertThat(policy.problem("12345678", "alice")).isEmpty();
    assertThat(policy.problem("1234567", "alice"))
        .hasValue("The password must be at least 8 characters long.");
  }

  @Test
  void acceptsAtMost1024Characters() {
    assertThat(policy.problem("p".repeat(1024), "alice")).isEmpty();
    assertThat(policy.problem("p".repeat(1025), "alice"))
        .hasValue("The password must be at most 1024 characters long.");
  }

  @Test
  void refusesTheUserNameInAnyCase() {
    assertThat(policy.problem("alice.smith", "alice.smith"))
        .hasValue("The password must not be the user name.");
    assertThat(policy.problem("Alice.Smith", "alice.smith")).isPresent();
    assertThat(policy.problem("alice.smith!", "alice.smith")).isEmpty();
  }

  @Test
  void countsCharactersNotBytes() {
    assertThat(policy.problem("ääääääää", "alice")).isEmpty();
    assertThat(policy.problem("\uD83D\uDE00".repeat(7), "alice")).isPresent();
  }
}
