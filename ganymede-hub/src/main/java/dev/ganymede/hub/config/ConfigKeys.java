package dev.ganymede.hub.config;

import java.util.List;

/**
 * The sections and keys of {@code ganymede.yaml} as {@link ConfigSchema} declares them, for tools
 * that must agree with the hub: the Helm chart's {@code values.schema.json} is checked against this
 * list so the two cannot drift.
 */
public final class ConfigKeys {

  /**
   * One key.
   *
   * @param section the dotted section, as in {@code auth.oidc}
   * @param name the key's name in its section
   * @param environmentVariable the variable that sets it, as in {@code GANYMEDE_PROXY_AUTH_TOKEN}
   * @param secret whether the value is a secret (masked when shown; better given from the
   *     environment than written into a file)
   */
  public record Key(String section, String name, String environmentVariable, boolean secret) {}

  private ConfigKeys() {}

  /** Every key, section by section in the schema's order. */
  public static List<Key> all() {
    return ConfigSchema.SECTIONS.stream()
        .flatMap(s -> s.keys().stream())
        .map(
            k ->
                new Key(
                    k.section(),
                    k.name(),
                    k.environmentVariable(),
                    k.type().description().contains("(a secret; never shown)")))
        .toList();
  }
}
