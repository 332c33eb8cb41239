package dev.ganymede.hub.web;

import java.util.Objects;

/**
 * Decides whether a request may use an API scope ({@code read:metrics}, {@code admin:audit}). The
 * one place the hub's operational endpoints ask "is this caller allowed"; the REST API's scopes and
 * tokens plug in here by providing another implementation.
 *
 * <p>Called on a worker thread (it may read the store); throws {@link HttpError} 403 — JupyterHub's
 * status for missing and insufficient credentials alike — when the answer is no.
 */
@FunctionalInterface
interface ApiAccess {

  /**
   * Returns normally if {@code request} holds {@code scope}; throws {@link HttpError} otherwise.
   */
  void require(HubRequest request, String scope);

  /** Until tokens and scopes exist: a signed-in administrator's session holds every scope. */
  ApiAccess ADMIN_SESSIONS =
      (request, scope) -> {
        Objects.requireNonNull(scope, "scope");
        if (request.user().filter(RequestUser::admin).isEmpty()) {
          throw HttpError.forbidden(
              "Action is not authorized: requires the scope " + scope + " (an administrator).");
        }
      };
}
