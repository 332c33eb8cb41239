package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class HubSecretsIT extends StoreTestBase {

  @Test
  void generatesTwoDistinct32ByteKeysOnTheFirstStart() {
    HubSecrets secrets = HubSecrets.load(db.secrets());

    assertThat(secrets.cookieKey()).hasSize(32);
    assertThat(secrets.serverTokenKey()).hasSize(32);
    assertThat(secrets.cookieKey()).isNotEqualTo(secrets.serverTokenKey());
    assertThat(secrets.toString())
        .doesNotContainIgnoringCase(java.util.HexFormat.of().formatHex(secrets.cookieKey()));
  }

  @Test
  void returnsTheSameKeysAfterARestart() {
    HubSecrets first = HubSecrets.load(db.secrets());
    db.close();

    HubSecrets second = HubSecrets.load(open().secrets());

    assertThat(second.cookieKey()).isEqualTo(first.cookieKey());
    assertThat(second.serverTokenKey()).isEqualTo(first.serverTokenKey());
  }

  @Test
  void handsOutCopiesSoCallersCannotChangeTheKeys() {
    HubSecrets secrets = HubSecrets.load(db.secrets());
    byte[] copy = secrets.cookieKey();
    copy[0]++;

    assertThat(secrets.cookieKey()).isNotEqualTo(copy);
  }

  @Test
  void refusesAStoredKeyThatIsNot32BytesOfHex() {
    db.secrets().getOrCreate(HubSecrets.COOKIE_KEY, () -> "abcd");

    assertThatThrownBy(() -> HubSecrets.load(db.secrets()))
        .isInstanceOf(StoreException.class)
        .hasMessage("stored secret cookie-key is not 32 bytes of hex; delete it to regenerate");
  }
}
