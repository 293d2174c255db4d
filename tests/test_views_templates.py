"""Templates.render: the page's bytes, encoded chunk by chunk, equal the page encoded whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import escape

from app.views.i18n import Interface
from app.views.templates import Templates, environment

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
    ui = Interface("en")
    body = Templates(env).render("page.html", ui, **context)
    assert body == env.get_template("page.html").render(ui=ui, **context).encode("utf-8")
    text = body.decode("utf-8")
    assert all(f"<p>{escape(line)}</p>" in text for line in lines)  # every line, escaped
