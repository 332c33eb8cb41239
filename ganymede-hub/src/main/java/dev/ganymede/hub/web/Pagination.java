package dev.ganymede.hub.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JupyterHub's pagination: {@code offset}/{@code limit} query parameters, and with {@code Accept:
 * application/jupyterhub-pagination+json} a {@code {"items", "_pagination"}} body whose {@code
 * next.url} is absolute.
 */
final class Pagination {
  static final String MEDIA_TYPE = "application/jupyterhub-pagination+json";
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private Pagination() {}

  record Page(int offset, int limit, boolean wrapped) {}

  static Page of(ApiRequest request) {
    HttpServerRequest http = request.context().request();
    String accept = http.getHeader("Accept");
    boolean wrapped =
        accept != null
            && java.util.Arrays.stream(accept.split(","))
                .map(a -> a.split(";")[0].strip())
                .anyMatch(MEDIA_TYPE::equals);
    int offset = integer(request, "offset", 0);
    int limit = integer(request, "limit", wrapped ? DEFAULT_LIMIT : MAX_LIMIT);
    limit = Math.max(1, Math.min(MAX_LIMIT, Math.abs(limit)));
    return new Page(Math.abs(offset), limit, wrapped);
  }

  private static int integer(ApiRequest request, String name, int fallback) {
    String value = request.query(name).orElse("");
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("'" + name + "' must be an integer, got '" + value + "'.");
    }
  }

  /** The page of {@code all}, as a bare list or wrapped, per the request's Accept header. */
  static Object answer(ApiRequest request, Page page, List<?> all) {
    int from = Math.min(page.offset(), all.size());
    int to = Math.min(all.size(), from + page.limit());
    return answerPage(request, page, all.subList(from, to), all.size());
  }

  /** The answer for the page's {@code items} (already sliced) out of {@code total}. */
  static Object answerPage(ApiRequest request, Page page, List<?> items, long total) {
    if (!page.wrapped()) {
      return items;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("_pagination", pagination(request, page, items.size(), total));
    return body;
  }

  /** {@link #answerPage} for items that are JSON text already. */
  static JsonText answerPageJson(ApiRequest request, Page page, List<String> items, long total) {
    int length = 2 + items.size();
    for (String item : items) {
      length += item.length();
    }
    StringBuilder json = new StringBuilder(length + (page.wrapped() ? 200 : 0));
    if (page.wrapped()) {
      json.append("{\"items\":");
    }
    json.append('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(items.get(i));
    }
    json.append(']');
    if (page.wrapped()) {
      json.append(",\"_pagination\":")
          .append(Json.encode(pagination(request, page, items.size(), total)))
          .append('}');
    }
    return new JsonText(json.toString());
  }

  private static Map<String, Object> pagination(
      ApiRequest request, Page page, int count, long total) {
    int to = (int) Math.min(total, (long) page.offset() + count);
    Map<String, Object> pagination = new LinkedHashMap<>();
    pagination.put("offset", page.offset());
    pagination.put("limit", page.limit());
    pagination.put("total", total);
    if (to < total) {
      Map<String, Object> next = new LinkedHashMap<>();
      next.put("offset", to);
      next.put("limit", page.limit());
      next.put("url", nextUrl(request.context().request(), to, page.limit()));
      pagination.put("next", next);
    } else {
      pagination.put("next", null);
    }
    return pagination;
  }

  private static String nextUrl(HttpServerRequest request, int offset, int limit) {
    StringBuilder query = new StringBuilder();
    MultiMap params = request.params();
    for (String name : params.names()) {
      if (name.equals("offset") || name.equals("limit")) {
        continue;
      }
      for (String value : params.getAll(name)) {
        query.append(encode(name)).append('=').append(encode(value)).append('&');
      }
    }
    query.append("offset=").append(offset).append("&limit=").append(limit);
    String scheme = request.scheme() == null ? "http" : request.scheme();
    String host = request.authority() == null ? "localhost" : request.authority().toString();
    return scheme + "://" + host + request.path() + "?" + query;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
