package dev.ganymede.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ganymede.hub.spawner.SpawnerState;
import java.util.Map;

/**
 * {@link SpawnerState} as JSON text in the {@code servers} table. Whole numbers read back as {@link
 * Long}, other numbers as {@link Double}.
 */
final class SpawnerStateJson {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private SpawnerStateJson() {}

  static String write(SpawnerState state) {
    try {
      return JSON.writeValueAsString(state.values());
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write spawner state as JSON", e);
    }
  }

  static SpawnerState read(String json) {
    try {
      return new SpawnerState(JSON.readValue(json, MAP));
    } catch (JsonProcessingException | NullPointerException e) {
      throw new StoreException("stored spawner state is not a JSON object of values", e);
    }
  }
}
