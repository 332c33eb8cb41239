package dev.ganymede.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.auth.fakes.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

  private final PasswordHasher hasher = TestConfigs.cheapHasher();

  @Test
  void verifiesTheRightPasswordAndRefusesAWrongOne() {
    String stored = hasher.hash("correct horse battery staple");

    assertThat(hasher.verify("correct horse battery staple", stored)).isTrue();
    assertThat(hasher.verify("correct horse battery stapler", stored)).isFalse();
    assertThat(hasher.verify("", stored)).isFalse();
  }

  @Test
  void writesThePhcFormatWithAFreshSaltEachTime() {
    String first = hasher.hash("secret-password");
    String second = hasher.hash("secret-password");

    assertThat(first)
        .matches("\\$argon2id\\$v=19\\$m=8,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void usesOwaspParametersByDefault() {
    assertThat(new PasswordHasher().cost()).isEqualTo(new PasswordHasher.Cost(19_456, 2, 1));
  }

  @Test
  void hashesAndVerifiesWithTheProductionParameters() {
    PasswordHasher production = new PasswordHasher();

    String stored = production.hash("ünï passwörd");

    assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(production.verify("ünï passwörd", stored)).isTrue();
    assertThat(production.verify("uni password", stored)).isFalse();
    assertThat(production.needsRehash(stored)).isFalse();
  }

  @Test
  void readsHashesMadeByTheReferenceArgon2Tool() {
    // echo -n "correct horse battery staple" | argon2 somesaltsomesalt -id -t 2 -m 10 -p 1 -l 32 -e
    String reference =
        "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
            + "Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A";
    // echo -n "ünï passwörd" | argon2 somesaltsomesalt -id -t 2 -k 19456 -p 1 -l 32 -e
    String owaspReference =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
            + "7XczrpeFPzuOgnah0xhkSwhwdwIdddW6A7DVDMQNOl8";

    assertThat(hasher.verify("correct horse battery staple", reference)).isTrue();
    assertThat(hasher.verify("correct horse battery stapl", reference)).isFalse();
    assertThat(hasher.verify("ünï passwörd", owaspReference)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain text",
        "$2b$12$abcdefghijklmnopqrstuv", // bcrypt
        "$argon2i$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=16$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=19$m=8,t=1$c29tZXNhbHRzb21lc2FsdA$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=19$m=x,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=19$m=-8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=19$m=8,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=19$m=8,t=1,p=1$not*base64$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=19$m=8,t=1,p=1$c29tZQ$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A",
        "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$c2hvcnQ",
        "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA",
        "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$Jl9aMRiFdmA52uqiivDqYVot6fVz3erNUlWPoxyg46A$x"
      })
  void answersFalseNotAnExceptionForMalformedHashes(String encoded) {
    assertThat(hasher.verify("correct horse battery staple", encoded)).isFalse();
    assertThat(hasher.needsRehash(encoded)).isTrue();
  }

  @Test
  void asksForARehashWhenTheParametersChanged() {
    String cheap = hasher.hash("secret-password");
    PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Cost(16, 2, 1));

    assertThat(hasher.needsRehash(cheap)).isFalse();
    assertThat(stronger.needsRehash(cheap)).isTrue();
    assertThat(stronger.verify("secret-password", cheap)).isTrue();
  }

  @Test
  void refusesCostParametersArgon2CannotUse() {
    assertThatThrownBy(() -> new PasswordHasher.Cost(4, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher.Cost(1024, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher.Cost(1024, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
