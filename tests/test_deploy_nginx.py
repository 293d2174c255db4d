"""deploy/nginx-canvas.conf, the production front, run by Debian's nginx in front of a real
`canvas serve`: only the addresses and the cache folder are changed for the test.

Each hostile client the serving review reproduced is replayed against it, bounded in size
and time: an oversized header is refused by nginx with the site's security headers; idle and
trickling connections are closed at nginx's timeouts; a client that pipelines requests and
never reads is cut off while the Python worker stays small. Normal pages come back as the
site's own bytes and headers, from nginx's cache the second time.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, canvas_subprocess

CONF = ROOT / "deploy" / "nginx-canvas.conf"
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, path: str = "/healthz", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"nothing answers on {port}"
        time.sleep(0.2)


@dataclass(frozen=True)
class Front:
    nginx: int  # nginx's port
    tls: int  # nginx's port over TLS (a certificate made for the test)
    site: int  # canvas serve's
    worker_pids: tuple[int, ...]


@pytest.fixture(scope="module")
def front(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is not installed (Debian's package: apt-get install nginx)"
    site_port, nginx_port = free_port(), free_port()
    # as deployed: the site's public address is nginx's, whatever Host reaches the site
    previous = os.environ.get("CANVAS_BASE_URL")
    os.environ["CANVAS_BASE_URL"] = f"http://127.0.0.1:{nginx_port}"
    server = canvas_subprocess(
        "serve", "--db", seeded_db, "--port", str(site_port), "--workers", "1",
        start_new_session=True,
    )  # fmt: skip
    if previous is None:
        del os.environ["CANVAS_BASE_URL"]
    else:
        os.environ["CANVAS_BASE_URL"] = previous
    wait_for(site_port)
    tmp = tmp_path_factory.mktemp("nginx")
    tls_port = free_port()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", tmp / "key.pem", "-out", tmp / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    text = CONF.read_text(encoding="utf-8")
    for old, new in (
        (
            "listen 80;",
            f"listen 127.0.0.1:{nginx_port};\n    listen 127.0.0.1:{tls_port} ssl;\n"
            f"    ssl_certificate {tmp / 'cert.pem'};\n"
            f"    ssl_certificate_key {tmp / 'key.pem'};",
        ),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{site_port};"),
        ("/var/cache/nginx/canvas", str(tmp / "cache")),
    ):
        assert old in text, old
        text = text.replace(old, new)
    (tmp / "canvas.conf").write_text(text, encoding="utf-8")
    temp = "\n".join(
        f"    {kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        # as root, nginx's workers would be `nobody`, who cannot enter pytest's folders
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
        f"error_log {tmp / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n    access_log off;\n{temp}\n    include {tmp / 'canvas.conf'};\n}}\n",
        encoding="utf-8",
    )
    proxy = subprocess.Popen(
        [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(nginx_port)
        workers = tuple(
            int(p)
            for p in subprocess.run(
                ["pgrep", "-f", "multiprocessing.spawn|app.cli serve"],
                capture_output=True, text=True, check=False,
            ).stdout.split()
        )  # fmt: skip
        yield Front(nginx_port, tls_port, site_port, workers)
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        server.terminate()
        server.wait(timeout=30)


def get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy")
NGINX_OWN = {"server", "connection", "x-cache-status"}  # (server_tokens off: no version)


@pytest.mark.parametrize("path", ["/c/cigna/2015", "/embed/cigna/2015", "/c/nobody/2015"])
def test_pages_come_back_as_the_sites_own_and_from_the_cache_the_second_time(
    front: Front, path: str
) -> None:
    ask = {"Accept-Encoding": "gzip"}
    direct = get(front.site, path, ask)
    first = get(front.nginx, path, ask)
    second = get(front.nginx, path, ask)
    assert second.getheader("x-cache-status") == "HIT"
    for answer in (first, second):
        assert answer.status == direct.status
        assert answer.body == direct.body  # type: ignore[attr-defined]
        for name in ("etag", "vary", "cache-control", "content-encoding", *SECURITY):
            assert answer.getheader(name) == direct.getheader(name), (path, name)
        names = {n.lower() for n, _ in answer.getheaders()} - NGINX_OWN
        assert names == {n.lower() for n, _ in direct.getheaders()}, path
    if direct.status == 200:  # (a 404 carries no ETag: it speaks the reader's language)
        not_modified = get(front.nginx, path, {**ask, "If-None-Match": direct.getheader("etag")})
        assert not_modified.status == 304


def test_each_interface_language_is_cached_apart(front: Front) -> None:
    """The index speaks the reader's Accept-Language and says `Vary: Accept-Language`: nginx
    keeps each language's page apart and never hands one reader another's."""
    arabic = [get(front.nginx, "/", {"Accept-Language": "ar"}) for _ in range(2)]
    english = [get(front.nginx, "/", {"Accept-Language": "en-GB,en;q=0.9"}) for _ in range(2)]
    assert arabic[1].getheader("x-cache-status") == "HIT"
    assert english[1].getheader("x-cache-status") == "HIT"
    for answer in arabic:
        assert b'<html lang="ar" dir="rtl">' in answer.body  # type: ignore[attr-defined]
    for answer in english:
        assert b'<html lang="en" dir="ltr">' in answer.body  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/c/cigna/2023", "/", "/search?q=cigna"])
def test_a_history_restore_cannot_poison_the_fragment_readers_get(front: Front, path: str) -> None:
    """htmx restoring a page from its history sends HX-Request and HX-History-Restore-Request
    and wants the whole page: stored under the fragment's key, the next reader's year switch
    got a whole page inside the page (a doubled site header). Asked first, it must not."""
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    whole = get(front.nginx, path, restore)
    assert whole.status == 200 and b"<html" in whole.body  # type: ignore[attr-defined]
    for _ in range(2):  # a miss, then nginx's cache
        fragment = get(front.nginx, path, {"HX-Request": "true"})
        assert fragment.status == 200
        assert b"<html" not in fragment.body  # type: ignore[attr-defined]
    assert fragment.getheader("x-cache-status") == "HIT"
    again = get(front.nginx, path, restore)
    assert b"<html" in again.body  # type: ignore[attr-defined]
    assert "HX-History-Restore-Request" in (fragment.getheader("vary") or "")


def test_hsts_is_sent_over_tls_and_never_over_plain_http(front: Front) -> None:
    context = ssl.create_default_context(cafile=None)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own certificate
    conn = http.client.HTTPSConnection("127.0.0.1", front.tls, timeout=10, context=context)
    conn.request("GET", "/c/cigna/2015")
    secure = conn.getresponse()
    secure.read()
    conn.close()
    plain = get(front.nginx, "/c/cigna/2015")
    assert (secure.status, plain.status) == (200, 200)
    assert secure.getheader("strict-transport-security") == "max-age=31536000"
    assert plain.getheader("strict-transport-security") is None


def raw(port: int, data: bytes, read_for: float = 3.0) -> tuple[bytes, float]:
    """Send `data`, read until the server closes (or `read_for` s); what came, how long."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=read_for) as sock:
        sock.sendall(data)
        got = b""
        try:
            while chunk := sock.recv(65536):
                got += chunk
        except TimeoutError:
            pass
    return got, time.monotonic() - started


