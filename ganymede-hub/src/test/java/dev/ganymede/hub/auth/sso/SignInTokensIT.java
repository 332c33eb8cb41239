package dev.ganymede.hub.auth.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.config.DatabaseConfig;
import dev.ganymede.hub.store.Database;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in state kept in a real (SQLite) database, encrypted with {@code auth.state.key}. */
class SignInTokensIT {
  static final String KEY = "0123456789abcdef0123456789abcdef-test";

  @TempDir Path dataDir;
  Database database;

  @BeforeEach
  void open() {
    database = Database.open(DatabaseConfig.defaults(), dataDir);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void tokensSurviveARestartWithTheSameKey() {
    SignInTokens.persistent(database.signInTokens(), KEY)
        .put("alice", Map.of("GITHUB_TOKEN", "gho_secret"));
    database.close();
    database = Database.open(DatabaseConfig.defaults(), dataDir);

    assertThat(SignInTokens.persistent(database.signInTokens(), KEY).environmentFor("alice"))
        .isEqualTo(Map.of("GITHUB_TOKEN", "gho_secret"));
  }

  @Test
  void theDatabaseHoldsOnlyCiphertext() {
    SignInTokens.persistent(database.signInTokens(), KEY)
        .put("alice", Map.of("GITHUB_TOKEN", "gho_secret"));

    assertThat(database.signInTokens().read("alice").get("GITHUB_TOKEN"))
        .isNotBlank()
        .doesNotContain("gho_secret");
  }

  @Test
  void anotherKeyReadsNothing() {
    SignInTokens.persistent(database.signInTokens(), KEY)
        .put("alice", Map.of("GITHUB_TOKEN", "gho_secret"));

    assertThat(
            SignInTokens.persistent(database.signInTokens(), KEY + "-other")
                .environmentFor("alice"))
        .isEmpty();
  }

  @Test
  void aValueCopiedToAnotherUserDoesNotDecrypt() {
    SignInTokens tokens = SignInTokens.persistent(database.signInTokens(), KEY);
    tokens.put("alice", Map.of("GITHUB_TOKEN", "gho_secret"));

    database.signInTokens().replace("mallory", database.signInTokens().read("alice"));

    assertThat(tokens.environmentFor("mallory")).isEmpty();
  }

  @Test
  void aNewSignInReplacesTheKeptVariables() {
    SignInTokens tokens = SignInTokens.persistent(database.signInTokens(), KEY);
    tokens.put("alice", Map.of("GITHUB_TOKEN", "old", "OTHER", "x"));
    tokens.put("alice", Map.of("GITHUB_TOKEN", "new"));

    assertThat(tokens.environmentFor("alice")).isEqualTo(Map.of("GITHUB_TOKEN", "new"));
  }
}
