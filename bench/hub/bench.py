#!/usr/bin/env python3
"""Side-by-side hub benchmark: Debian's JupyterHub 3.0 (+ configurable-http-proxy) and Ganymede,
both with a null spawner and SQLite, on loopback. Each measurement is a separate step; a step a
hub cannot answer yet (e.g. no REST API) is reported as unavailable, not guessed.

    bench/hub/bench.py                               # both hubs, every step
    bench/hub/bench.py --hubs jupyterhub --steps list1,list16
    bench/hub/bench.py --duration 5 --storm-jupyterhub 50 --storm-ganymede 200 --users 2000

Bounded: every wrk run lasts --duration seconds, every wait has a deadline, all servers are
started on free loopback ports and stopped at the end. Needs: jupyterhub and
node-configurable-http-proxy (Debian), wrk, a JDK >= 21 and Maven (bin/ganymede builds the jar when
needed). Stdlib only.
"""
import argparse
import concurrent.futures
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STEPS = ["list1", "list16", "get1", "create1", "storm", "memory"]
PAGINATION = "application/jupyterhub-pagination+json"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


class Api:
    def __init__(self, base, token):
        self.base = base.rstrip("/")  # e.g. http://127.0.0.1:8000/hub/api
        self.token = token

    def call(self, method, path, body=None, headers=None, timeout=120):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", "token " + self.token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                text = r.read().decode()
                return r.status, (json.loads(text) if text.strip() else None)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")


class Hub:
    """A started hub: its public URL, API, token and the pids of hub and proxy."""

    name = "?"

    def __init__(self, workdir, backend_url):
        self.workdir = workdir
        self.backend_url = backend_url
        self.port = free_port()
        self.token = "bench-" + os.urandom(16).hex()
        self.proc = None
        self.log = open(os.path.join(workdir, self.name + ".log"), "w")

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def api(self):
        return Api(self.url + "/hub/api", self.token)

    def wait_up(self, deadline=120):
        end = time.time() + deadline
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited; see %s" % (self.name, self.log.name))
            try:
                with urllib.request.urlopen(self.url + "/hub/api/", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError("%s did not answer within %d s" % (self.name, deadline))

    def pids(self):
        return [self.proc.pid]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class JupyterHub(Hub):
    name = "jupyterhub"

    def start(self):
        env = dict(os.environ)
        env.update(
            BENCH_BACKEND_URL=self.backend_url,
            BENCH_PUBLIC_PORT=str(self.port),
            BENCH_HUB_PORT=str(free_port()),
            BENCH_PROXY_API_PORT=str(free_port()),
            BENCH_DIR=self.workdir,
            BENCH_TOKEN=self.token,
            NODE_PATH="/usr/share/nodejs",
        )
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", "/usr/bin/jupyterhub", "-f", os.path.join(HERE, "jupyterhub_config.py")],
            cwd=self.workdir, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.wait_up()

    def pids(self):
        pids = [self.proc.pid]
        try:
            with open(os.path.join(self.workdir, "chp.pid")) as f:
                pids.append(int(f.read().strip()))
        except (FileNotFoundError, ValueError):
            pass
        return pids

    def stop(self):
        chp = self.pids()[1:]
        super().stop()
        for pid in chp:  # JupyterHub leaves CHP running unless told otherwise
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


class Ganymede(Hub):
    name = "ganymede"

    def start(self):
        env = dict(os.environ)
        env.update(
            GANYMEDE_HUB_PORT=str(self.port),
            GANYMEDE_HUB_DATA_DIR=os.path.join(self.workdir, "data"),
            GANYMEDE_SPAWNER_TYPE="null",
            GANYMEDE_SPAWNER_NULL_TARGET=self.backend_url,
            # the bench's admin token: a service with the admin role's scopes
            GANYMEDE_API_SERVICES=json.dumps([{"name": "bench", "apiToken": self.token, "scopes": ["admin-ui", "admin:users", "admin:servers", "list:users", "read:users", "servers", "tokens", "read:metrics"]}]),
        )
        # bin/ganymede builds the jar if needed, picks a JDK >= 21 and execs it (same pid)
        self.proc = subprocess.Popen(
            [os.path.join(ROOT, "bin", "ganymede"), "run"],
            cwd=self.workdir, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.wait_up()


def wrk(url, token, connections, duration, script=None, env=None):
    threads = min(connections, 4)
    cmd = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % duration, "--latency",
           "-H", "Authorization: token " + token]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60,
                         env=dict(os.environ, **(env or {}))).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": round(rps, 1),
        "p50_ms": round(float(p50.group(1)) * scale[p50.group(2)], 2) if p50 else None,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def create_users(api, names, chunk=500):
    for i in range(0, len(names), chunk):
        status, body = api.call("POST", "/users", {"usernames": names[i:i + chunk]})
        if status not in (201, 409):
            raise RuntimeError("creating users: %s %s" % (status, str(body)[:200]))


def ready_count(api):
    status, body = api.call("GET", "/users?state=ready&limit=1", headers={"Accept": PAGINATION})
    if status != 200:
        return -1
    if isinstance(body, dict):
        return body["_pagination"]["total"]
    return len(body)


def spawn_storm(api, count, deadline):
    names = ["storm-%d" % i for i in range(count)]
    create_users(api, names)
    start = time.time()
    codes = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(count, 1000)) as pool:
        for status, _ in pool.map(lambda n: api.call("POST", "/users/%s/server" % n), names):
            codes[status] = codes.get(status, 0) + 1
    requested = time.time() - start
    ready = 0
    while time.time() - start < deadline:
        ready = ready_count(api)
        if ready >= count:
            break
        time.sleep(0.1)
    took = time.time() - start
    return {"servers": count, "requests_s": round(requested, 2), "all_ready_s": round(took, 2)
            if ready >= count else None, "ready": ready, "status_codes": codes,
            "spawns_per_s": round(count / took, 1) if ready >= count else None}


