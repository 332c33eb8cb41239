package dev.ganymede.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.store.HubSecrets;
import dev.ganymede.hub.store.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ServerTokensTest {
  private final byte[] key =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f1011121314151617");
  private final ServerTokens tokens = new ServerTokens(key);

  @Test
  void derivesTheHexHmacOfUserServerAndNonceSeparatedByNul() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected =
        HexFormat.of().formatHex(mac.doFinal("alice\0gpu\0n1".getBytes(StandardCharsets.UTF_8)));

    assertThat(tokens.token("alice", "gpu", "n1")).isEqualTo(expected).hasSize(64);
  }

  @Test
  void differsWhenUserServerOrNonceDiffer() {
    String base = tokens.token("alice", "", "n1");

    assertThat(tokens.token("alice", "", "n2")).isNotEqualTo(base);
    assertThat(tokens.token("alicf", "", "n1")).isNotEqualTo(base);
    assertThat(tokens.token("alice", "x", "n1")).isNotEqualTo(base);
    assertThat(tokens.token("alice", "", "n1")).isEqualTo(base);
  }

  @Test
  void newNoncesAreRandomHex() {
    assertThat(tokens.newNonce()).matches("[0-9a-f]{32}").isNotEqualTo(tokens.newNonce());
  }

  @Test
  void keepsTheKeyInTheSecretStoreSoARestartedHubDerivesTheSameTokens() {
    Map<String, String> saved = new HashMap<>();
    SecretStore secrets =
        new SecretStore() {
          @Override
          public String getOrCreate(String name, Supplier<String> generator) {
            return saved.computeIfAbsent(name, n -> generator.get());
          }
        };

    String before =
        new ServerTokens(HubSecrets.load(secrets).serverTokenKey()).token("alice", "", "n1");
    String after =
        new ServerTokens(HubSecrets.load(secrets).serverTokenKey()).token("alice", "", "n1");

    assertThat(after).isEqualTo(before);
    assertThat(saved).containsKey("server-token-key");
  }

  @Test
  void refusesAShortKeyAndHidesTheKeyInToString() {
    assertThatThrownBy(() -> new ServerTokens(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tokens.toString()).doesNotContain("0001");
  }
}
