"""Serving benchmark: `canvas serve`, the production command, against nginx sending the same
bytes from a file, on this machine, at the same time.

Why: the site is read-only and every page is a pure function of the database file, so the
floor for serving a page is a static file server; what we need to know is how far the
Python stack is from that floor, both when each request renders from SQLite and on the
production path (pages reused until the database file changes), what a page costs per claim
it shows, and how much memory a worker holds. Absolute requests/s say little on a shared
2-core machine; the ratio to nginx measured in alternation (A B A B) on the same machine,
with the same client, stays comparable between runs and machines.

1. `canvas load seeds --db X` into a temp dir (the real CLI).
2. Render cost: a synthetic post with about 2,000 claims for one company and year
   (bench/serve_corpus.py) is loaded, then in this process `create_app(db, render_cache=False)`
   plus one GET of its canvas is timed (median after warm-up) and divided by the claims.
3. For each mode, (a) `CANVAS_RENDER_CACHE=false`: every request renders from SQLite,
   (b) the defaults: pages reused until the database changes, (c) the defaults asked with
   If-None-Match (each server its own ETag, so both answer an empty 304) and (e) the embed
   page, (f) the production front: deploy/nginx-canvas.conf (2 nginx workers, its
   proxy_cache) in front of the defaults. `canvas serve --db X --host 127.0.0.1 --port P`
   (2 workers) is started, the page fetched once (compressed with `--accept-encoding
   gzip`) and written as a static file that an nginx (own temp config and prefix, no
   daemon, 127.0.0.1 only, 2 workers) serves, byte for byte the same body.
4. wrk on loopback (`--latency`, 2 threads, `-d 10s` by default) at 16 and 64 connections:
   canvas, nginx, canvas, nginx after a short warm-up of each; requests/s, p50, p99 and
   errors (non-2xx responses and socket errors, timeouts included) per run, the load
   average and the CPU that other processes used meanwhile (other sessions share the box).
5. RSS of each uvicorn worker (from /proc) after a mode's runs.
6. A markdown table on stdout with PASS/FAIL per target; JSON to bench/out/serve.json.
   Exit status 1 when a target fails, 2 when the run itself could not be made.

Every server is started in its own process group and stopped at the end, on errors and on
SIGTERM/SIGINT too; the temp dir goes with it. Installs nothing: needs the Debian packages
`wrk` and `nginx` (`apt-get install -y wrk nginx`).

    .venv/bin/python bench/serve.py                       # the full run, about 4 minutes
    .venv/bin/python bench/serve.py --duration 2 --rounds 1   # smoke run
    .venv/bin/python bench/serve.py --profile 30 --modes      # cProfile of the render path only
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import datetime as dt
import http.client
import io
import json
import os
import platform
import pstats
import pwd
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from revision import git_revision
from serve_corpus import SLUG as SYNTH_SLUG
from serve_corpus import YEAR as SYNTH_YEAR
from serve_corpus import write_post

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "serve.json"
PAGE = "/c/cigna/2023"
EMBED_PAGE = "/embed/cigna/2023"
PAGE_SLUG, PAGE_YEAR = "cigna", 2023


@dataclass(frozen=True, slots=True)
class Mode:
    description: str
    env: dict[str, str]  # CANVAS_* settings of this mode's `canvas serve`
    path: str
    conditional: bool  # wrk sends If-None-Match with the server's own ETag: 304s
    share: float  # requests/s target as a share of nginx's, same run
    p99_ratio: float | None  # p99 target at TARGET_P99_CONNECTIONS, as a multiple of nginx's
    front: bool = False  # measured through deploy/nginx-canvas.conf in front of canvas serve
    floor: bool = True  # also measure the stock-uvicorn floor sending the same answer


TARGET_CACHED_SHARE = 0.60  # (b, e) a cached page: requests/s >= 60% of nginx's
TARGET_304_SHARE = 0.50  # (c) 304s: requests/s >= 50% of nginx's 304s
TARGET_RENDER_SHARE = 0.025  # (a) every request rendered: >= 2.5% of nginx's
TARGET_FRONT_SHARE = 0.80  # (f) nginx in front, from its cache: >= 80% of nginx's file
TARGET_P99_RATIO = 1.5  # p99 at 64 connections <= 1.5 x nginx's p99, same run
TARGET_P99_CONNECTIONS = 64
TARGET_US_PER_CLAIM = 20.0  # create_app + GET of a 2,000-claim canvas in 40 ms
TARGET_WORKER_RSS_MB = 100.0
MODES = {
    "a": Mode(
        "rendered from SQLite every request",
        {"CANVAS_RENDER_CACHE": "false"},
        PAGE,
        False,
        TARGET_RENDER_SHARE,
        None,
        floor=False,  # (b)'s floor sends the same bytes
    ),
    "b": Mode("production defaults", {}, PAGE, False, TARGET_CACHED_SHARE, TARGET_P99_RATIO),
    "c": Mode("production, If-None-Match: 304", {}, PAGE, True, TARGET_304_SHARE, TARGET_P99_RATIO),
    "e": Mode(
        "production, the embed page", {}, EMBED_PAGE, False, TARGET_CACHED_SHARE, TARGET_P99_RATIO
    ),
    "f": Mode(
        "nginx in front (deploy/nginx-canvas.conf), its cache",
        {},
        PAGE,
        False,
        TARGET_FRONT_SHARE,
        TARGET_P99_RATIO,
        front=True,
        floor=False,
    ),
}

#: The in-process render measures ask for identity: they time rendering, not compression.
IDENTITY = {"Accept-Encoding": "identity"}
BASE = "http://127.0.0.1/"  # the in-process client's base URL: a loopback Host, or 421

#: wrk prints its summary as JSON through this hook (done() runs once, after the run, so it
#: adds nothing per request); `--latency` still prints the usual distribution above it.
WRK_SCRIPT = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK-JSON {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, \"connect\": %d, " ..
    "\"read\": %d, \"write\": %d, \"status\": %d, \"timeout\": %d, \"p50_us\": %d, " ..
    "\"p90_us\": %d, \"p99_us\": %d, \"max_us\": %d}\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
"""

