package dev.ganymede.hub.web;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A REST API answer: status, an optional JSON body, extra headers. */
record ApiReply(int status, Optional<Object> body, Map<String, String> headers) {
  ApiReply {
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  static ApiReply json(int status, Object body) {
    return new ApiReply(status, Optional.of(body), Map.of());
  }

  static ApiReply empty(int status) {
    return new ApiReply(status, Optional.empty(), Map.of());
  }
}
