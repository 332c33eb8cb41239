package dev.ganymede.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps {@code docs/configuration.md} true: every key, its type, default and variable. */
class ConfigDocumentationTest {

  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  /** How the documentation shows a key's default. */
  static String defaultText(ConfigSection<?> section, ConfigKey<?> key) {
    Object shown = section.display(GanymedeConfig.defaults(), key);
    if (shown == null) {
      return "(empty)";
    }
    if (shown instanceof List<?> list && list.isEmpty()) {
      return "`[]`";
    }
    if (shown instanceof Map<?, ?> map && map.isEmpty()) {
      return "`{}`";
    }
    return "`" + shown + "`";
  }

  /** The rows of the key tables (the command-line flag tables' rows start with "| `--"). */
  private static List<String> rows() throws IOException {
    return Files.readAllLines(DOC).stream()
        .filter(line -> line.startsWith("| `") && !line.startsWith("| `--"))
        .toList();
  }

  @Test
  void documentsEveryComponentOfEverySectionRecord() throws IOException {
    String doc = Files.readString(DOC);
    for (ConfigSection<?> section : ConfigSchema.SECTIONS) {
      assertThat(doc).contains("## `" + section.name() + "`");
      for (RecordComponent key : section.type().getRecordComponents()) {
        assertThat(rows())
            .as("table row of %s.%s", section.name(), key.getName())
            .anyMatch(row -> row.startsWith("| `" + section.name() + "." + key.getName() + "` |"));
      }
    }
  }

  @Test
  void showsTheAllowedValuesDefaultAndVariableOfEveryKeyAsTheLoaderChecksThem() throws IOException {
    List<String> rows = rows();
    for (ConfigSection<?> section : ConfigSchema.SECTIONS) {
      for (ConfigKey<?> key : section.keys()) {
        String expected =
            "| `"
                + key.path()
                + "` | "
                + key.type().description()
                + " | "
                + defaultText(section, key)
                + " | `"
                + key.environmentVariable()
                + "` |";
        assertThat(rows).as(key.path()).contains(expected);
      }
    }
  }

  @Test
  void documentsNoKeyTheLoaderDoesNotKnow() throws IOException {
    for (String row : rows()) {
      String path = row.substring(3, row.indexOf('`', 3));
      int dot = path.lastIndexOf('.');
      assertThat(
              ConfigSchema.section(path.substring(0, dot))
                  .flatMap(s -> s.key(path.substring(dot + 1))))
          .as("documented key %s", path)
          .isPresent();
    }
  }

  @Test
  void hasAnExampleFileThatTheLoaderAccepts(@TempDir Path dir) throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("```yaml\n");
    assertThat(start).as("a ```yaml example").isNotNegative();
    String example = doc.substring(start + "```yaml\n".length(), doc.indexOf("```", start + 7));
    Path file = Files.writeString(dir.resolve("ganymede.yaml"), example);

    assertThat(ConfigLoader.checkFile(file).problems()).isEmpty();
  }
}
