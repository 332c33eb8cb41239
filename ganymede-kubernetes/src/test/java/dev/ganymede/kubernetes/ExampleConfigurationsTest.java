package dev.ganymede.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example configurations of docs/examples pass {@code ganymede config check}. */
class ExampleConfigurationsTest {

  @Test
  void everyExampleConfigurationValidates() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Path.of("..", "docs", "examples"))) {
      examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
    for (Path example : examples) {
      assertThat(ConfigLoader.checkFile(example).problems()).as(example.toString()).isEmpty();
    }
  }
}
