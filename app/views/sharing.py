"""What a canvas or block page offers for sharing: absolute URLs, the iframe snippet to
paste into a wiki, preview metadata for chat tools, and the oEmbed discovery link.

Plain data from the page model and the site's base URL (scheme and Host of the request),
so templates only print it, autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.views.canvas_model import CanvasPage
from app.views.escaping import escape
from app.views.oembed import BLOCK_SIZE, CANVAS_SIZE, discovery_href

DESCRIPTION_CHARS = 200
#: The snippet's starting height (oEmbed's): embed.js adjusts it.
HEIGHT = {"canvas": CANVAS_SIZE[1], "block": BLOCK_SIZE[1]}


@dataclass(frozen=True, slots=True)
class Share:
    canonical: str  # this page's absolute URL
    title: str
    description: str  # from the first claims, in their language
    lang: str
    dir: str
    embed_path: str  # /embed/...: the live preview in the embed dialog
    embed_url: str
    canvas_url: str  # the full canvas, at this block when there is one
    height: int
    snippet: str  # the iframe (and the optional resizer script) to paste
    oembed_href: str
    site_name: str = "Canvas viewer"

    @property
    def locale(self) -> str:
        return "ar_AR" if self.lang == "ar" else "en_US"


def share(base_url: str, page: CanvasPage, kind: str | None = None) -> Share:
    """For the canvas page (`kind` None) or one block's page."""
    base = base_url.rstrip("/")
    path = page.block_href(kind) if kind else page.href
    embed_path = f"/embed{path.removeprefix('/c')}"
    texts = _first_texts(page, kind)
    lang = _lang(page, kind)
    title = page.title
    if kind:
        title = f"{page.company.name} — {page.panel(kind).title}, {page.year}"
    height = HEIGHT["block" if kind else "canvas"]
    embed_url = f"{base}{embed_path}"
    snippet = (
        f'<iframe src="{escape(embed_url)}" title="{escape(title)}" width="100%" height="{height}"'
        f' loading="lazy" style="border:0"></iframe>\n'
        f'<script src="{escape(base)}/static/embed.js" async></script>'
    )
    return Share(
        canonical=f"{base}{path}",
        title=title,
        description=_shorten(" ".join(texts)) or title,
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
        embed_path=embed_path,
        embed_url=embed_url,
        canvas_url=f"{base}{page.anchor_href(kind) if kind else page.href}",
        height=height,
        snippet=snippet,
        oembed_href=discovery_href(f"{base}{path}"),
    )


def _first_texts(page: CanvasPage, kind: str | None) -> list[str]:
    found: list[str] = []
    for panel in page.panels:
        if kind and panel.kind != kind:
            continue
        for section in panel.sections:
            for group in section.groups:
                for item in group.items:
                    found += [c.text for c in item.claims]
                    found += [" | ".join(r.cells) for r in item.rows]
                    if sum(len(t) for t in found) > DESCRIPTION_CHARS:
                        return found
    return found


def _lang(page: CanvasPage, kind: str | None) -> str:
    if kind:
        sections = page.panel(kind).sections
        if sections:
            return sections[0].lang
    return page.lang


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0]
    return f"{cut}…"
