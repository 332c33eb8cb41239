#!/usr/bin/env python3
"""Proxy benchmark: Ganymede's proxy vs configurable-http-proxy 5.3.0 vs nginx (reverse proxy)
vs a direct connection, side by side (alternating runs, medians of ROUNDS). Loopback only,
bounded loops. Not part of `mvn verify`. See docs/benchmarks.md ("Proxy") for how to run it.

Needs: wrk, nginx, node/npm (Debian), the packaged jar (mvn -q -o package -DskipTests),
and configurable-http-proxy + ws in $NPM_DIR (npm install configurable-http-proxy@5.3.0 ws@8).
"""
import json, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))
NPM_DIR = os.environ.get("NPM_DIR", "/tmp/chp-bench-npm")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
SECONDS = int(os.environ.get("SECONDS_PER_RUN", "5"))
IDLE_WS = int(os.environ.get("IDLE_WS", "5000"))
ROUTES = int(os.environ.get("ROUTES", "10000"))
WARMUP = int(os.environ.get("WARMUP_SECONDS", "15"))
TOKEN = "bench-token-0123456789abcdef"
JAVA = os.environ.get("JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
# the JVM options bin/ganymede passes to `ganymede proxy` by default on Java >= 24 (docs/operations.md,
# "Memory and JVM options"): what an operator gets; PROXY_JVM_FLAGS replaces them
DEFAULT_JVM_FLAGS = ("-XX:+UseSerialGC -Xms24m -XX:NewSize=16m -XX:SurvivorRatio=4 -XX:MinHeapFreeRatio=10 "
                     "-XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=2000 --sun-misc-unsafe-memory-access=allow "
                     "-XX:-TieredCompilation")
JVM_FLAGS = os.environ.get("PROXY_JVM_FLAGS", DEFAULT_JVM_FLAGS).split()
# seconds idle before the second memory reading (the JVM returns memory when idle)
IDLE_SECONDS = int(os.environ.get("IDLE_SECONDS", "15"))
# one event loop, as nginx runs one worker here: on 2 cores shared with wrk and the backend a
# second loop adds throughput only at the price of p99 latency
PROXY_ARGS = os.environ.get("GANYMEDE_PROXY_ARGS", "--event-loops 1").split()
# which steps to run, comma-separated: http, ws, memory, routes (default all); e.g. STEPS=http
STEPS = set(os.environ.get("STEPS", "http,ws,memory,routes").split(","))
# connection counts of the http step, e.g. HTTP_CONNS=64
HTTP_CONNS = [int(c) for c in os.environ.get("HTTP_CONNS", "1,64,256").split(",")]
# the proxy runs on its default transport (auto: io_uring where allowed, else epoll), and a second
# one on epoll (--transport epoll, its transport where io_uring is forbidden, e.g. Kubernetes'
# RuntimeDefault seccomp profile) as the contestant "ganymede-epoll"; EPOLL=0 leaves that one out
EPOLL = os.environ.get("EPOLL", "1") != "0"
# the jar to measure (default: this checkout's packaged jar)
JAR = os.environ.get("GANYMEDE_JAR", os.path.join(ROOT, "ganymede-app/target/ganymede.jar"))

procs = []
tmp = tempfile.mkdtemp(prefix="proxy-bench-")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"port {port} never opened")


def start(cmd, env=None, name="p"):
    log = open(os.path.join(tmp, name + ".log"), "w")
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
                         start_new_session=True)
    procs.append(p)
    return p


def startup_line(name, timeout=10):
    """The proxy's "Ganymede proxy on ..." line from its log (it ends with the transport in use)."""
    end = time.time() + timeout
    while time.time() < end:
        with open(os.path.join(tmp, name + ".log")) as log:
            line = next((l.strip() for l in log if "Ganymede proxy on" in l), None)
        if line:
            return line
        time.sleep(0.1)
    raise SystemExit(f"{name} never printed its startup line")


