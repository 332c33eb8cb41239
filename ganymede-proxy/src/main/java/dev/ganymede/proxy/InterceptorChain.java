package dev.ganymede.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;

/** Runs the interceptors in order on the request's context; the first {@code respond} wins. */
final class InterceptorChain {
  private final List<ProxyInterceptor> interceptors;

  InterceptorChain(List<ProxyInterceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
  }

  /** Whether any interceptor runs for a request to {@code route}. */
  boolean appliesTo(Route route, boolean webSocket) {
    for (int i = 0; i < interceptors.size(); i++) {
      ProxyInterceptor interceptor = interceptors.get(i);
      if (applies(interceptor, route, webSocket)) {
        return true;
      }
    }
    return false;
  }

  private static boolean applies(ProxyInterceptor interceptor, Route route, boolean webSocket) {
    return (!webSocket || interceptor.appliesToWebSocket()) && interceptor.appliesTo(route);
  }

  /** Completes on {@code context} with the final decision, or fails if an interceptor failed. */
  Future<ProxyDecision> run(ProxyExchange exchange, Context context) {
    return runFrom(0, exchange, context);
  }

  private Future<ProxyDecision> runFrom(int index, ProxyExchange exchange, Context context) {
    for (int i = index; i < interceptors.size(); i++) {
      ProxyInterceptor interceptor = interceptors.get(i);
      if (!applies(interceptor, exchange.route(), exchange.isWebSocketUpgrade())) {
        continue;
      }
      Future<ProxyDecision> decision;
      try {
        decision =
            Objects.requireNonNull(
                interceptor.beforeForward(exchange), "an interceptor returned a null future");
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      int next = i + 1;
      return onContext(decision, context)
          .compose(
              d ->
                  Objects.requireNonNull(d, "an interceptor decided null")
                          instanceof ProxyDecision.Proceed
                      ? runFrom(next, exchange, context)
                      : Future.succeededFuture(d));
    }
    return Future.succeededFuture(ProxyDecision.proceed());
  }

  /** The same outcome as {@code future}, delivered on {@code context}. */
  private static <T> Future<T> onContext(Future<T> future, Context context) {
    Promise<T> promise = Promise.promise();
    future.onComplete(
        result -> {
          if (Vertx.currentContext() == context) {
            promise.handle(result);
          } else {
            context.runOnContext(v -> promise.handle(result));
          }
        });
    return promise.future();
  }
}
