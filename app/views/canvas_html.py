"""The canvas markup that repeats per claim: paragraphs, lists, tables, citations, references.

Why Python and not Jinja: a claim prints about fifteen values, and Jinja wraps every printed
value in a `Markup` object, which made the template most of a large canvas's render. Here
every value joined into markup passes through app.views.escaping (markupsafe, quotes
included, so the same call is safe in text and in attribute values); the few values that
repeat on every claim (language codes, source titles and kinds) go through a small cache.
Numbers are formatted from ints; block kinds and English titles come from
app.loader.block_names, not from a document. The finished markup goes to Jinja as a
`Fragment`; the page around it (title, year switch, credit line, the source list's frame)
stays in templates/partials/canvas.html, and `map_html`, `blocks_html`, `block_html` and
`references_html` are its globals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.views.bidi import isolated_html
from app.views.canvas_model import (
    KIND_NAMES,
    CanvasPage,
    CitationMark,
    Group,
    Item,
    Panel,
    canvas_href,
)
from app.views.escaping import escape
from app.views.escaping import escape_repeated as _attr

_TRIGGER = "mouseenter once, focus once"
_NEW_TAB = ' target="_blank" rel="noopener"'
# A figure, with an optional sign, currency, percent, short unit or scale word ("1.5 million",
# "1.5 مليون"). A column whose every cell is one is aligned to the cells' end. Linear: each
# part is a single pass over distinct characters, and the cell is capped by the loader.
_NUMERIC = re.compile(
    r"[-+\u2212(]?[$\u20ac\u00a3\u00a5]?\s?\d[\d.,\u066b\u066c]*\s?"
    r"(?:%|[A-Za-z]{1,3}|million|billion|thousand|\u0645\u0644\u064a\u0648\u0646"
    r"|\u0645\u0644\u064a\u0627\u0631|\u0623\u0644\u0641)?\)?"
)


@dataclass(frozen=True, slots=True)
class Links:
    """How a drawing links out: a page links in place and offers a link to each block; an
    embed opens every link in a new tab (it lives in someone else's page)."""

    new_tab: bool = False
    block_links: bool = True
    page_links: bool = True  # "Block page": not on the block's own page
    full_headings: bool = False  # the block's own page shows its heading as written


PAGE = Links()
BLOCK_PAGE = Links(page_links=False, full_headings=True)
EMBED = Links(new_tab=True, block_links=False, page_links=False)


class Fragment:
    """Finished, escaped markup, for Jinja to print as it is (it honours `__html__`).

    Not a `Markup`: Jinja's `escape` rebuilds a Markup it is given from a copy of a copy,
    once per page, but takes a plain string from `__html__` as it is.
    """

    __slots__ = ("html",)

    def __init__(self, html: str) -> None:
        self.html = html

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def citation_html(cite: CitationMark, target: str = "") -> str:
    """The numbered link to the source lines, with the popover htmx fills on hover or focus."""
    n, start, end = cite.number, cite.line_start, cite.line_end
    key = _attr(cite.key_path)  # one per source: cached
    return (
        "\u2060"  # a word joiner: the marker never starts a line of its own
        f'<sup class="cite"><a id="cite-{n}" href="/sources/{key}#L{start}-L{end}"{target}'
        f' aria-describedby="pop-{n}" data-hx-get="/sources/{key}/lines'
        f'?start={start}&amp;end={end}"'
        f' data-hx-trigger="{_TRIGGER}" data-hx-target="#pop-{n}" data-hx-swap="innerHTML">'
        f'[{n}]</a><span class="popover" id="pop-{n}" role="tooltip" lang="en" dir="ltr">'
        f"{_attr(cite.lines_label)}</span></sup>"
    )


def map_html(page: CanvasPage, links: Links = PAGE) -> Fragment:
    """The canvas at a glance: the nine panels in the standard layout, each with the block's
    name, how many statements it holds and a digest, linking to the block's text below (in
    an embed, to the block in the full canvas)."""
    target = _NEW_TAB if links.new_tab else ""
    parts = [
        f'<section id="canvas-map" class="canvas-map" aria-labelledby="canvas-map-title"'
        f' lang="{_attr(page.lang)}" dir="{page.dir}">'
        '\n<h2 id="canvas-map-title" class="visually-hidden" lang="en" dir="ltr">'
        'The canvas at a glance</h2>\n<ol class="map">'
    ]
    for panel in page.panels:
        kind = panel.kind  # one of BLOCK_KINDS: letters and dashes
        href = escape(page.anchor_href(kind)) if links.new_tab else f"#{kind}"
        parts.append(
            f'<li class="map-panel map-{kind}{" map-empty" if panel.empty else ""}"'
            f' data-block="{kind}">'
            f'<h3 class="map-name"><a href="{href}"{target}>{_names(panel, links)}</a></h3>'
        )
        if panel.empty:
            see = (
                f' <a class="see-year" href="{escape(panel.nearest_href)}"{target}>'
                f"See {panel.nearest_year}</a>"
                if panel.nearest_href
                else ""
            )
            parts.append(f'<p class="empty" lang="en" dir="ltr">None in {page.year}.{see}</p>')
        else:
            noun = "statement" if panel.count == 1 else "statements"
            parts.append(
                f'<p class="map-count" lang="en" dir="ltr">{panel.count} {noun}</p>'
                f'<p class="digest" lang="{_attr(panel.digest_lang)}" dir="{panel.digest_dir}">'
                f"{isolated_html(panel.digest, panel.digest_lang)}</p>"
            )
        parts.append("</li>")
    parts.append("</ol>\n</section>")
    return Fragment("\n".join(parts))


def blocks_html(page: CanvasPage, links: Links = PAGE) -> Fragment:
    """The text: one section per block, in canvas order."""
    return Fragment("\n".join([_block(page, panel, links) for panel in page.panels]))


def block_html(page: CanvasPage, kind: str, links: Links = PAGE) -> Fragment:
    """One block's text, for its own page or embed."""
    return Fragment(_block(page, page.panel(kind), links))


def _names(panel: Panel, links: Links) -> str:
    """The block's name as each language part writes it, and the English name beside a name
    in another language."""
    if not panel.sections:  # an empty block: its English name is its name
        return f'<span class="heading-as-written" lang="en" dir="ltr">{panel.title}</span>'
    parts = []
    for section in panel.sections:
        heading = section.heading if links.full_headings else section.name
        parts.append(
            f'<span class="heading-as-written" lang="{_attr(section.lang)}"'
            f' dir="{section.dir}">{isolated_html(heading, section.lang)}</span>'
        )
    if panel.sections[0].lang != "en" or len(panel.sections) > 1:
        parts.append(f'<span class="heading-en" lang="en" dir="ltr">{panel.title}</span>')
    return " ".join(parts)


def _block(page: CanvasPage, panel: Panel, links: Links) -> str:
    """Its name, a quiet row of actions (copy a link, its own page, embed it), then the
    groups, or what to see instead when the block is empty."""
    kind = panel.kind  # one of BLOCK_KINDS: letters and dashes
    target = _NEW_TAB if links.new_tab else ""
    parts = [
        f'<section id="{kind}" class="block block-{kind}" data-block="{kind}"'
        f' aria-labelledby="{kind}-title">\n<div class="block-head">'
        f'<h2 id="{kind}-title" class="block-title">{_names(panel, links)}</h2>'
    ]
    if links.block_links:  # static/block-links.js makes the first a "Copy link" button
        block_page = escape(page.block_href(kind))
        parts.append(
            f'<p class="block-actions" lang="en" dir="ltr">'
            f'<a class="block-link" href="{escape(page.anchor_href(kind))}">'
            f'<span class="label">Link</span><span class="visually-hidden"> to {panel.title}'
            "</span></a>"
        )
        if links.page_links:  # (a block's own page has its Embed dialog at the top)
            parts.append(
                f'<a class="block-page" href="{block_page}">'
                f'Block page<span class="visually-hidden">: {panel.title}</span></a>'
                f'<a class="block-embed" href="{block_page}#embed-code">'
                f'Embed<span class="visually-hidden"> {panel.title}</span></a>'
            )
        parts.append("</p>")
    parts.append("</div>")
    if panel.empty:
        see = (
            f' <a href="{escape(panel.nearest_href)}"{target}>See {panel.nearest_year}</a>.'
            if panel.nearest_href
            else ""
        )
        parts.append(
            f'<p class="empty" lang="en" dir="ltr">No statements for this block in'
            f" {page.year}.{see}</p>"
        )
    for section in panel.sections:
        parts.append(_groups(section.groups, target))
    parts.append("</section>")
    return "\n".join(parts)


def _groups(groups: list[Group], target: str) -> str:
    """A section's groups: claims under their topic (sub-heading), item after item."""
    parts = []
    for group in groups:
        lang = _attr(group.lang)
        parts.append(f'<div class="group" lang="{lang}" dir="{group.dir}">')
        if group.topic:
            parts.append(f'<h3 class="topic">{isolated_html(group.topic, group.lang)}</h3>')
        parts += [
            _table(item, target) if item.kind == "table" else _claims(item, target)
            for item in group.items
        ]
        parts.append("</div>")
    return "\n".join(parts)


def _claims(item: Item, target: str) -> str:
    """A run of paragraphs, or one bullet list."""
    tag = "li" if item.kind == "list" else "p"
    body = "\n".join(
        [
            f'<{tag} id="c-{escape(c.anchor)}" class="claim" lang="{_attr(c.lang)}"'
            f' dir="{c.dir}">{isolated_html(c.text, c.lang)}'
            f"{citation_html(c.citation, target)}</{tag}>"
            for c in item.claims
        ]
    )
    return f'<ul class="claims">\n{body}\n</ul>' if tag == "li" else body


def _table(item: Item, target: str) -> str:
    lang = item.header_lang
    width = max([len(item.header)] + [len(r.cells) for r in item.rows])
    numeric = _numeric_columns(item, width)
    head = "".join(
        [
            f'<th scope="col"{_NUM if numeric[i] else ""}>{isolated_html(h, lang)}</th>'
            for i, h in enumerate(item.header)
        ]
    )
    head += "<td></td>" * (width - len(item.header))
    rows = []
    for r in item.rows:
        cells = "".join(
            [
                f"<td{_NUM if numeric[i] else ''}>{isolated_html(cell, r.lang)}</td>"
                for i, cell in enumerate(r.cells)
            ]
        )
        padding = "<td></td>" * (width - len(r.cells))
        rows.append(
            f'<tr id="c-{escape(r.anchor)}" class="claim" lang="{_attr(r.lang)}"'
            f' dir="{r.dir}">{cells}{padding}'
            f'<td class="cite-col">{citation_html(r.citation, target)}</td></tr>'
        )
    body = "\n".join(rows)
    return (
        f'<div class="table-wrap">\n<table lang="{_attr(lang)}">\n<thead><tr>{head}'
        '<th scope="col" class="cite-col"><span class="visually-hidden">Source</span></th>'
        f"</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>"
    )


_NUM = ' class="num"'


def _numeric_columns(item: Item, width: int) -> list[bool]:
    """For each column: every filled cell is a figure, so its cells line up at their end."""
    numeric, filled = [True] * width, [False] * width
    for row in item.rows:
        for i, cell in enumerate(row.cells):
            if numeric[i] and (cell := cell.strip()):
                filled[i] = True
                numeric[i] = _NUMERIC.fullmatch(cell) is not None
    return [n and f for n, f in zip(numeric, filled, strict=True)]


def references_html(page: CanvasPage, links: Links = PAGE) -> Fragment:
    """One entry per cited document, as a reference work lists them: the document's title
    and kind, then a back-link to each statement it supports, labelled with its line number
    (Wikipedia's "^ a b c", with lines for letters). The statements are not repeated here;
    the cited lines themselves are one hover away in each marker's popover."""
    target = _NEW_TAB if links.new_tab else ""
    cited: dict[str, list[CitationMark]] = {}
    for c in page.references:
        cited.setdefault(c.source_key, []).append(c)
    parts = []
    for number, citations in enumerate(cited.values(), start=1):
        source = page.source_of(citations[0])
        back = " ".join(
            [
                f'<a class="backlink" href="#c-{escape(c.claim_anchor)}"'
                f' aria-label="Back to statement {c.number}, {c.lines_label}">'
                f"{_line_label(c)}</a>"
                for c in citations
            ]
        )
        href = f"/sources/{_attr(citations[0].key_path)}"
        kind = KIND_NAMES.get(source.kind, source.kind)
        entry = [
            f'<li id="source-{number}" class="reference">'
            f'<cite><bdi><a href="{href}"{target}>{_attr(source.title)}</a></bdi></cite>'
            f'. <span class="kind">{_attr(kind)}</span>'
        ]
        if source.url:
            entry.append(
                f', <a class="origin" href="{escape(source.url)}" dir="ltr"{_OUT}>'
                f"{escape(source.url)}</a>"
            )
        if source.years:
            years = ", ".join(
                [
                    f'<a href="{escape(canvas_href(page.company.slug, y))}"{target}>{y}</a>'
                    for y in source.years
                ]
            )
            entry.append(f'. <span class="feeds">Feeds {years}</span>')
        entry.append(
            f'.<span class="backlinks"><span aria-hidden="true">^ </span>'
            f'<span class="visually-hidden">Cited by statements at </span>{back}</span>'
        )
        differing = [c for c in citations if c.as_written is not None]
        for c in differing:
            entry.append(
                f'<span class="as-written">Line {c.line_start} of the source reads:'
                f' <q dir="auto">{escape(c.as_written)}</q></span>'
            )
        entry.append("</li>")
        parts.append("".join(entry))
    return Fragment("\n".join(parts))


# A document's own address is another site: always a new tab, never an opener or a referrer.
_OUT = ' target="_blank" rel="noopener noreferrer"'


def _line_label(c: CitationMark) -> str:
    """The line a back-link is labelled with: "12", or "12–15" for a range."""
    if c.line_end > c.line_start:
        return f"{c.line_start}\u2013{c.line_end}"
    return str(c.line_start)
