package dev.ganymede.hub.web;

import io.vertx.core.http.Cookie;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a hub action answers, as a value: the blocking part of a request computes a reply on a
 * worker thread, and {@link HubRoutes} writes it on the event loop.
 */
sealed interface Reply {

  List<Cookie> cookies();

  record Page(int status, String template, Map<String, Object> model, List<Cookie> cookies)
      implements Reply {
    public Page {
      Objects.requireNonNull(template, "template");
      model = Map.copyOf(model);
      cookies = List.copyOf(cookies);
    }
  }

  record Redirect(String location, List<Cookie> cookies) implements Reply {
    public Redirect {
      Objects.requireNonNull(location, "location");
      cookies = List.copyOf(cookies);
    }
  }

  record Json(int status, Object body, List<Cookie> cookies) implements Reply {
    public Json {
      Objects.requireNonNull(body, "body");
      cookies = List.copyOf(cookies);
    }
  }

  record Empty(int status, List<Cookie> cookies) implements Reply {
    public Empty {
      cookies = List.copyOf(cookies);
    }
  }

  /** A plain body of another type, e.g. Prometheus text. */
  record Text(int status, String contentType, String body, List<Cookie> cookies) implements Reply {
    public Text {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
      cookies = List.copyOf(cookies);
    }
  }

  static Page page(String template, Map<String, Object> model) {
    return new Page(200, template, model, List.of());
  }

  static Page page(int status, String template, Map<String, Object> model) {
    return new Page(status, template, model, List.of());
  }

  static Redirect redirect(String location) {
    return new Redirect(location, List.of());
  }

  static Json json(int status, Object body) {
    return new Json(status, body, List.of());
  }
}
