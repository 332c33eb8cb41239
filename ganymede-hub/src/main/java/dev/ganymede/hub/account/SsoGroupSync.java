package dev.ganymede.hub.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ganymede.hub.auth.UserNames;
import dev.ganymede.hub.store.GroupPropertiesStore;
import dev.ganymede.hub.store.GroupStore;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a user's Ganymede group memberships follow an identity provider's groups claim ({@code
 * auth.oidc.syncGroups}).
 *
 * <p>The rule: every group the provider names is created when missing, marked as managed for single
 * sign-on (its properties get {@value #MANAGED}{@code : true}) and gets the user as a member. The
 * user is removed only from groups so marked that the provider no longer names; groups an admin
 * made in the hub and the provider never named are left alone. An admin may mark or unmark a group
 * through its properties in the REST API. Names that are not valid group names are skipped. Every
 * change goes through {@link AccountService}, so it writes the usual {@code group.create}, {@code
 * group.add} and {@code group.remove} events with actor {@value #ACTOR}.
 *
 * <p>Thread-safe; blocks on the store.
 */
public final class SsoGroupSync {
  /** The group property that marks a group as managed by single sign-on. */
  public static final String MANAGED = "ganymede.sso";

  /** The actor of the events this sync writes. */
  public static final String ACTOR = "sso-group-sync";

  private static final Logger LOG = LoggerFactory.getLogger(SsoGroupSync.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AccountService accounts;
  private final GroupStore groups;
  private final GroupPropertiesStore properties;

  public SsoGroupSync(AccountService accounts, GroupStore groups, GroupPropertiesStore properties) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.groups = Objects.requireNonNull(groups, "groups");
    this.properties = Objects.requireNonNull(properties, "properties");
  }

  /** Makes {@code user}'s memberships of managed groups equal to {@code providerGroups}. */
  public void sync(String user, Set<String> providerGroups) {
    Objects.requireNonNull(user, "user");
    Set<String> wanted = new LinkedHashSet<>();
    for (String group : new TreeSet<>(providerGroups)) {
      if (UserNames.groupNameProblem(group).isPresent()) {
        LOG.warn("Not syncing provider group of user {}: not a valid group name", user);
      } else {
        wanted.add(group);
      }
    }
    Set<String> current = groups.groupsOf(user);
    for (String group : wanted) {
      if (groups.find(group).isEmpty()) {
        try {
          accounts.createGroup(group, ACTOR);
        } catch (AccountException createdMeanwhile) {
          // another sign-in made it first
        }
      }
      markManaged(group);
      if (!current.contains(group)) {
        accounts.addToGroup(group, Set.of(user), ACTOR);
      }
    }
    for (String group : new TreeSet<>(current)) {
      if (!wanted.contains(group) && managed(group)) {
        accounts.removeFromGroup(group, Set.of(user), ACTOR);
      }
    }
  }

  private boolean managed(String group) {
    return read(group).path(MANAGED).asBoolean(false);
  }

  private void markManaged(String group) {
    ObjectNode current = read(group);
    if (!current.path(MANAGED).asBoolean(false)) {
      current.put(MANAGED, true);
      properties.replace(group, current.toString());
    }
  }

  private ObjectNode read(String group) {
    return properties
        .find(group)
        .map(
            json -> {
              try {
                return JSON.readTree(json) instanceof ObjectNode object
                    ? object
                    : JSON.createObjectNode();
              } catch (JsonProcessingException e) {
                return JSON.createObjectNode();
              }
            })
        .orElseGet(JSON::createObjectNode);
  }
}
