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
}
