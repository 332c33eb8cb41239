package dev.ganymede.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubeNamesTest {

  @Test
  void keepsNamesThatAreAlreadySafe() {
    KubeNames names = KubeNames.of("alice", "");
    assertThat(names.pod()).isEqualTo("jupyter-alice");
    assertThat(names.claim()).isEqualTo("claim-alice");
    assertThat(KubeNames.of("has-hyphen", "").username()).isEqualTo("has-hyphen");
  }

  @Test
  void hashesNamesLikeKubeSpawnersSafeScheme() {
    // Values of KubeSpawner 7's slugs.safe_slug (documented examples and computed references).
    assertThat(KubeNames.safeSlug("Capital")).isEqualTo("capital---1a1cf792");
    assertThat(KubeNames.safeSlug("user@email.com")).isEqualTo("user-email-com---0925f997");
    assertThat(KubeNames.of("a@b.org", "").pod()).isEqualTo("jupyter-a-b-org---5b26064b");
    assertThat(KubeNames.safeSlug("Alice")).isEqualTo("alice---3bc51062");
    assertThat(KubeNames.safeSlug("1abc")).isEqualTo("x-1abc---57cb980e");
  }

  @Test
  void shortensVeryLongNamesToValidObjectNames() {
    String slug = KubeNames.safeSlug("x".repeat(70));
    assertThat(slug).isEqualTo("x".repeat(21) + "---c71bd109");
    assertThat(KubeNames.of("x".repeat(70), "").pod()).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void joinsUserAndServerNames() {
    assertThat(KubeNames.of("alice", "gpu").userServer()).isEqualTo("alice--gpu");
    String hashed = KubeNames.of("Alice", "GPU").userServer();
    assertThat(hashed).startsWith("alice--gpu---").hasSize("alice--gpu---".length() + 8);
  }

  @Test
  void expandsTemplates() {
    assertThat(KubeNames.of("a@b.org", "").expand("home/{username}"))
        .isEqualTo("home/a-b-org---5b26064b");
  }

  @Test
  void aUsersNamespaceExpandsTheTemplateAndIsEscapedWhenTooLong() {
    assertThat(KubeNames.of("alice", "").userNamespace("{namespace}-{username}", "jupyter"))
        .isEqualTo("jupyter-alice");
    assertThat(KubeNames.of("a@b.org", "").userNamespace("u-{username}", "jupyter"))
        .isEqualTo("u-a-b-org---5b26064b");

    String longest = "a".repeat(63);
    String escaped = KubeNames.of(longest, "").userNamespace("{namespace}-{username}", "jupyter");
    assertThat(escaped)
        .hasSize(63)
        .startsWith("jupyter-" + "a".repeat(52 - "jupyter-".length()) + "---")
        .matches("[a-z0-9-]+---[0-9a-f]{8}");
    assertThat(
            KubeNames.of("a".repeat(62) + "b", "")
                .userNamespace("{namespace}-{username}", "jupyter"))
        .as("a different user, the same prefix, another hash")
        .hasSize(63)
        .isNotEqualTo(escaped);
  }

  @Test
  void aLongOddUserNameGivesAValidNamespaceName() {
    String user = "A.Very_Long@Name.example.org".repeat(3);
    String namespace = KubeNames.of(user, "").userNamespace("{namespace}-{username}", "jupyter");
    assertThat(namespace)
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z]([a-z0-9-]*[a-z0-9])?")
        .isEqualTo("jupyter-a-very-long-name-exam---1a49c75f")
        .isEqualTo("jupyter-" + KubeNames.safeSlug(user));
    assertThat(KubeNames.isValidObjectName(namespace)).isTrue();
  }
}
