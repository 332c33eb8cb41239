package dev.ganymede.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ganymede.hub.config.ConfigLoader;
import dev.ganymede.hub.config.KubernetesConfig;
import dev.ganymede.hub.config.ProfileConfig;
import dev.ganymede.hub.spawner.InvalidOptionsException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileResolverTest {

  static KubernetesConfig example(String name) {
    return ConfigLoader.checkFile(Path.of("..", "docs", "examples", name))
        .orElseThrow()
        .kubernetes();
  }

  @Test
  void profilesOfOtherGroupsAreHiddenAndRefused() {
    ProfileResolver resolver = new ProfileResolver(example("eks-karpenter.yaml"));
    assertThat(resolver.visible(Set.of()))
        .extracting(ProfileConfig::slug)
        .containsExactly("small-spot", "large");
    assertThat(resolver.visible(Set.of("gpu-users")))
        .extracting(ProfileConfig::slug)
        .containsExactly("small-spot", "large", "gpu");
    assertThatThrownBy(() -> resolver.resolve(Set.of(), Map.of("profile", "gpu")))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessage("Unknown profile gpu; choose one of [small-spot, large]");
  }

  @Test
  void theDefaultProfileAppliesWithoutOptionsAndMapsMerge() {
    KubernetesConfig config =
        new ProfileResolver(example("eks-karpenter.yaml")).resolve(Set.of(), Map.of()).config();
    assertThat(config.cpuLimit()).contains("2");
    assertThat(config.nodeSelector())
        .containsEntry("karpenter.sh/nodepool", "users")
        .containsEntry("karpenter.sh/capacity-type", "spot");
    assertThat(config.tolerations()).hasSize(1);
  }

  @Test
  void theGpuProfileAddsTheExtendedResource() {
    KubernetesConfig config =
        new ProfileResolver(example("eks-karpenter.yaml"))
            .resolve(Set.of("gpu-users"), Map.of("profile", "gpu"))
            .config();
    assertThat(config.extraResourceLimits()).containsEntry("nvidia.com/gpu", "1");
    assertThat(config.nodeSelector()).containsEntry("karpenter.sh/nodepool", "gpu");
  }

  @Test
  void choicesAndTheCheckedOtherValueSetTheImage() {
    ProfileResolver resolver = new ProfileResolver(example("image-choice.yaml"));
    assertThat(resolver.resolve(Set.of(), Map.of()).config().image())
        .isEqualTo("quay.io/jupyter/scipy-notebook:2025-06-02");
    assertThat(resolver.resolve(Set.of(), Map.of("image", "r")).config().image())
        .isEqualTo("quay.io/jupyter/r-notebook:2025-06-02");
    assertThat(
            resolver
                .resolve(Set.of(), Map.of("image", "other", "image.other", "repo/team/img:1.0"))
                .config()
                .image())
        .isEqualTo("repo/team/img:1.0");
  }

  @Test
  void badChoicesAreRefusedWithAMessage() {
    ProfileResolver resolver = new ProfileResolver(example("image-choice.yaml"));
    assertThatThrownBy(() -> resolver.resolve(Set.of(), Map.of("image", "julia")))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessage("Image: unknown choice julia; choose one of [scipy, r, other]");
    assertThatThrownBy(
            () -> resolver.resolve(Set.of(), Map.of("image", "other", "image.other", "no tag")))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessage("Image: an image such as registry.example.org/team/image:tag");
    assertThatThrownBy(() -> resolver.resolve(Set.of(), Map.of("colour", "red")))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageStartingWith("Unknown option colour");
  }

  @Test
  void aBadResourceQuantityFromAFreeValueIsRefused() {
    KubernetesConfig base =
        KubernetesConfig.defaults()
            .withOverrides(Map.of())
            .withOverrides(Map.of("memoryLimit", "2G"));
    assertThatThrownBy(() -> base.withOverrides(Map.of("memoryLimit", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kubernetes.memoryLimit: must be a Kubernetes quantity");
  }
}
