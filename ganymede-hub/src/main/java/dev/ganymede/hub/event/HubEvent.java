package dev.ganymede.hub.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in the hub: a sign-in, a server start, a user change. Events feed the log
 * now and the audit log and metrics later. They never carry secrets.
 *
 * @param type dotted name, e.g. {@code login.success}, {@code login.failure}, {@code server.start},
 *     {@code server.stop}, {@code user.create}
 * @param actor who did it (a user name, {@code system}, or {@code anonymous})
 * @param subject whom or what it concerned (a user name, {@code alice/} for a server)
 * @param clientAddress where the request came from, or {@code ""}
 * @param outcome {@code success} or {@code failure}
 * @param details further non-secret facts
 */
public record HubEvent(
    Instant at,
    String type,
    String actor,
    String subject,
    String clientAddress,
    String outcome,
    Map<String, String> details) {

  public HubEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(outcome, "outcome");
    details = Map.copyOf(details);
  }
}
