"""What a canvas or block page offers for sharing: absolute URLs, the iframe snippet to
paste into a wiki, preview metadata for chat tools, and the oEmbed discovery link.

Plain data from the page model and the site's base URL (scheme and Host of the request),
so templates only print it, autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.http.languages import OFFERED
from app.views import urls
from app.views.canvas_model import CanvasPage
from app.views.escaping import escape
from app.views.i18n import N_, Interface, page_title
from app.views.oembed import BLOCK_SIZE, CANVAS_SIZE, discovery_href

DESCRIPTION_CHARS = 200
#: The snippet's starting height (oEmbed's): embed.js adjusts it.
HEIGHT = {"canvas": CANVAS_SIZE[1], "block": BLOCK_SIZE[1]}


@dataclass(frozen=True, slots=True)
class Share:
    canonical: str  # this page's absolute URL, in its default language (no `hl`)
    title: str  # in the interface language
    description: str  # from the first claims, in their language
    lang: str  # the statements' language (the interface's may differ)
    dir: str
    embed_path: str  # /embed/...: the live preview in the embed dialog
    embed_url: str
    canvas_url: str  # the full canvas, at this block when there is one
    height: int
    snippet: str  # the iframe (and the optional resizer script) to paste
    oembed_href: str
    site_name: str
    locale: str  # og:locale, the interface's
    alternates: tuple[tuple[str, str], ...]  # (hreflang, URL): this page in each language
    themes: tuple[EmbedTheme, ...] = ()  # the embed dialog's choices, light (the default) first


@dataclass(frozen=True, slots=True)
class EmbedTheme:
    value: str  # light | dark | auto (app.views.embed.THEMES)
    label: str
    path: str  # the preview's address
    snippet: str


def share(base_url: str, page: CanvasPage, ui: Interface, kind: str | None = None) -> Share:
    """For the canvas page (`kind` None) or one block's page, in the interface language;
    the embed and the links it offers carry the reader's `?hl=`."""
    base = base_url.rstrip("/")
    path = page.block_href(kind) if kind else page.href
    embed_path = ui.href(urls.embed(page.company.slug, page.year, kind))
    texts = _first_texts(page, kind)
    lang = statements_lang(page, kind)
    title = page_title(ui, page.company.name, page.year, kind)
    height = HEIGHT["block" if kind else "canvas"]
    embed_url = f"{base}{embed_path}"
    themes = []
    labels = {"light": N_("Light"), "dark": N_("Dark"), "auto": N_("Follow the reader's system")}
    for value, label in labels.items():
        plain = urls.embed(page.company.slug, page.year, kind)
        path_ = ui.href(plain if value == "light" else f"{plain}?theme={value}")
        themes.append(
            EmbedTheme(value, ui.gettext(label), path_, _snippet(base, path_, title, height))
        )
    snippet = themes[0].snippet
    return Share(
        canonical=f"{base}{path}",
        title=title,
        description=_shorten(" ".join(texts)) or title,
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
        embed_path=embed_path,
        embed_url=embed_url,
        canvas_url=f"{base}{ui.href(page.anchor_href(kind) if kind else page.href)}",
        height=height,
        snippet=snippet,
        oembed_href=discovery_href(f"{base}{ui.href(path)}"),
        site_name=ui.gettext("Canvas viewer"),
        locale=ui.og_locale,
        alternates=tuple((code, f"{base}{path}?hl={code}") for code in OFFERED),
        themes=tuple(themes),
    )


def _snippet(base: str, embed_path: str, title: str, height: int) -> str:
    """The iframe (and the optional resizer script) a wiki page pastes."""
    return (
        f'<iframe src="{escape(base + embed_path)}" title="{escape(title)}" width="100%"'
        f' height="{height}" loading="lazy" style="border:0"></iframe>\n'
        f'<script src="{escape(base + urls.static("embed.js"))}" async></script>'
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


def statements_lang(page: CanvasPage, kind: str | None) -> str:
    """The language of a block's statements (its first part's), or of the canvas's."""
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
