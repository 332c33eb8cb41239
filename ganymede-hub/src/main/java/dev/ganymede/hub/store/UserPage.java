package dev.ganymede.hub.store;

import java.util.List;

/** One page of a {@link UserQuery}: the users in order and how many match in all. */
public record UserPage(List<User> users, long total) {
  public UserPage {
    users = List.copyOf(users);
  }
}