#: The canvas server's own headers, so nginx sends about as many bytes per response.
COPIED_HEADERS = (
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "vary",
    "content-encoding",  # with --accept-encoding gzip: nginx sends the same gzip bytes
)


# -- processes ----------------------------------------------------------------------------


class Servers:
    """The servers this run started, each in its own process group, so that stopping one
    reaches its workers too (by that group's id, never by name)."""

    def __init__(self) -> None:
        self.running: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> Server:
        with log.open("wb") as out:
            proc = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append((name, proc))
        return Server(name, proc, log)

    def stop(self, server: Server, grace: float = 10.0) -> None:
        proc = server.proc
        _signal_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            _signal_group(proc.pid, signal.SIGKILL)
            proc.wait()
        deadline = time.monotonic() + grace
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)  # workers finishing their own shutdown
        if _group_alive(proc.pid):
            _signal_group(proc.pid, signal.SIGKILL)
        self.running = [(n, p) for n, p in self.running if p is not proc]

    def stop_all(self) -> None:
        for name, proc in list(self.running):
            self.stop(Server(name, proc, Path()))


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.is_file() else ""
            raise BenchError(f"{self.name} exited with {self.proc.returncode}:\n{tail}")


class BenchError(Exception):
    """The run could not be made (a tool missing, a server that would not start)."""


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        parent = stack.pop()
        with contextlib.suppress(OSError, ValueError):
            for task in Path(f"/proc/{parent}/task").iterdir():
                children = [int(c) for c in (task / "children").read_text().split()]
                found.extend(children)
                stack.extend(children)
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pss_mb(pid: int) -> float | None:
    """Proportional set size: shared pages split between the processes sharing them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_ticks(pids: list[int]) -> int:
    """utime + stime of these processes (clock ticks), those still alive."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total