def rss_mib(pid):
    """Resident memory of pid and its children (nginx: master + worker)."""
    total = 0
    pids = [pid] + [int(c) for c in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                m = re.search(r"VmRSS:\s+(\d+) kB", f.read())
                total += int(m.group(1)) if m else 0
        except FileNotFoundError:
            pass
    return total / 1024


def nginx_conf(port, body):
    d = tempfile.mkdtemp(dir=tmp)
    conf = os.path.join(d, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1; pid {d}/nginx.pid; error_log {d}/error.log warn; daemon off;
events {{ worker_connections 20000; }}
http {{ access_log off; client_body_temp_path {d}; proxy_temp_path {d}; fastcgi_temp_path {d};
  uwsgi_temp_path {d}; scgi_temp_path {d};
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  {body} }}""")
    return d, conf


def wrk(port, conns, path="/"):
    out = subprocess.run(["wrk", "-t", "1" if conns == 1 else "2", "-c", str(conns), "-d", f"{SECONDS}s",
                          "--latency", f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return rps, float(p99.group(1)) * scale


def main():
    jar = JAR if os.path.exists(JAR) else None
    if not jar:
        raise SystemExit("package the jar first: mvn -q -o package -DskipTests")
    for tool in ("wrk", "nginx", "node"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} missing: sudo apt-get install -y wrk nginx nodejs npm")
    ports = {k: free_port() for k in ("backend", "ws", "nginx", "chp", "chp_api", "ganymede", "ganymede_api",
                                      "ganymede_epoll", "ganymede_epoll_api")}
    bd, bconf = nginx_conf(ports["backend"], f"server {{ listen 127.0.0.1:{ports['backend']}; location / {{ return 200 'hello'; }} }}")
    start(["nginx", "-p", bd, "-c", bconf], name="backend")
    start(["node", os.path.join(HERE, "echo-server.js"), str(ports["ws"])], env={"NPM_DIR": os.path.join(NPM_DIR, "node_modules")}, name="echo")
    nd, nconf = nginx_conf(ports["nginx"], f"""
  upstream backend {{ server 127.0.0.1:{ports['backend']}; keepalive 256; }}
  upstream wsback {{ server 127.0.0.1:{ports['ws']}; }}
  server {{ listen 127.0.0.1:{ports['nginx']};
    location /ws {{ proxy_pass http://wsback; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade; proxy_read_timeout 1h; }}
    location / {{ proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }} }}""")
    nginx = start(["nginx", "-p", nd, "-c", nconf], name="nginx")
    chp = start(["node", os.path.join(NPM_DIR, "node_modules/.bin/configurable-http-proxy"), "--ip", "127.0.0.1",
                 "--port", str(ports["chp"]), "--api-port", str(ports["chp_api"]),
                 "--default-target", f"http://127.0.0.1:{ports['backend']}", "--log-level", "warn"],
                env={"CONFIGPROXY_AUTH_TOKEN": TOKEN}, name="chp")
    ganymedes = {"ganymede": []} | ({"ganymede_epoll": ["--transport", "epoll"]} if EPOLL else {})
    gans = {}
    for name, extra in ganymedes.items():
        gans[name] = start([JAVA, *JVM_FLAGS, "-jar", jar, "proxy", *PROXY_ARGS, *extra, "--ip", "127.0.0.1",
                            "--port", str(ports[name]), "--api-port", str(ports[name + "_api"]),
                            "--default-target", f"http://127.0.0.1:{ports['backend']}"],
                           env={"CONFIGPROXY_AUTH_TOKEN": TOKEN, "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2")},
                           name=name)
    if not EPOLL:
        del ports["ganymede_epoll"], ports["ganymede_epoll_api"]
    for p in ports.values():
        wait_port(p)
    for name in ganymedes:  # the startup line names the transport in use
        print(startup_line(name), flush=True)
    # WebSocket routes to the echo server
    for api in ("chp_api", *(g + "_api" for g in ganymedes)):
        req = urllib.request.Request(f"http://127.0.0.1:{ports[api]}/api/routes/ws", method="POST",
                                     data=json.dumps({"target": f"http://127.0.0.1:{ports['ws']}"}).encode(),
                                     headers={"Authorization": f"token {TOKEN}"})
        urllib.request.urlopen(req).read()
    label = {"ganymede": "ganymede", "ganymede_epoll": "ganymede-epoll"}
    targets = {"direct": ports["backend"], "nginx": ports["nginx"], "chp": ports["chp"]} | {label[g]: ports[g] for g in ganymedes}
    ws_targets = {"direct": ports["ws"], "nginx": ports["nginx"], "chp": ports["chp"]} | {label[g]: ports[g] for g in ganymedes}
    pids = {"nginx": nginx.pid, "chp": chp.pid} | {label[g]: gans[g].pid for g in ganymedes}
    results = {}
    # warm-up (the JVM's JIT compiler needs traffic before it is fast)
    for name, port in targets.items():
        subprocess.run(["wrk", "-t", "2", "-c", "64", "-d", f"{WARMUP}s", f"http://127.0.0.1:{port}/"],
                       capture_output=True)
    for conns in HTTP_CONNS if "http" in STEPS else ():
        runs = {n: [] for n in targets}
        for _ in range(ROUNDS):
            for name, port in targets.items():
                runs[name].append(wrk(port, conns))
        for name, r in runs.items():
            results[f"http c={conns} {name}"] = (statistics.median(x[0] for x in r), statistics.median(x[1] for x in r))
            print(f"http c={conns:<3} {name:<14} rps={results[f'http c={conns} {name}'][0]:>9.0f}  p99={results[f'http c={conns} {name}'][1]:.2f} ms", flush=True)
    ws_runs = {n: [] for n in ws_targets}
    for _ in range(ROUNDS if "ws" in STEPS else 0):
        for name, port in ws_targets.items():
            out = subprocess.run([JAVA, os.path.join(HERE, "WsBench.java"), "echo", f"ws://127.0.0.1:{port}/ws", "64", str(SECONDS)],
                                 capture_output=True, text=True).stdout.split()
            ws_runs[name].append(tuple(map(float, out)))
    for name, r in ws_runs.items():
        if not r:
            continue
        m = (statistics.median(x[0] for x in r), statistics.median(x[1] for x in r), statistics.median(x[2] for x in r))
        results[f"ws {name}"] = m
        print(f"ws echo c=64 {name:<14} msgs/s={m[0]:>9.0f}  p50={m[1]:.2f} ms  p99={m[2]:.2f} ms", flush=True)
    for name, pid in pids.items():
        results[f"rss after load {name}"] = rss_mib(pid)
        print(f"rss after load {name:<14} {results[f'rss after load {name}']:.0f} MiB", flush=True)
    if "memory" in STEPS:
        time.sleep(IDLE_SECONDS)
        for name, pid in pids.items():
            results[f"rss after load and {IDLE_SECONDS} s idle {name}"] = rss_mib(pid)
            print(f"rss after load and {IDLE_SECONDS} s idle {name:<14} {rss_mib(pid):.0f} MiB", flush=True)
    for name in ("nginx", "chp", *(label[g] for g in ganymedes)) if "memory" in STEPS else ():
        hold = os.path.join(tmp, f"hold-{name}")
        open(hold, "w").close()
        idle = subprocess.Popen([JAVA, "-Xss256k", os.path.join(HERE, "WsBench.java"), "idle", f"ws://127.0.0.1:{ws_targets[name]}/ws",
                                 str(IDLE_WS), hold], stdout=subprocess.PIPE, text=True)
        line = idle.stdout.readline().strip()
        time.sleep(2)
        results[f"rss idle ws {name}"] = rss_mib(pids[name])
        print(f"rss with {line} idle websockets {name:<14} {results[f'rss idle ws {name}']:.0f} MiB", flush=True)
        time.sleep(IDLE_SECONDS)
        results[f"rss idle ws {name} after {IDLE_SECONDS} s"] = rss_mib(pids[name])
        print(f"rss with {line} idle websockets {name:<14} {results[f'rss idle ws {name} after {IDLE_SECONDS} s']:.0f} MiB after {IDLE_SECONDS} s", flush=True)
        os.remove(hold)
        idle.wait(60)
    for name, api, port in (("chp", "chp_api", "chp"), *((label[g], g + "_api", g) for g in ganymedes)) if "routes" in STEPS else ():
        one = statistics.median(wrk(ports[port], 64, "/x")[0] for _ in range(ROUNDS))
        out = subprocess.run([JAVA, os.path.join(HERE, "WsBench.java"), "routes", f"http://127.0.0.1:{ports[api]}", TOKEN, str(ROUTES),
                              f"http://127.0.0.1:{ports['backend']}"], capture_output=True, text=True).stdout.strip()
        results[f"routes add {name}"] = float(out)
        many = statistics.median(wrk(ports[port], 64, f"/r/{ROUTES // 2}/x")[0] for _ in range(ROUNDS))
        results[f"routes rps {name}"] = (one, many)
        print(f"{ROUTES} routes {name:<14} added in {float(out):.2f} s; rps before (default route only) {one:.0f}, with {ROUTES} routes {many:.0f}", flush=True)
    with open(os.path.join(tmp, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print("results:", os.path.join(tmp, "results.json"))


try:
    main()
finally:
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
