package dev.ganymede.hub.rbac;

import dev.ganymede.hub.store.ApiTokenRecord;
import java.util.Objects;

/** A token just created: its stored record and its value, which is shown once and never stored. */
public record IssuedToken(ApiTokenRecord record, String value) {
  public IssuedToken {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "IssuedToken[" + record.apiId() + "]";
  }
}
