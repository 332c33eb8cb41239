package dev.ganymede.hub.auth;

/**
 * Told of each successful sign-in (and of each confirmed refresh of one), after the account exists
 * and before the session opens; for example {@code auth.oidc.syncGroups}. Called on the signing-in
 * request's worker or virtual thread; may block; implementations are thread-safe.
 */
@FunctionalInterface
public interface SignInListener {
  /** A listener that does nothing. */
  SignInListener NONE = (user, identity) -> {};

  /**
   * @param user the account's (normalised) name
   * @param identity who the authenticator said signed in, with the provider's groups
   */
  void signedIn(String user, Identity identity);
}
