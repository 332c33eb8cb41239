package dev.ganymede.hub.web;

import dev.ganymede.hub.account.AccountException;
import java.util.HashMap;
import java.util.Map;

/** {@code /hub/signup} and {@code /hub/change-password}. */
final class AccountPages {
  private final WebContext web;
  private final HubPaths paths;

  AccountPages(WebContext web, HubPaths paths) {
    this.web = web;
    this.paths = paths;
  }

  Reply signupForm(HubRequest request) {
    requireSignupEnabled();
    return Reply.page("signup", Map.of("error", "", "notice", "", "username", ""));
  }

  Reply signup(HubRequest request) {
    requireSignupEnabled();
    Csrf.requireAnonymous(request);
    String username = request.form("username");
    String password = request.form("password");
    if (!password.equals(request.form("password_confirm"))) {
      return Reply.page(
          400,
          "signup",
          Map.of("error", "The passwords do not match.", "notice", "", "username", username));
    }
    try {
      web.accounts().signUp(username, password, request.clientAddress());
    } catch (AccountException e) {
      return Reply.page(
          400, "signup", Map.of("error", e.getMessage(), "notice", "", "username", username));
    }
    return Reply.page(
        "signup",
        Map.of(
            "error",
            "",
            "notice",
            "Thank you. An administrator must approve your account before you can sign in.",
            "username",
            ""));
  }

  Reply changePasswordForm(HubRequest request) {
    RequestUser me = request.requireUser();
    return Reply.page("change_password", model(me, "", ""));
  }

  Reply changePassword(HubRequest request) {
    RequestUser me = request.requireUser();
    String replacement = request.form("new_password");
    if (!replacement.equals(request.form("new_password_confirm"))) {
      return Reply.page(400, "change_password", model(me, "The new passwords do not match.", ""));
    }
    try {
      web.accounts().changePassword(me.name(), request.form("current_password"), replacement);
    } catch (AccountException e) {
      return Reply.page(400, "change_password", model(me, e.getMessage(), ""));
    }
    return Reply.redirect(paths.hub("home"));
  }

  private Map<String, Object> model(RequestUser me, String error, String notice) {
    Map<String, Object> model = new HashMap<>();
    model.put("error", error);
    model.put("notice", notice);
    model.put("mustChange", me.mustChangePassword());
    return model;
  }

  private void requireSignupEnabled() {
    if (!web.config().auth().allowSignup()) {
      throw HttpError.notFound("Sign-up is not enabled on this hub.");
    }
  }
}
