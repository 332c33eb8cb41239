package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HubVersionTest {
  /** PEP 440 public version with a local label, as Python's packaging accepts it. */
  private static final String PEP_440_WITH_LOCAL =
      "\\d+(\\.\\d+)*((a|b|rc)\\d+)?(\\.post\\d+)?(\\.dev\\d+)?\\+[a-z0-9]+(\\.[a-z0-9]+)*";

  @Test
  void reportsTheJupyterHubApiLevelWithGanymedesVersionAsALocalLabel() {
    assertThat(HubVersion.current())
        .startsWith("5.5.1+ganymede.")
        .endsWith(HubVersion.product())
        .matches(PEP_440_WITH_LOCAL);
  }

  @Test
  void isNewEnoughForTheIdleCullersStateFilter() {
    String[] release = HubVersion.current().split("\\+")[0].split("\\.");
    assertThat(Integer.parseInt(release[0]) * 100 + Integer.parseInt(release[1]))
        .isGreaterThanOrEqualTo(103);
  }
}
