package dev.ganymede.hub.web;

import dev.ganymede.hub.config.ProfileConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the spawn form's profile fields into user options: {@code profile} plus, for the chosen
 * profile's options, {@code <option>} (a choice id, or {@code other}) and {@code <option>.other}
 * (the free value). The fields are named {@code profile}, {@code option.<profile>.<option>} and
 * {@code option.<profile>.<option>.other}, so that each profile's fields stay apart on the page.
 */
final class SpawnFormOptions {
  private SpawnFormOptions() {}

  static Map<String, Object> from(HubRequest request, List<ProfileConfig> profiles) {
    Map<String, Object> options = new LinkedHashMap<>();
    String profile = request.form("profile");
    if (profile.isEmpty()) {
      return options;
    }
    options.put("profile", profile);
    for (ProfileConfig candidate : profiles) {
      if (!candidate.slug().equals(profile)) {
        continue;
      }
      for (ProfileConfig.ProfileOption option : candidate.options()) {
        String field = "option." + profile + "." + option.name();
        String choice = request.form(field);
        if (!choice.isEmpty()) {
          options.put(option.name(), choice);
        }
        if (ProfileConfig.Other.SLUG.equals(choice)) {
          options.put(option.name() + ".other", request.form(field + ".other"));
        }
      }
    }
    return options;
  }
}
