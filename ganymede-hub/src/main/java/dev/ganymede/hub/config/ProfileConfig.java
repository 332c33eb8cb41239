package dev.ganymede.hub.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of {@code kubernetes.profiles}: a named set of spawner settings a user may choose on
 * the spawn form (KubeSpawner's {@code profile_list} entry).
 *
 * @param slug the profile's id in user options ({@code {"profile": "gpu"}}); derived from the
 *     display name when not given
 * @param displayName the title shown on the form
 * @param description the text shown under the title (may be empty)
 * @param isDefault whether the form selects it first (the first profile otherwise)
 * @param groups the groups whose members see and may choose it; empty means everybody
 * @param overrides kubernetes keys to values (plain YAML data), applied over the section
 * @param options the profile's options, applied after the profile's overrides in this order
 */
public record ProfileConfig(
    String slug,
    String displayName,
    String description,
    boolean isDefault,
    Set<String> groups,
    Map<String, Object> overrides,
    List<ProfileOption> options) {

  public ProfileConfig {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(description, "description");
    groups = Set.copyOf(groups);
    overrides = Map.copyOf(overrides);
    options = List.copyOf(options);
  }

  /** Whether a member of {@code userGroups} may see and choose this profile. */
  public boolean visibleTo(Set<String> userGroups) {
    return groups.isEmpty() || userGroups.stream().anyMatch(groups::contains);
  }

  /**
   * One option of a profile (KubeSpawner's {@code profile_options.<name>}).
   *
   * @param name the key in user options ({@code {"image": "scipy"}})
   * @param displayName the label on the form
   * @param choices the listed choices, in order
   * @param other the free choice, if offered
   */
  public record ProfileOption(
      String name, String displayName, List<Choice> choices, java.util.Optional<Other> other) {
    public ProfileOption {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(displayName, "displayName");
      choices = List.copyOf(choices);
      Objects.requireNonNull(other, "other");
    }
  }

  /** A listed choice of an option. */
  public record Choice(
      String slug, String displayName, boolean isDefault, Map<String, Object> overrides) {
    public Choice {
      Objects.requireNonNull(slug, "slug");
      Objects.requireNonNull(displayName, "displayName");
      overrides = Map.copyOf(overrides);
    }
  }

  /**
   * The free "other" choice (KubeSpawner's {@code unlisted_choice}): the user types a value that
   * must match {@code pattern} in full; {@code {value}} in the overrides' text is replaced by it.
   */
  public record Other(
      String displayName, String pattern, String message, Map<String, Object> overrides) {
    /** The choice slug that selects the free value in user options. */
    public static final String SLUG = "other";

    public Other {
      Objects.requireNonNull(displayName, "displayName");
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(message, "message");
      overrides = Map.copyOf(overrides);
    }
  }
}
