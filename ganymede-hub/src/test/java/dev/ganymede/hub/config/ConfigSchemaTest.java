package dev.ganymede.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

  @Test
  void hasOneSectionPerComponentOfTheWholeConfiguration() {
    assertThat(ConfigSchema.SECTIONS)
        .extracting(ConfigSection::name)
        .containsExactlyElementsOf(
            Arrays.stream(GanymedeConfig.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList());
    assertThat(ConfigSchema.SECTIONS)
        .<Class<?>>extracting(ConfigSection::type)
        .containsExactlyElementsOf(
            Arrays.stream(GanymedeConfig.class.getRecordComponents())
                .map(RecordComponent::getType)
                .toList());
  }

  @Test
  void namesEnvironmentVariablesInUpperSnakeCase() {
    assertThat(ConfigSchema.HUB.key("dataDir").orElseThrow().environmentVariable())
        .isEqualTo("GANYMEDE_HUB_DATA_DIR");
    assertThat(ConfigSchema.DATABASE.key("maxPoolSize").orElseThrow().environmentVariable())
        .isEqualTo("GANYMEDE_DATABASE_MAX_POOL_SIZE");
    assertThat(ConfigSchema.AUTH.key("sharedPassword").orElseThrow().environmentVariable())
        .isEqualTo("GANYMEDE_AUTH_SHARED_PASSWORD");
  }

  @Test
  void acceptsEveryDefaultValue() {
    for (ConfigSection<?> section : ConfigSchema.SECTIONS) {
      for (ConfigKey<?> key : section.keys()) {
        Object shown = section.display(GanymedeConfig.defaults(), key);
        assertThat(shown).as(key.path()).isNotEqualTo(ValueTypes.MASK);
      }
    }
    assertThat(ConfigLoader.check(Optional.empty(), Map.of(), Map.of()).isValid()).isTrue();
  }
}
