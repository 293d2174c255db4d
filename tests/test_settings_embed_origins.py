"""CANVAS_EMBED_ORIGINS: who may frame embed pages. A malformed entry stops start-up (the
app, and `canvas serve` with one line and exit status 2), since it would go into a header."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app import serving
from app.cli import cli
from app.settings import Settings, SettingsError, get_settings, parse_embed_origins
from app.web import create_app
from tests.conftest import canvas_subprocess

BAD_PATH = "https://wiki.example.com/x"
ONE_LINE_ERROR = (
    f"canvas: error: CANVAS_EMBED_ORIGINS: {BAD_PATH!r} is not an origin (scheme://host[:port])\n"
)


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """get_settings() is cached per process: read the test's environment, then forget it."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("value", "origins"),
    [
        ("*", ("*",)),
        ("  *  ", ("*",)),
        ("https://wiki.example.com", ("https://wiki.example.com",)),
        (
            "https://a.example, http://b.example:8080",
            ("https://a.example", "http://b.example:8080"),
        ),
        ("https://a.example http://b.example", ("https://a.example", "http://b.example")),
        ("https://a.example,,\thttp://b.example,", ("https://a.example", "http://b.example")),
        ("HTTPS://Wiki.Example.COM", ("https://wiki.example.com",)),  # origins ignore case
        ("https://a.example https://a.example", ("https://a.example",)),
        ("http://127.0.0.2:8001", ("http://127.0.0.2:8001",)),
        ("https://[::1]:8443 http://[2001:db8::1]", ("https://[::1]:8443", "http://[2001:db8::1]")),
        ("http://localhost", ("http://localhost",)),
        ("https://xn--bcher-kva.example", ("https://xn--bcher-kva.example",)),
        (
            '["https://a.example", "http://b.example:81"]',
            ("https://a.example", "http://b.example:81"),
        ),
        ('["*"]', ("*",)),
    ],
)
def test_good_lists(value: str, origins: tuple[str, ...]) -> None:
    assert parse_embed_origins(value) == origins


