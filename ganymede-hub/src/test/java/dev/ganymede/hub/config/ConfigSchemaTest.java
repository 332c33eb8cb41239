package dev.ganymede.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

  @Test
  void hasOneSectionPerComponentOfTheWholeConfiguration() {
    List<RecordComponent> whole =
        Arrays.stream(GanymedeConfig.class.getRecordComponents())
            .filter(c -> !c.getName().equals("sso"))
            .toList();
    List<RecordComponent> sso = Arrays.asList(SsoConfig.class.getRecordComponents());
    assertThat(ConfigSchema.SECTIONS)
        .extracting(ConfigSection::name)
        .containsExactlyElementsOf(
            Stream.concat(
                    whole.stream().map(RecordComponent::getName),
                    sso.stream().map(c -> "auth." + c.getName()))
                .toList());
    assertThat(ConfigSchema.SECTIONS)
        .<Class<?>>extracting(ConfigSection::type)
        .containsExactlyElementsOf(
            Stream.concat(whole.stream(), sso.stream()).map(RecordComponent::getType).toList());
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