def machine_busy_ticks() -> int:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values[:8]) - idle


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_ready(server: Server, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        server.check_alive()
        with contextlib.suppress(OSError, http.client.HTTPException):
            if http_get(server.port, path, timeout=5)[0] == 200:
                return
        if time.monotonic() > deadline:
            raise BenchError(f"{server.name} not answering {path} after {timeout:.0f} s")
        time.sleep(0.1)


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")
    if found is None:
        raise BenchError(
            f"`{name}` not found; install the Debian packages: apt-get install wrk nginx"
        )
    return found


def canvas_command() -> list[str]:
    script = Path(sys.executable).with_name("canvas")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def production_env(extra: dict[str, str]) -> dict[str, str]:
    """The caller's environment without CANVAS_* settings, so the defaults apply."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CANVAS_")}
    return {**env, **extra}


def canvas_load(paths: list[Path], db: Path) -> None:
    result = subprocess.run(
        [*canvas_command(), "load", *map(str, paths), "--db", str(db), "--quiet"],
        cwd=ROOT,
        env=production_env({}),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise BenchError(f"canvas load exited {result.returncode}: {result.stderr[-2000:]}")


# -- the servers --------------------------------------------------------------------------


def start_canvas(
    servers: Servers, db: Path, mode: str, tmp: Path, base_url: str | None = None
) -> Server:
    port = free_port()
    argv = [*canvas_command(), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    env = {**MODES[mode].env, **({"CANVAS_BASE_URL": base_url} if base_url else {})}
    server = servers.start(
        f"canvas serve ({mode})", argv, production_env(env), tmp / f"canvas-{mode}.log"
    )
    server.port = port
    wait_ready(server, "/healthz")
    deadline = time.monotonic() + 30
    while len(workers(server)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # the first worker answers before the second has imported the app
    return server


def workers(server: Server) -> list[int]:
    """uvicorn's worker processes (spawned by multiprocessing) under the `canvas` process."""
    found = []
    for pid in descendants(server.proc.pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


def nginx_config(prefix: Path, port: int, headers: dict[str, str]) -> Path:
    user = ""
    if os.geteuid() == 0:  # workers would drop to `nobody`, who cannot enter a 0700 temp dir
        user = f"user {pwd.getpwuid(0).pw_name};"
    add = "\n".join(
        f'      add_header {name} "{headers[name]}";' for name in COPIED_HEADERS if name in headers
    )
    for sub in ("logs", "tmp", "www"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""# bench/serve.py: a static copy of {PAGE}, loopback only.
{user}
worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;  # uvicorn has no per-connection request limit either
  client_body_temp_path {prefix}/tmp/body;
  proxy_temp_path {prefix}/tmp/proxy;
  fastcgi_temp_path {prefix}/tmp/fastcgi;
  uwsgi_temp_path {prefix}/tmp/uwsgi;
  scgi_temp_path {prefix}/tmp/scgi;
  types {{ }}
  default_type "text/html; charset=utf-8";
  server {{
    listen 127.0.0.1:{port};
    root {prefix}/www;
    location / {{
{add}
    }}
  }}
}}
"""
    )
    return conf


def start_nginx(servers: Servers, prefix: Path, body: bytes, headers: dict[str, str]) -> Server:
    page = prefix / "www" / PAGE.lstrip("/")
    port = free_port()
    conf = nginx_config(prefix, port, headers)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_bytes(body)
    argv = [
        tool("nginx"),
        "-p",
        str(prefix),
        "-c",
        str(conf),
        "-e",
        str(prefix / "logs" / "error.log"),
    ]
    server = servers.start("nginx", argv, dict(os.environ), prefix / "logs" / "stdout.log")
    server.port = port
    wait_ready(server, PAGE)
    return server


#: The floor for any app under stock uvicorn: a bare ASGI app that sends a fixed status,
#: headers and body (the canvas server's own, captured once), nothing else.
FLOOR_APP = """
import json, os
with open(os.environ["FLOOR_ANSWER"], encoding="utf-8") as f:
    ANSWER = json.load(f)
STATUS = ANSWER["status"]
HEADERS = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in ANSWER["headers"]]
with open(os.environ["FLOOR_BODY"], "rb") as f:
    BODY = f.read()
START = {"type": "http.response.start", "status": STATUS, "headers": HEADERS}
END = {"type": "http.response.body", "body": BODY}

async def app(scope, receive, send):
    if scope["type"] == "http":
        await send(START)
        await send(END)
