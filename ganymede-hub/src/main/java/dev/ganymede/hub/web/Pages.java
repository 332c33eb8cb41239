package dev.ganymede.hub.web;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the hub's HTML pages from Pebble templates in {@code templates/} on the class path.
 * Output is HTML-escaped by default. Every page gets {@code base} (the deployment's base URL),
 * {@code hub} ({@code base + "hub/"}), {@code user} and {@code admin} when someone is signed in,
 * and {@code xsrf}, the anti-forgery token that every form must send back as {@code _xsrf}.
 */
final class Pages {
  private final PebbleEngine engine;
  private final String baseUrl;
  private final String productVersion;

  Pages(String baseUrl, String productVersion) {
    ClasspathLoader loader = new ClasspathLoader(Pages.class.getClassLoader());
    loader.setPrefix("templates");
    loader.setSuffix(".peb");
    this.engine =
        new PebbleEngine.Builder().loader(loader).cacheActive(true).strictVariables(false).build();
    this.baseUrl = baseUrl;
    this.productVersion = productVersion;
  }

  /**
   * Renders a template with the common model (base URLs, version, the signed-in user, the
   * anti-forgery token).
   */
  String render(RoutingContext ctx, String template, Map<String, Object> model) {
    Map<String, Object> full = new HashMap<>(model);
    full.put("base", baseUrl);
    full.put("hub", baseUrl + "hub/");
    full.put("version", productVersion);
    Optional<RequestUser> user = RequestUser.of(ctx);
    user.ifPresent(
        u -> {
          full.put("user", u.name());
          full.put("admin", u.admin());
        });
    full.putIfAbsent("xsrf", Csrf.tokenFor(ctx));
    PebbleTemplate compiled = engine.getTemplate(template);
    StringWriter out = new StringWriter();
    try {
      compiled.evaluate(out, full);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Renders a page and ends the response (its status already set). */
  void respond(RoutingContext ctx, String template, Map<String, Object> model) {
    String html = render(ctx, template, model);
    SecurityHeaders.applyToPage(ctx.response());
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }
}
