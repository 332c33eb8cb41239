package dev.ganymede.hub.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipProgressTest {
  private final List<Integer> percents = new ArrayList<>();
  private final List<String> messages = new ArrayList<>();
  private final PipProgress progress =
      new PipProgress(
          (percent, message) -> {
            percents.add(percent);
            messages.add(message);
          });

  @Test
  void turnsPipOutputIntoMonotonicProgressLines() {
    List.of(
            "Looking in indexes: https://pypi.org/simple",
            "Collecting jupyterlab",
            "  Downloading https://files.example/jupyterlab-4.6.4-py3-none-any.whl (12.3 MB)",
            "Processing /opt/pypi/files/jupyter_server-2.21.1-py3-none-any.whl (from jupyterlab)",
            "Collecting async-lru>=1.0.0 (from jupyterlab)",
            "WARNING: something unrelated",
            "Installing collected packages: a, b, c",
            "Successfully installed a-1 b-2 c-3")
        .forEach(progress::line);

    assertThat(messages)
        .containsExactly(
            "Collecting jupyterlab",
            "Downloading jupyterlab-4.6.4-py3-none-any.whl (12.3 MB)",
            "Collecting jupyter_server",
            "Collecting async-lru",
            "Installing 3 packages",
            "JupyterLab installed");
    assertThat(percents).isSorted();
    assertThat(percents.get(0)).isGreaterThanOrEqualTo(PipProgress.COLLECT_FROM);
    assertThat(percents.get(percents.size() - 1)).isEqualTo(PipProgress.INSTALLED);
  }

  @Test
  void collectingNeverPassesItsShareEvenForManyPackages() {
    for (int i = 0; i < 500; i++) {
      progress.line("Collecting package" + i);
    }

    assertThat(percents).allMatch(p -> p <= PipProgress.COLLECT_TO);
  }
}
