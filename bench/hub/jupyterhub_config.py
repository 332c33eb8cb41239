# JupyterHub 3.0 (Debian) for the side-by-side hub benchmark: a null spawner that returns the URL
# of an always-up local backend, SQLite, configurable-http-proxy, one admin service token.
# Everything comes from environment variables set by bench.py.
import os

from jupyterhub.spawner import Spawner


class NullSpawner(Spawner):
    """Starts nothing; every server 'runs' at BENCH_BACKEND_URL."""

    async def start(self):
        return os.environ["BENCH_BACKEND_URL"]

    async def poll(self):
        return None if self.server is not None else 0

    async def stop(self):
        pass


c = get_config()  # noqa: F821 (provided by traitlets)
c.JupyterHub.spawner_class = NullSpawner
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["BENCH_PUBLIC_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["BENCH_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%s" % os.environ["BENCH_PROXY_API_PORT"]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///" + os.path.join(os.environ["BENCH_DIR"], "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(os.environ["BENCH_DIR"], "cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(os.environ["BENCH_DIR"], "chp.pid")
c.JupyterHub.pid_file = os.path.join(os.environ["BENCH_DIR"], "jupyterhub.pid")
c.JupyterHub.services = [{"name": "bench", "api_token": os.environ["BENCH_TOKEN"]}]
c.JupyterHub.load_roles = [{"name": "admin", "services": ["bench"]}]
# the spawn storm measures the hub, not its admission limits
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0
c.JupyterHub.cleanup_servers = True
c.JupyterHub.log_level = "WARN"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