@pytest.mark.parametrize(
    ("value", "entry"),
    [
        (BAD_PATH, BAD_PATH),  # a path
        ("https://wiki.example.com/", "https://wiki.example.com/"),  # even just `/`
        ("https://a.example;", "https://a.example;"),  # would end the CSP directive
        ("https://a.example; script-src *", "https://a.example;"),
        ("https://a.example\nhttps://b.example", "https://a.example\nhttps://b.example"),
        ("https://a.example\r\nX-Injected: 1", "https://a.example\r\nX-Injected:"),
        ("https://a.example\n", "https://a.example\n"),
        ("https:", "https:"),  # a bare scheme
        ("https://", "https://"),
        ("https", "https"),
        ("wiki.example.com", "wiki.example.com"),  # no scheme
        ("ftp://a.example", "ftp://a.example"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("https://a.example?x=1", "https://a.example?x=1"),
        ("https://a.example#top", "https://a.example#top"),
        ("'self'", "'self'"),
        ('"https://a.example"', '"https://a.example"'),
        ("https://user@a.example", "https://user@a.example"),
        ("https://*.example.com", "https://*.example.com"),
        ("https://a.example:", "https://a.example:"),
        ("https://a.example:0", "https://a.example:0"),
        ("https://a.example:65536", "https://a.example:65536"),
        ("https://a.example:80:80", "https://a.example:80:80"),
        ("https://a..example", "https://a..example"),
        ("https://-a.example", "https://-a.example"),
        ("https://a_b.example", "https://a_b.example"),
        ("https://a.example.", "https://a.example."),
        ("https://bücher.example", "https://bücher.example"),  # a CSP host is ASCII
        ("https://[zz::1]", "https://[zz::1]"),
        ("https://[::1", "https://[::1"),
        ("https://::1", "https://::1"),
        ("https://1.2.3", "https://1.2.3"),  # a browser reads that as 1.2.0.3
        ("https://good.example, https://bad.example/path", "https://bad.example/path"),
    ],
)
def test_a_malformed_entry_is_named_in_one_line(value: str, entry: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_embed_origins(value)
    message = str(caught.value)
    assert message == f"CANVAS_EMBED_ORIGINS: {entry!r} is not an origin (scheme://host[:port])"
    assert "\n" not in message and "\r" not in message


@pytest.mark.parametrize("value", ["*, https://a.example", "https://a.example *", "* *"])
def test_any_origin_only_alone(value: str) -> None:
    with pytest.raises(ValueError, match=r"^CANVAS_EMBED_ORIGINS: '\*' \(any origin\) must be"):
        parse_embed_origins(value)


@pytest.mark.parametrize("value", ["", "   ", " , ,", "[]"])
def test_an_empty_list_is_refused_not_read_as_any_or_none(value: str) -> None:
    with pytest.raises(ValueError, match=r"^CANVAS_EMBED_ORIGINS: no origins given"):
        parse_embed_origins(value)


@pytest.mark.parametrize("value", ["[1]", '["https://a.example"', "[null]"])
def test_a_broken_json_list_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=r"^CANVAS_EMBED_ORIGINS: not a JSON list of strings$"):
        parse_embed_origins(value)


def test_default_is_any_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CANVAS_EMBED_ORIGINS", raising=False)
    assert Settings().embed_origins == ("*",)


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANVAS_EMBED_ORIGINS", "https://a.example, http://127.0.0.2:8001")
    assert Settings().embed_origins == ("https://a.example", "http://127.0.0.2:8001")
    assert Settings(embed_origins="https://c.example").embed_origins == ("https://c.example",)


def test_a_bad_setting_stops_every_command_at_start(
    monkeypatch: pytest.MonkeyPatch, fresh_settings: None, tmp_path: Path
) -> None:
    """Checked as the settings are read (a pydantic-settings validator): `canvas load` with
    a typo in a setting only the site reads stops too, on one line, before writing."""
    monkeypatch.setenv("CANVAS_EMBED_ORIGINS", BAD_PATH)
    with pytest.raises(SettingsError, match="is not an origin"):
        get_settings()
    result = CliRunner().invoke(cli, ["load", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert result.stderr == ONE_LINE_ERROR
    assert not (tmp_path / "x.db").exists()


def test_create_app_refuses_a_malformed_entry(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    monkeypatch.setenv("CANVAS_EMBED_ORIGINS", BAD_PATH)
    with pytest.raises(ValueError, match=r"^CANVAS_EMBED_ORIGINS: 'https://wiki\.example\.com/x'"):
        create_app(seeded_db)


def test_serve_refuses_with_one_line_before_serving(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    served: list[object] = []
    monkeypatch.setattr(serving, "serve", lambda *args: served.append(args))  # never listen
    monkeypatch.setenv("CANVAS_EMBED_ORIGINS", f"https://ok.example {BAD_PATH}")
    result = CliRunner().invoke(cli, ["serve", "--db", str(seeded_db), "--port", "0"])
    assert result.exit_code == 2
    assert result.stderr == ONE_LINE_ERROR
    assert served == []


def test_serve_with_good_origins_goes_on_to_serve(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    served: list[object] = []
    monkeypatch.setattr(serving, "serve", lambda *args: served.append(args))
    monkeypatch.setenv("CANVAS_EMBED_ORIGINS", "https://ok.example")
    monkeypatch.delenv("CANVAS_DB", raising=False)  # serve sets it for its workers: undo
    result = CliRunner().invoke(cli, ["serve", "--db", str(seeded_db), "--port", "0"])
    assert result.exit_code == 0, result.stderr
    assert len(served) == 1


@pytest.mark.slow
def test_the_real_command_exits_2_with_one_line_and_no_traceback(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CANVAS_EMBED_ORIGINS", f"https://ok.example,{BAD_PATH}")
    proc = canvas_subprocess("serve", "--db", seeded_db, "--port", "0", "--workers", "1")
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 2
    assert err.decode() == ONE_LINE_ERROR
    assert out == b""