def run_hub(hub, steps, args, seeded_prefix):
    results = {}
    hub.start()
    api = hub.api()
    try:
        probe, _ = api.call("GET", "/users?limit=1")
        if probe != 200:
            why = "REST API not available (GET /hub/api/users answered %s)" % probe
            for step in steps:
                results[step] = {"unavailable": why}
            if "memory" in steps:
                results["memory"] = {"unavailable": why, "idle_rss_mib_hub_plus_proxy":
                                     round(sum(rss_kib(p) for p in hub.pids()) / 1024, 1)}
            return results
        create_users(api, ["%s-%d" % (seeded_prefix, i) for i in range(100)])
        users_url = hub.url + "/hub/api/users?limit=100"
        one_url = hub.url + "/hub/api/users/%s-7" % seeded_prefix
        if "list1" in steps:
            results["list1"] = wrk(users_url, hub.token, 1, args.duration)
        if "list16" in steps:
            results["list16"] = wrk(users_url, hub.token, 16, args.duration)
        if "get1" in steps:
            results["get1"] = wrk(one_url, hub.token, 1, args.duration)
        if "create1" in steps:
            results["create1"] = wrk(hub.url + "/", hub.token, 1, args.duration,
                                     script=os.path.join(HERE, "create_users.lua"),
                                     env={"BENCH_API": "/hub/api", "BENCH_TOKEN": hub.token,
                                          "BENCH_PREFIX": "new%d" % int(time.time())})
        if "storm" in steps:
            count = args.storm_jupyterhub if hub.name == "jupyterhub" else args.storm_ganymede
            results["storm"] = spawn_storm(api, count, args.storm_deadline)
        return results
    finally:
        hub.stop()


def run_memory(hub, args):
    """A fresh hub: exactly --users users, --memory-servers of them with a running server (routes
    in the proxy), a few listings; then the resident memory of hub + proxy. Same state for both
    hubs, whatever the API steps created before."""
    hub.start()
    api = hub.api()
    try:
        names = ["mem-%d" % i for i in range(args.users)]
        create_users(api, names)
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            list(pool.map(lambda n: api.call("POST", "/users/%s/server" % n), names[:args.memory_servers]))
        end = time.time() + args.storm_deadline
        while ready_count(api) < args.memory_servers and time.time() < end:
            time.sleep(0.2)
        for offset in range(0, args.users, 1000):
            api.call("GET", "/users?limit=100&offset=%d" % offset)
        status, body = api.call("GET", "/users?limit=1", headers={"Accept": PAGINATION})
        total = body["_pagination"]["total"] if isinstance(body, dict) else None
        time.sleep(2)  # let the hub settle after the burst
        after_burst = round(sum(rss_kib(p) for p in hub.pids()) / 1024, 1)
        # then idle, as a hub mostly is: what it holds once it has had the chance to give back
        # what the burst needed (the JVM collects and returns free heap when idle; Python does not)
        time.sleep(args.idle_seconds)
        return {
            "users": total,
            "running_servers": ready_count(api),
            "rss_mib_hub_plus_proxy": after_burst,
            "idle_rss_mib_hub_plus_proxy": round(sum(rss_kib(p) for p in hub.pids()) / 1024, 1),
            "idle_seconds": args.idle_seconds,
            "pids": hub.pids(),
        }
    finally:
        hub.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hubs", default="jupyterhub,ganymede")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--storm-jupyterhub", type=int, default=200)
    parser.add_argument("--storm-ganymede", type=int, default=1000)
    parser.add_argument("--storm-deadline", type=int, default=300)
    parser.add_argument("--users", type=int, default=10000, help="users in the memory step")
    parser.add_argument("--memory-servers", type=int, default=200,
                        help="running servers in the memory step")
    parser.add_argument("--idle-seconds", type=int, default=30,
                        help="idle time in the memory step before the second reading")
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    args = parser.parse_args()
    steps = [s for s in args.steps.split(",") if s]
    for s in steps:
        if s not in STEPS:
            parser.error("unknown step %s (known: %s)" % (s, ", ".join(STEPS)))

    workdir = tempfile.mkdtemp(prefix="hub-bench-")
    backend_port = free_port()
    backend = subprocess.Popen([sys.executable, os.path.join(HERE, "backend.py"), str(backend_port)],
                               start_new_session=True)
    results = {"command": " ".join(sys.argv), "workdir": workdir}
    try:
        for name in args.hubs.split(","):
            cls = {"jupyterhub": JupyterHub, "ganymede": Ganymede}[name]
            hub_dir = os.path.join(workdir, name)
            os.makedirs(hub_dir)
            hub = cls(hub_dir, "http://127.0.0.1:%d" % backend_port)
            print("== %s" % name, file=sys.stderr)
            try:
                api_steps = [s for s in steps if s != "memory"]
                results[name] = run_hub(hub, api_steps, args, "bench") if api_steps else {}
                if "memory" in steps:
                    memory_dir = os.path.join(workdir, name + "-memory")
                    os.makedirs(memory_dir)
                    results[name]["memory"] = run_memory(
                        cls(memory_dir, "http://127.0.0.1:%d" % backend_port), args)
            except Exception as e:  # report and go on with the other hub
                results[name] = {"error": str(e)}
            print(json.dumps(results[name], indent=1), file=sys.stderr)
    finally:
        backend.terminate()
        backend.wait(10)
    text = json.dumps(results, indent=2)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