def test_an_oversized_header_is_refused_by_nginx_with_the_security_headers(front: Front) -> None:
    big = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 65536 + b"\r\n\r\n"
    got, _ = raw(front.nginx, big)
    head = got.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 400"), head[:200]
    for name in SECURITY:
        assert f"\r\n{name}: " in head, name


def test_an_idle_or_trickling_connection_is_closed_at_the_header_timeout(front: Front) -> None:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", front.nginx), timeout=20) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")
        closed = False
        while time.monotonic() - started < 18:
            try:
                sock.sendall(b"X")  # a byte a second: never a whole header
            except OSError:
                closed = True
                break
            sock.settimeout(1)
            try:
                if sock.recv(4096) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
            except OSError:
                closed = True
                break
    assert closed, "a trickling client held its connection past the header timeout"
    assert time.monotonic() - started < 16


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_a_client_that_pipelines_and_never_reads_is_cut_off(front: Front) -> None:
    request = b"GET /c/cigna/2023 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n"
    with socket.create_connection(("127.0.0.1", front.nginx), timeout=30) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sent = 0
        sock.settimeout(1)
        try:
            for _ in range(20_000):  # 1.5 MB of requests, never reading a byte
                sock.sendall(request)
                sent += 1
        except (TimeoutError, OSError):
            pass  # nginx stopped reading: its answers are not being taken
        time.sleep(1)
        sizes = [rss_mb(pid) for pid in front.worker_pids if Path(f"/proc/{pid}").exists()]
        assert sizes and max(sizes) < 150, sizes
        deadline = time.monotonic() + 25  # send_timeout 10 s, then the connection is reset
        closed = False
        while time.monotonic() < deadline:
            try:
                sock.sendall(request)
            except OSError:
                closed = True
                break
            time.sleep(0.5)
    assert closed, f"nginx kept a client that never reads ({sent} requests sent)"
    assert get(front.nginx, "/healthz").status == 200  # and everyone else is served