"""


def start_floor(
    servers: Servers, prefix: Path, status: int, headers: dict[str, str], body: bytes
) -> Server:
    """`uvicorn --workers 2` (the same uvicorn, event loop and parser as `canvas serve`)
    serving FLOOR_APP with the canvas server's exact answer: how far stock uvicorn itself
    is from nginx on this machine."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "floor_app.py").write_text(FLOOR_APP)
    (prefix / "body").write_bytes(body)
    kept = [(n, v) for n, v in headers.items() if n not in ("date", "server")]
    (prefix / "answer.json").write_text(json.dumps({"status": status, "headers": kept}))
    port = free_port()
    argv = [
        sys.executable, "-m", "uvicorn", "floor_app:app", "--app-dir", str(prefix),
        "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
        "--log-level", "warning", "--no-access-log", "--no-server-header",
    ]  # fmt: skip
    env = {
        **os.environ,
        "FLOOR_ANSWER": str(prefix / "answer.json"),
        "FLOOR_BODY": str(prefix / "body"),
    }
    server = servers.start("uvicorn floor", argv, env, prefix / "floor.log")
    server.port = port
    deadline = time.monotonic() + 30
    while True:
        try:
            http_get(port, "/", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise BenchError("the uvicorn floor did not start") from None
            time.sleep(0.2)
    while len(workers(server)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    return server


DEPLOY_CONF = ROOT / "deploy" / "nginx-canvas.conf"


def start_front(servers: Servers, prefix: Path, port: int, site_port: int) -> Server:
    """deploy/nginx-canvas.conf as shipped, in front of `canvas serve`: only its addresses
    and cache folder changed (as tests/test_deploy_nginx.py runs it), 2 workers."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{site_port};"),
        ("/var/cache/nginx/canvas", str(prefix / "cache")),
    ):
        if old not in text:
            raise BenchError(f"{DEPLOY_CONF}: no `{old}` to point at this run's addresses")
        text = text.replace(old, new)
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    (prefix / "canvas.conf").write_text(text, encoding="utf-8")
    user = f"user {pwd.getpwuid(0).pw_name};" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {kind}_temp_path {prefix}/tmp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""{user}
worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
{temp}
  include {prefix}/canvas.conf;
}}
"""
    )
    argv = [tool("nginx"), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    server = servers.start("nginx front", argv, dict(os.environ), prefix / "stdout.log")
    server.port = port
    wait_ready(server, "/healthz")
    return server


def fetch_page(
    server: Server, accept_encoding: str, path: str = PAGE, etag: str | None = None
) -> tuple[int, bytes, dict[str, str]]:
    """The page's status, bytes as sent (still compressed, if the server compressed them)
    and headers; with `etag`, asked conditionally (a 304 is expected)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    headers = {"Accept-Encoding": accept_encoding}
    if etag:
        headers["If-None-Match"] = etag
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != (304 if etag else 200):
            raise BenchError(f"{server.name}: GET {path} answered {response.status}")
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


# -- wrk --------------------------------------------------------------------------------------


@dataclass
class WrkRun:
    mode: str
    server: str  # "canvas" | "nginx" | "floor"
    connections: int
    round: int
    requests: int
    seconds: float
    bytes_per_response: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    load1_before: float
    server_cores: float  # CPU the measured server used, in cores
    client_cores: float  # CPU wrk used
    other_cores: float  # CPU every other process on the machine used meanwhile

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def run_wrk(
    args: argparse.Namespace,
    script: Path,
    server: Server,
    mode: str,
    kind: str,
    connections: int,
    round_: int,
    duration: float,
    path: str = PAGE,
    etag: str | None = None,
) -> WrkRun:
    server.check_alive()
    conditional = [] if etag is None else ["-H", f"If-None-Match: {etag}"]
    argv = [
        tool("wrk"),
        f"-t{min(args.threads, connections)}",
        f"-c{connections}",
        f"-d{duration:g}s",
        f"--timeout={args.wrk_timeout:g}s",
        "--latency",
        "-H",
        f"Accept-Encoding: {args.accept_encoding}",
        *conditional,
        "-s",
        str(script),
        f"http://127.0.0.1:{server.port}{path}",
    ]
    pids = [server.proc.pid, *descendants(server.proc.pid)]
    hz = os.sysconf("SC_CLK_TCK")
    load1 = os.getloadavg()[0]
    busy0, srv0 = machine_busy_ticks(), cpu_ticks(pids)
    kids0, self0 = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(0)
    started = time.monotonic()
    result = subprocess.run(
        argv, capture_output=True, text=True, timeout=duration + 120, check=False
    )
    elapsed = time.monotonic() - started
    busy1, srv1 = machine_busy_ticks(), cpu_ticks(pids)
    kids1, self1 = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(0)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("WRK-JSON ")), None)
    if result.returncode != 0 or line is None:
        raise BenchError(f"wrk exited {result.returncode}: {result.stderr or result.stdout}")
    data = json.loads(line.removeprefix("WRK-JSON "))
    server_s = (srv1 - srv0) / hz
    client_s = _cpu_s(kids1) - _cpu_s(kids0)
    self_s = _cpu_s(self1) - _cpu_s(self0)
    other_s = max(0.0, (busy1 - busy0) / hz - server_s - client_s - self_s)
    requests = data["requests"]
    return WrkRun(
        mode=mode,
        server=kind,
        connections=connections,
        round=round_,
        requests=requests,
        seconds=data["duration_us"] / 1e6,
        bytes_per_response=data["bytes"] / requests if requests else 0.0,
        p50_ms=data["p50_us"] / 1e3,
        p90_ms=data["p90_us"] / 1e3,
        p99_ms=data["p99_us"] / 1e3,
        max_ms=data["max_us"] / 1e3,
        errors={k: data[k] for k in ("status", "connect", "read", "write", "timeout")},
        load1_before=load1,
        server_cores=server_s / elapsed,
        client_cores=client_s / elapsed,
        other_cores=other_s / elapsed,
    )


def _cpu_s(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


# -- render cost, in process --------------------------------------------------------------


@dataclass
class RenderCost:
    page: str
    claims: int
    body_bytes: int
    fresh_ms: list[float]  # create_app(db, render_cache=False) + GET
    warm_ms: list[float]  # GET on an app that has already rendered once
    phases_ms: dict[str, float] = field(default_factory=dict)  # medians on the warm app

    @property
    def fresh_median_ms(self) -> float:
        return statistics.median(self.fresh_ms)

    @property
    def warm_median_ms(self) -> float:
        return statistics.median(self.warm_ms)

    @property
    def us_per_claim(self) -> float:
        return self.fresh_median_ms * 1e3 / self.claims


def snapshot_claims(db: Path, slug: str, year: int) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM claims c JOIN blocks b ON b.id = c.block_id"
                " JOIN companies co ON co.id = b.company_id WHERE co.slug = ? AND b.year = ?",
                (slug, year),
            ).fetchone()[0]
        )


def render_cost(db: Path, slug: str, year: int, repeat: int, warmup: int) -> RenderCost:
    import httpx

    from app.db import queries
    from app.views.canvas import canvas_page
    from app.web import create_app

    path = f"/c/{slug}/{year}"
    current: dict[str, object] = {}

    async def dispatch(scope, receive, send):  # type: ignore[no-untyped-def]
        await current["app"](scope, receive, send)  # type: ignore[operator]

    async def measure() -> RenderCost:
        transport = httpx.ASGITransport(app=dispatch)
        async with httpx.AsyncClient(
            transport=transport, base_url=BASE, headers=IDENTITY
        ) as client:
            fresh, warm = [], []
            body = b""
            for i in range(warmup + repeat):
                started = time.perf_counter()
                current["app"] = create_app(db, render_cache=False)
                response = await client.get(path)
                took = time.perf_counter() - started
                if response.status_code != 200:
                    raise BenchError(f"GET {path} answered {response.status_code}")
                body = response.content
                if i >= warmup:
                    fresh.append(took * 1e3)
            app = create_app(db, render_cache=False)
            current["app"] = app
            await client.get(path)
            for _ in range(repeat):
                started = time.perf_counter()
                await client.get(path)
                warm.append((time.perf_counter() - started) * 1e3)
        cost = RenderCost(path, snapshot_claims(db, slug, year), len(body), fresh, warm)
        cost.phases_ms = _phases(app, queries, canvas_page, slug, year, repeat)
        return cost

    return asyncio.run(measure())


def _phases(app, queries, canvas_page, slug, year, repeat) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Where a warm render goes: the query, the page model, the template."""
    from app.views.i18n import choose
    from app.views.sharing import share, statements_lang

    conn = app.state.database.connection()
    renderer = app.state.templates
    company = queries.company(conn, slug)
    timings: dict[str, list[float]] = {
        "canvas_blocks (SQL)": [],
        "canvas_page (SQL + model)": [],
        "template": [],
    }
    for _ in range(repeat):
        t0 = time.perf_counter()
        queries.canvas_blocks(conn, company.id, year)
        t1 = time.perf_counter()
        page = canvas_page(conn, company, year)
        t2 = time.perf_counter()
        ui = choose(None, statements_lang(page, None))
        renderer.render(
            "canvas.html", ui, switch=[], page=page, fragment=False, share=share(BASE, page, ui)
        )
        t3 = time.perf_counter()
        timings["canvas_blocks (SQL)"].append((t1 - t0) * 1e3)
        timings["canvas_page (SQL + model)"].append((t2 - t1) * 1e3)
        timings["template"].append((t3 - t2) * 1e3)
    return {name: statistics.median(values) for name, values in timings.items()}


def profile_render(db: Path, slug: str, year: int, count: int, out: Path) -> str:
    """cProfile of `count` warm GETs that render from SQLite (app and client in this thread,
    so the profile sees the app, not a thread waiting for it); the top functions as text."""
    import httpx

    from app.web import create_app

    path = f"/c/{slug}/{year}"
    profiler = cProfile.Profile()

    async def measure() -> None:
        transport = httpx.ASGITransport(app=create_app(db, render_cache=False))
        async with httpx.AsyncClient(
            transport=transport, base_url=BASE, headers=IDENTITY
        ) as client:
            await client.get(path)
            profiler.enable()
            for _ in range(count):
                await client.get(path)
            profiler.disable()

    asyncio.run(measure())
    profiler.dump_stats(out)
    text = []
    for order in ("tottime", "cumulative"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order).print_stats(25)
        text += [f"== {count} GETs of {path}, by {order} ==", stream.getvalue()]
    return "\n".join(text)


# -- one mode ---------------------------------------------------------------------------------


@dataclass
class ModeResult:
    mode: str
    runs: list[WrkRun]
    worker_rss_mb: list[float]
    worker_pss_mb: list[float | None]
    master_rss_mb: float
    same_bytes: bool


def bench_mode(
    args: argparse.Namespace,
    servers: Servers,
    db: Path,
    tmp: Path,
    mode: str,
    script: Path,
    nginx: dict[str, Server],
) -> ModeResult:
    spec = MODES[mode]
    front_port = free_port() if spec.front else 0
    public = f"http://127.0.0.1:{front_port}" if spec.front else None  # as deployed
    site = canvas = start_canvas(servers, db, mode, tmp, public)
    if spec.front:
        canvas = start_front(servers, tmp / "front", front_port, site.port)
        fetch_page(canvas, args.accept_encoding, spec.path)  # the first fills nginx's cache
    _, body, headers = fetch_page(canvas, args.accept_encoding, spec.path)
    if "nginx" not in nginx:
        nginx["nginx"] = start_nginx(servers, tmp / "nginx", body, headers)
    static_file = tmp / "nginx" / "www" / spec.path.lstrip("/")
    if not static_file.exists() or static_file.read_bytes() != body:
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes(body)  # this mode's bytes: (a) gzips at another level
    _, served, nginx_headers = fetch_page(nginx["nginx"], args.accept_encoding, spec.path)
    same = body == served
    tags: dict[str, str | None] = {"canvas": None, "nginx": None, "floor": None}
    floor_answer = (200, headers, body)
    if spec.conditional:  # each server's own ETag; both must then answer 304, empty
        tags = {"canvas": headers["etag"], "nginx": nginx_headers["etag"], "floor": None}
        status, empty, not_modified = fetch_page(
            canvas, args.accept_encoding, spec.path, headers["etag"]
        )
        floor_answer = (status, not_modified, empty)
        answers = [
            fetch_page(server, args.accept_encoding, spec.path, tags[kind])
            for kind, server in (("canvas", canvas), ("nginx", nginx["nginx"]))
        ]
        same = same and all(status == 304 and not text for status, text, _ in answers)
    _note(
        f"({mode}) {spec.description}: {spec.path} is {len(body):,} bytes; same as nginx's: {same}"
    )
    runs: list[WrkRun] = []
    servers_by_kind = {"canvas": canvas, "nginx": nginx["nginx"]}
    kinds: tuple[str, ...] = ("canvas", "nginx")
    if spec.floor and args.floor:
        servers_by_kind["floor"] = start_floor(servers, tmp / f"floor-{mode}", *floor_answer)
        kinds = ("canvas", "nginx", "floor")
    for connections in args.connections:
        for kind in kinds:  # warm-up, not recorded
            run_wrk(
                args, script, servers_by_kind[kind], mode, kind, connections, 0, args.warmup,
                spec.path, tags[kind],
            )  # fmt: skip
        for round_ in range(1, args.rounds + 1):
            for kind in kinds:
                run = run_wrk(
                    args, script, servers_by_kind[kind], mode, kind, connections, round_,
                    args.duration, spec.path, tags[kind],
                )  # fmt: skip
                runs.append(run)
                _note(
                    f"({mode}) c={connections} #{round_} {kind:6}: {run.rps:9,.0f} req/s"
                    f"  p50 {run.p50_ms:7.2f} ms  p99 {run.p99_ms:7.2f} ms"
                    f"  errors {run.error_count}  load {run.load1_before:.2f}"
                    f"  other {run.other_cores:.2f} cores"
                )
    pids = workers(site)
    result = ModeResult(
        mode=mode,
        runs=runs,
        worker_rss_mb=[rss_mb(pid) for pid in pids],
        worker_pss_mb=[pss_mb(pid) for pid in pids],
        master_rss_mb=rss_mb(site.proc.pid),
        same_bytes=same,
    )
    for server in {id(canvas): canvas, id(site): site}.values():
        server.check_alive()
        servers.stop(server)
    if "floor" in servers_by_kind:
        servers.stop(servers_by_kind["floor"])
    return result


# -- verdicts and report ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    target: str
    value: str
    passed: bool | None
    reference: bool = False  # a figure to read the targets by, not a target

    @property
    def mark(self) -> str:
        if self.reference:
            return "(reference)"
        return {True: "PASS", False: "FAIL", None: "n/a"}[self.passed]


@dataclass(frozen=True, slots=True)
class Summary:
    mode: str
    connections: int
    server: str
    rps: float  # mean over the rounds
    rps_rounds: tuple[float, ...]
    p50_ms: float  # worst round
    p99_ms: float  # worst round
    errors: int
    share: float  # of nginx's mean requests/s, same mode and connections
    load1: float
    other_cores: float  # mean over the rounds


def summaries(results: list[ModeResult]) -> list[Summary]:
    found = []
    for result in results:
        for connections in sorted({r.connections for r in result.runs}):
            nginx = [r for r in result.runs if r.connections == connections and r.server == "nginx"]
            nginx_rps = statistics.mean(r.rps for r in nginx)
            for kind in ("canvas", "nginx", "floor"):
                runs = [r for r in result.runs if r.connections == connections and r.server == kind]
                if not runs:
                    continue
                rps = statistics.mean(r.rps for r in runs)
                found.append(
                    Summary(
                        mode=result.mode,
                        connections=connections,
                        server=kind,
                        rps=rps,
                        rps_rounds=tuple(r.rps for r in runs),
                        p50_ms=max(r.p50_ms for r in runs),
                        p99_ms=max(r.p99_ms for r in runs),
                        errors=sum(r.error_count for r in runs),
                        share=rps / nginx_rps,
                        load1=max(r.load1_before for r in runs),
                        other_cores=statistics.mean(r.other_cores for r in runs),
                    )
                )
    return found


def verdicts(
    rows: list[Summary], results: list[ModeResult], render: RenderCost | None
) -> list[Verdict]:
    found = []
    canvas = {(s.mode, s.connections): s for s in rows if s.server == "canvas"}
    for (mode, connections), s in sorted(canvas.items()):
        share = MODES[mode].share
        found.append(
            Verdict(
                f"({mode}) c={connections}: requests/s >= {share:.1%} of nginx",
                f"{s.share:.2%} ({s.rps:,.0f} vs {s.rps / s.share:,.0f})",
                s.share >= share,
            )
        )
    nginx = {(s.mode, s.connections): s for s in rows if s.server == "nginx"}
    for mode in sorted({m for m, _ in canvas}):
        ratio = MODES[mode].p99_ratio
        at = canvas.get((mode, TARGET_P99_CONNECTIONS))
        reference = nginx.get((mode, TARGET_P99_CONNECTIONS))
        if ratio is None or at is None or reference is None:
            continue
        found.append(
            Verdict(
                f"({mode}) c={TARGET_P99_CONNECTIONS}: p99 <= {ratio:g} x nginx's",
                f"{at.p99_ms:.2f} ms vs {reference.p99_ms:.2f} ms"
                f" ({at.p99_ms / reference.p99_ms:.2f} x)",
                at.p99_ms <= ratio * reference.p99_ms,
            )
        )
    floor = {(s.mode, s.connections): s for s in rows if s.server == "floor"}
    for (mode, connections), f in sorted(floor.items()):
        c = canvas[(mode, connections)]
        found.append(
            Verdict(
                f"({mode}) c={connections}: stock uvicorn's floor, and canvas serve against it",
                f"floor {f.share:.1%} of nginx; canvas {c.rps / f.rps:.1%} of the floor",
                None,
                reference=True,
            )
        )
    production = [s for (mode, _), s in canvas.items() if mode != "a"]
    found.append(
        Verdict(
            "(b, c, e, f) no errors (non-2xx, socket errors, timeouts)",
            f"{sum(s.errors for s in production)} errors" if production else "not run",
            all(s.errors == 0 for s in production) if production else None,
        )
    )
    found.append(
        Verdict(
            f"render cost <= {TARGET_US_PER_CLAIM:g} µs per claim (create_app + GET, median)",
            f"{render.us_per_claim:.1f} µs ({render.fresh_median_ms:.1f} ms / {render.claims:,}"
            " claims)"
            if render
            else "not run",
            render.us_per_claim <= TARGET_US_PER_CLAIM if render else None,
        )
    )
    rss = [(r.mode, mb) for r in results for mb in r.worker_rss_mb]
    found.append(
        Verdict(
            f"RSS of each uvicorn worker <= {TARGET_WORKER_RSS_MB:g} MB",
            ", ".join(f"({m}) {mb:.0f}" for m, mb in rss) + " MB" if rss else "not run",
            (all(mb <= TARGET_WORKER_RSS_MB for _, mb in rss) and len(rss) >= 2) if rss else None,
        )
    )
    if results:
        found.append(
            Verdict(
                "nginx serves the canvas server's exact bytes",
                ", ".join(f"({r.mode}) {'same' if r.same_bytes else 'DIFFERENT'}" for r in results),
                all(r.same_bytes for r in results),
            )
        )
    return found


def markdown(
    rows: list[Summary], render: list[RenderCost], found: list[Verdict], args: argparse.Namespace
) -> str:
    out = []
    if rows:
        out += [
            f"wrk -t{args.threads} -d{args.duration:g}s --latency, GET {PAGE}"
            f" (Accept-Encoding: {args.accept_encoding}); {args.rounds}"
            " rounds each, alternating canvas/nginx; p50/p99: worst round; load: 1-min average"
            " before the run; other: cores used by other processes during it",
            "",
            "| mode | conns | server | req/s (mean; rounds) | p50 ms | p99 ms | errors"
            " | vs nginx | load | other |",
            "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for s in rows:
            rounds = " / ".join(f"{v:,.0f}" for v in s.rps_rounds)
            out.append(
                f"| ({s.mode}) {MODES[s.mode].description} | {s.connections} | {s.server}"
                f" | {s.rps:,.0f} ({rounds}) | {s.p50_ms:.2f} | {s.p99_ms:.2f} | {s.errors}"
                f" | {s.share:.2%} | {s.load1:.2f} | {s.other_cores:.2f} |"
            )
        out.append("")
    if render:
        out += [
            "| render (in process, render_cache=False) | claims | bytes | create_app + GET ms"
            " | µs/claim | warm GET ms | warm: SQL / SQL+model / template ms |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in render:
            phases = " / ".join(f"{v:.1f}" for v in r.phases_ms.values())
            out.append(
                f"| {r.page} | {r.claims:,} | {r.body_bytes:,} | {r.fresh_median_ms:.1f}"
                f" | {r.us_per_claim:.1f} | {r.warm_median_ms:.1f} | {phases} |"
            )
        out.append("")
    out += ["| target | value | result |", "|---|---|---|"]
    out += [f"| {v.target} | {v.value} | {v.mark} |" for v in found]
    return "\n".join(out)


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- main ---------------------------------------------------------------------------------------


def _on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the `finally` that stops the servers


@contextlib.contextmanager
def _signals_exit() -> Iterator[None]:
    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(args: argparse.Namespace) -> int:
    git = git_revision()
    started = dt.datetime.now(dt.UTC)
    load_start = os.getloadavg()
    servers = Servers()
    results: list[ModeResult] = []
    render: list[RenderCost] = []
    profile_text = ""
    with (
        _signals_exit(),
        tempfile.TemporaryDirectory(prefix="canvas-serve-bench-", dir=args.tmp) as tmp_name,
    ):
        tmp = Path(tmp_name)
        try:
            if args.modes:
                for name in ("wrk", "nginx"):
                    tool(name)  # fail before anything starts
            seeds_db = tmp / "seeds.db"
            canvas_load([ROOT / "seeds"], seeds_db)
            synth_dir = tmp / "synthetic"
            _, written = write_post(synth_dir / "docs", args.claims)
            synth_db = synth_dir / "synthetic.db"
            canvas_load([synth_dir / "docs"], synth_db)
            if args.repeat:
                _note(f"render cost: {written:,} claims written; timing in process ...")
                for db, slug, year in (
                    (synth_db, SYNTH_SLUG, SYNTH_YEAR),
                    (seeds_db, PAGE_SLUG, PAGE_YEAR),
                ):
                    render.append(render_cost(db, slug, year, args.repeat, args.warmup_renders))
                    last = render[-1]
                    _note(
                        f"  {last.page}: {last.claims:,} claims, {last.fresh_median_ms:.1f} ms,"
                        f" {last.us_per_claim:.1f} µs/claim"
                    )
            if args.profile:
                args.out.parent.mkdir(parents=True, exist_ok=True)
                profile_text = profile_render(
                    synth_db, SYNTH_SLUG, SYNTH_YEAR, args.profile, args.out.with_suffix(".prof")
                )
                print(profile_text, file=sys.stderr)
            script = tmp / "report.lua"
            script.write_text(WRK_SCRIPT)
            nginx: dict[str, Server] = {}
            for mode in args.modes:
                results.append(bench_mode(args, servers, seeds_db, tmp, mode, script, nginx))
        finally:
            servers.stop_all()
    rows = summaries(results)
    found = verdicts(rows, results, render[0] if render else None)
    print(markdown(rows, render, found, args))
    if (after := git_revision()) != git:
        git["at_end"] = after
        _note("warning: app/ or templates/ changed while the benchmark ran")
    report = {
        "when": started.isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "loadavg": {"start": load_start, "end": os.getloadavg()},
        "git": git,
        "settings": {
            "page": PAGE,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "threads": args.threads,
            "connections": args.connections,
            "rounds": args.rounds,
            "wrk_timeout_s": args.wrk_timeout,
            "modes": {m: MODES[m].description for m in args.modes},
            "accept_encoding": args.accept_encoding,
        },
        "summary": [asdict(s) for s in rows],
        "modes": [
            {**asdict(r), "runs": [{**asdict(w), "rps": w.rps} for w in r.runs]} for r in results
        ],
        "render": [
            {
                **asdict(r),
                "fresh_median_ms": r.fresh_median_ms,
                "warm_median_ms": r.warm_median_ms,
                "us_per_claim": r.us_per_claim,
            }
            for r in render
        ],
        "targets": [{**asdict(v), "result": v.mark} for v in found],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    _note(f"wrote {args.out}")
    return 1 if any(v.passed is False for v in found) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of unrecorded wrk (2)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--connections", type=int, nargs="+", default=[16, 64], help="wrk connections (16 64)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="A B rounds per setting (2)")
    parser.add_argument(
        "--accept-encoding",
        default="identity",
        help="what wrk asks for: identity (default), or gzip as browsers do; nginx then"
        " serves the canvas server's gzip bytes",
    )
    parser.add_argument("--wrk-timeout", type=float, default=10, help="wrk --timeout (10 s)")
    parser.add_argument(
        "--modes", nargs="*", choices=sorted(MODES), default=sorted(MODES), help="(a b c e f)"
    )
    parser.add_argument(
        "--no-floor",
        dest="floor",
        action="store_false",
        help="skip the stock-uvicorn floor (a bare ASGI app sending the same answer)",
    )
    parser.add_argument("--claims", type=int, default=2_000, help="synthetic canvas size")
    parser.add_argument("--repeat", type=int, default=20, help="timed renders (20; 0: skip)")
    parser.add_argument("--warmup-renders", type=int, default=3, help="untimed renders first")
    parser.add_argument("--profile", type=int, default=0, help="cProfile N warm renders")
    parser.add_argument("--tmp", help="where the temp dir goes (default: the system's)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON report (default {OUT})")
    args = parser.parse_args()
    if args.duration <= 0 or args.rounds < 1 or args.threads < 1:
        parser.error("--duration, --rounds and --threads must be positive")
    try:
        sys.exit(run(args))
    except BenchError as exc:
        print(f"bench/serve.py: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
