# Jupyter Server configuration written by Ganymede for the servers it starts.
#
# The hub authenticates every browser request itself; its proxy then adds the per-server
# secret in the header X-Ganymede-Server-Token to each request it forwards. This server
# accepts a request only if that header holds the secret, so the secret never has to reach
# a browser: it is not a login token, appears in no page and in no URL.
#
# Environment read at start:
#   GANYMEDE_SERVER_TOKEN  the per-server secret (removed from the environment at once, so
#                          kernels and terminals never inherit it)
#   GANYMEDE_USER          the owner's user name, shown in JupyterLab
import hmac
import os

from jupyter_server.auth.identity import IdentityProvider, User
from traitlets import default

_HEADER = "X-Ganymede-Server-Token"
_TOKEN = os.environ.pop("GANYMEDE_SERVER_TOKEN", "")
_USER = os.environ.get("GANYMEDE_USER", "") or "user"

if not _TOKEN:
    raise SystemExit("GANYMEDE_SERVER_TOKEN is not set: refusing to start without authentication")


class GanymedeIdentityProvider(IdentityProvider):
    """Accepts exactly the requests that carry the server's secret in X-Ganymede-Server-Token."""

    need_token = False

    @default("token")
    def _token_default(self):
        # No token: nothing to put into page config or URLs.
        return ""

    def get_user(self, handler):
        supplied = handler.request.headers.get(_HEADER, "")
        if supplied and hmac.compare_digest(supplied.encode("utf-8"), _TOKEN.encode("utf-8")):
            return User(username=_USER, name=_USER, display_name=_USER)
        return None

    @property
    def auth_enabled(self):
        return True

    @property
    def login_available(self):
        # The hub does the signing in; this server has no login form.
        return False

    @property
    def logout_available(self):
        return False


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.ServerApp.identity_provider_class = GanymedeIdentityProvider
c.IdentityProvider.token = ""
# The hub's proxy forwards requests with the browser's Host header; the server listens on
# 127.0.0.1 only and refuses any request without the secret, so the Host check adds nothing.
c.ServerApp.allow_remote_access = True
# Fail instead of silently moving to another port: the hub routes to the port it chose.
c.ServerApp.port_retries = 0
c.ServerApp.open_browser = False
