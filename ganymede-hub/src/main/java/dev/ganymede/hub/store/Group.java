package dev.ganymede.hub.store;

import java.util.Objects;
import java.util.Set;

/** A named set of users. */
public record Group(long id, String name, Set<String> members) {
  public Group {
    Objects.requireNonNull(name, "name");
    members = Set.copyOf(members);
  }
}
