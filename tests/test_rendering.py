"""Renderer.render: the page's bytes, encoded chunk by chunk, equal the page encoded whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import escape

from app.rendering import Renderer, environment

TEMPLATE = (
    "<title>{{ title }}</title>\n"
    "{% for line in lines %}<p>{{ line }}</p>\n{% endfor %}"
    "<footer>{{ tail }}</footer>"
)


@pytest.mark.parametrize(
    "lines",
    [
        ["plain ASCII only"],
        ["تتعاون Cigna مع 1.5 مليون", "lines 12–15", "O'Neil & <b>"],
        ["😀 outside the BMP", "café", "ASCII after wide text"],
    ],
    ids=["ascii", "arabic-and-dashes", "astral-and-latin1"],
)
def test_chunked_bytes_equal_the_whole_page_encoded(tmp_path: Path, lines: list[str]) -> None:
    (tmp_path / "page.html").write_text(TEMPLATE, encoding="utf-8")
    env = environment(tmp_path)
    context = {"title": "Cigna — business model canvas", "lines": lines, "tail": "end"}
    body = Renderer(env, cache=False).render("page.html", **context)
    assert body == env.get_template("page.html").render(**context).encode("utf-8")
    text = body.decode("utf-8")
    assert all(f"<p>{escape(line)}</p>" in text for line in lines)  # every line, escaped


def test_the_page_cache_is_bounded_in_bytes_not_in_pages(tmp_path: Path) -> None:
    """512 pages of a megabyte each would be half a gigabyte per worker: the budget counts
    what the pages weigh, and the oldest go first."""
    renderer = Renderer(environment(tmp_path), cache=True, max_bytes=5 << 20)

    def key(n: int) -> tuple[tuple[int, int], str, bytes, str, bytes, bool]:
        return ((1, 1), "http", b"127.0.0.1", f"/c/x/{n}", b"", False)

    for n in range(40):
        renderer.cached(key(n), lambda n=n: bytes([n]) * (1 << 20))
        assert renderer.cached_bytes <= renderer.max_bytes
    assert renderer.lookup(key(39)) is not None  # the newest are kept
    assert renderer.lookup(key(0)) is None  # the oldest went
    kept = [n for n in range(40) if renderer.lookup(key(n)) is not None]
    assert 2 <= len(kept) <= 4, kept  # about 5 MB of 1.5 MB pages (body and gzip)
