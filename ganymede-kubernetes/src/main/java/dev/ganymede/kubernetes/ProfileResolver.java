package dev.ganymede.kubernetes;

import dev.ganymede.hub.config.KubernetesConfig;
import dev.ganymede.hub.config.ProfileConfig;
import dev.ganymede.hub.spawner.InvalidOptionsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns user options ({@code {"profile": "gpu", "image": "other", "image.other": "repo/img:1"}})
 * into the effective {@link KubernetesConfig}: the section, then the profile's overrides, then each
 * option's (in the profile's order). Refuses, with a message for the user, a profile the user may
 * not see, an unknown key or choice, and a free value that does not match its pattern.
 */
final class ProfileResolver {

  /** The effective settings and the profile they came from (empty without profiles). */
  record Resolution(KubernetesConfig config, Optional<String> profile) {}

  private final KubernetesConfig base;

  ProfileResolver(KubernetesConfig base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  List<ProfileConfig> visible(Set<String> groups) {
    return base.profiles().stream().filter(p -> p.visibleTo(groups)).toList();
  }

  Resolution resolve(Set<String> groups, Map<String, Object> options) {
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(options, "options");
    if (base.profiles().isEmpty()) {
      if (!options.isEmpty()) {
        throw new InvalidOptionsException(
            "This hub offers no profiles; options are not accepted, got " + options.keySet());
      }
      return new Resolution(base, Optional.empty());
    }
    List<ProfileConfig> visible = visible(groups);
    if (visible.isEmpty()) {
      throw new InvalidOptionsException("No profile is available to you");
    }
    ProfileConfig profile = chooseProfile(visible, options);
    Set<String> allowed = new LinkedHashSet<>(List.of("profile"));
    for (ProfileConfig.ProfileOption option : profile.options()) {
      allowed.add(option.name());
      allowed.add(option.name() + ".other");
    }
    for (String key : options.keySet()) {
      if (!allowed.contains(key)) {
        throw new InvalidOptionsException(
            "Unknown option " + key + " for profile " + profile.slug() + "; known: " + allowed);
      }
    }
    List<Map<String, Object>> layers = new ArrayList<>();
    layers.add(profile.overrides());
    for (ProfileConfig.ProfileOption option : profile.options()) {
      layers.add(optionOverrides(option, options));
    }
    KubernetesConfig config = base;
    try {
      for (Map<String, Object> layer : layers) {
        config = config.withOverrides(layer);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionsException("Invalid option: " + e.getMessage());
    }
    return new Resolution(config, Optional.of(profile.slug()));
  }

  private static ProfileConfig chooseProfile(
      List<ProfileConfig> visible, Map<String, Object> options) {
    Object requested = options.get("profile");
    if (requested == null) {
      return visible.stream().filter(ProfileConfig::isDefault).findFirst().orElse(visible.get(0));
    }
    return visible.stream()
        .filter(p -> p.slug().equals(requested.toString()))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidOptionsException(
                    "Unknown profile "
                        + requested
                        + "; choose one of "
                        + visible.stream().map(ProfileConfig::slug).toList()));
  }

  private static Map<String, Object> optionOverrides(
      ProfileConfig.ProfileOption option, Map<String, Object> options) {
    Object requested = options.get(option.name());
    String choice;
    if (requested == null) {
      choice =
          option.choices().stream()
              .filter(ProfileConfig.Choice::isDefault)
              .findFirst()
              .or(() -> option.choices().stream().findFirst())
              .map(ProfileConfig.Choice::slug)
              .orElseThrow(
                  () ->
                      new InvalidOptionsException(option.displayName() + ": a value is required"));
    } else {
      choice = requested.toString();
    }
    if (choice.equals(ProfileConfig.Other.SLUG) && option.other().isPresent()) {
      ProfileConfig.Other other = option.other().get();
      String value = Objects.toString(options.get(option.name() + ".other"), "");
      if (!Pattern.compile(other.pattern()).matcher(value).matches()) {
        throw new InvalidOptionsException(option.displayName() + ": " + other.message());
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> substituted = (Map<String, Object>) substitute(other.overrides(), value);
      return substituted;
    }
    return option.choices().stream()
        .filter(c -> c.slug().equals(choice))
        .findFirst()
        .map(ProfileConfig.Choice::overrides)
        .orElseThrow(
            () ->
                new InvalidOptionsException(
                    option.displayName()
                        + ": unknown choice "
                        + choice
                        + "; choose one of "
                        + choices(option)));
  }

  private static List<String> choices(ProfileConfig.ProfileOption option) {
    List<String> slugs = new ArrayList<>(option.choices().stream().map(c -> c.slug()).toList());
    option.other().ifPresent(o -> slugs.add(ProfileConfig.Other.SLUG));
    return slugs;
  }

  /** {@code {value}} replaced in every text of plain YAML data. */
  static Object substitute(Object data, String value) {
    if (data instanceof String text) {
      return text.replace("{value}", value);
    }
    if (data instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k.toString(), substitute(v, value)));
      return out;
    }
    if (data instanceof List<?> list) {
      return list.stream().map(item -> substitute(item, value)).toList();
    }
    return data;
  }
}
