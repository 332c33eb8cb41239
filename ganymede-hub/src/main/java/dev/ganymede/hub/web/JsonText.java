package dev.ganymede.hub.web;

import java.util.Objects;

/** A body that is already JSON text; {@link ApiRoutes} writes it as it is. */
record JsonText(String text) {
  JsonText {
    Objects.requireNonNull(text, "text");
  }
}
