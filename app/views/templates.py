"""The templates, compiled once per process, and rendering them to bytes.

Interface text in templates is `{% trans %}` or `_()` (jinja2.ext.i18n, new-style: the
values put into a message are escaped like any other); which catalog answers is the
rendering's `ui` (app.views.i18n.Interface), so one compiled set of templates speaks every
language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from app.settings import project_dir
from app.views import urls
from app.views.canvas_html import (
    block_html,
    blocks_html,
    key_figures_html,
    lead_html,
    map_html,
    references_html,
)
from app.views.highlight import marked
from app.views.i18n import Interface

TEMPLATES = project_dir("templates")
STATIC = project_dir("static")
HTMX = "htmx-2.0.11.min.js"


@cache  # one compiled set of templates per process, shared by every app built from it
def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code: no stat() per lookup
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # a message's line breaks are not its words
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        _gettext, _ngettext, newstyle=True
    )
    env.globals["htmx_js"] = urls.static(HTMX)
    env.globals["urls"] = urls  # the site's addresses: `{{ urls.static("app.css") }}`
    env.globals.update(
        map_html=map_html,
        lead_html=lead_html,
        key_figures_html=key_figures_html,
        blocks_html=blocks_html,
        block_html=block_html,
        references_html=references_html,
        marked=marked,
    )
    return env


@pass_context
def _gettext(context: Context, message: str) -> str:
    ui: Interface = context["ui"]  # every page is rendered with one (Templates.render)
    return ui.gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    ui: Interface = context["ui"]
    return ui.plural(singular, plural, n)


class Templates:
    """Renders one environment's templates to UTF-8 bytes."""

    def __init__(self, env: Environment) -> None:
        self.env = env

    def render(self, template: str, ui: Interface, **context: Any) -> bytes:
        """The page's UTF-8 bytes, encoded chunk by chunk as Jinja yields them.

        Why not `render(...).encode()`: one character above U+00FF anywhere (the title's
        em dash) makes the whole joined string two bytes per character, and encoding that
        back to UTF-8 is the slow path, for every byte of an otherwise ASCII canvas. Each
        chunk encoded alone keeps ASCII chunks (the drawn panels of an English canvas) on
        the fast path (bench/serve.py's render cost shows the difference).
        """
        chunks = self.env.get_template(template).generate(ui=ui, **context)
        return b"".join([chunk.encode() for chunk in chunks])
