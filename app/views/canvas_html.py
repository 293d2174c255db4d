"""The canvas markup that repeats per claim: paragraphs, lists, tables, citations, references.

Why Python and not Jinja: a claim prints about fifteen values, and Jinja wraps every printed
value in a `Markup` object, which made the template most of a large canvas's render. Here
every value joined into markup passes through app.views.escaping (markupsafe, quotes
included, so the same call is safe in text and in attribute values); the few values that
repeat on every claim (language codes, source titles and kinds) go through a small cache.
Numbers are formatted from ints; block kinds and English titles come from app.domain, not
from a document. Interface words come from the page's message catalog (app.views.i18n),
looked up once per page language (`Labels`), and every link of the site's own carries the
reader's `?hl=` (`Interface.href`). The finished markup goes to Jinja as a `Fragment`; the
page around it (title, year switch, credit line, the source list's frame) stays in
templates/partials/canvas.html, and `map_html`, `blocks_html`, `block_html` and
`references_html` are its globals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.views import urls
from app.views.bidi import isolated_html
from app.views.canvas_model import (
    CanvasPage,
    CitationMark,
    ClaimView,
    Group,
    Item,
    Panel,
    canvas_href,
)
from app.views.escaping import escape
from app.views.escaping import escape_repeated as _attr
from app.views.i18n import N_, Interface

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
    windows: bool = False  # the page reads a block a window at a time (it links the others)


PAGE = Links()
BLOCK_PAGE = Links(page_links=False, full_headings=True, windows=True)
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


@dataclass(frozen=True, slots=True)
class Labels:
    """The interface words a drawing repeats, in one language: looked up in its catalog once
    per language, not once per claim (`%(...)s` filled per use)."""

    ui: Interface
    lang_dir: str  # `lang="…" dir="…"` of the interface, for the elements it writes
    line: str
    lines: str
    link: str
    link_to: str
    block_page: str
    embed: str
    see: str
    none_in: str
    no_statements: str
    source: str
    glance: str
    back: str
    feeds: str
    cited_by: str
    reads: str

    def lines_label(self, start: int, end: int) -> str:
        """ "line 12", "lines 12–15" """
        if start == end:
            return self.line % {"n": start}
        return self.lines % {"start": start, "end": end}


@cache  # one per interface language and `?hl=` (an Interface is a small frozen value)
def labels(ui: Interface) -> Labels:
    t = ui.gettext
    return Labels(
        ui,
        lang_dir=f'lang="{ui.lang}" dir="{ui.dir}"',
        line=t(N_("line %(n)s")),
        lines=t(N_("lines %(start)s–%(end)s")),
        link=t(N_("Link")),
        link_to=t(N_("to %(block)s")),
        block_page=t(N_("Block page")),
        embed=t(N_("Embed")),
        see=t(N_("See %(year)s")),
        none_in=t(N_("None in %(year)s.")),
        no_statements=t(N_("No statements for this block in %(year)s.")),
        source=t(N_("Source")),
        glance=t(N_("The canvas at a glance")),
        back=t(N_("Back to statement %(n)s, %(lines)s")),
        feeds=t(N_("Feeds %(years)s")),
        cited_by=t(N_("Cited by statements at")),
        reads=t(N_("Line %(n)s of the source reads:")),
    )


def citation_html(cite: CitationMark, words: Labels, target: str = "") -> str:
    """The numbered link to the source lines, with the popover htmx fills on hover or focus
    (in the page's interface language: the quote carries `hl`)."""
    n, start, end = cite.number, cite.line_start, cite.line_end
    ui = words.ui
    href = escape(ui.href(urls.source_lines(cite.source_key, start, end)))
    lines = escape(urls.source_quote(cite.source_key, start, end, ui.lang))
    return (
        "\u2060"  # a word joiner: the marker never starts a line of its own
        f'<sup class="cite"><a id="cite-{n}"'
        f' href="{href}"{target}'
        f' aria-describedby="pop-{n}" data-hx-get="{lines}"'
        f' data-hx-trigger="{_TRIGGER}" data-hx-target="#pop-{n}" data-hx-swap="innerHTML">'
        f'[{n}]</a><span class="popover" id="pop-{n}" role="tooltip" {words.lang_dir}>'
        f"{words.lines_label(start, end)}</span></sup>"
    )


def map_html(page: CanvasPage, ui: Interface, links: Links = PAGE) -> Fragment:
    """The canvas at a glance: the nine panels in the standard layout, each with the block's
    canonical name, how many statements it holds and a few phrases of its own text (each its
    own list item, so no control character in one reorders another), linking to the block's
    text below (in an embed, to the block in the full canvas)."""
    words = labels(ui)
    target = _NEW_TAB if links.new_tab else ""
    lang_dir = words.lang_dir
    parts = [
        f'<section id="canvas-map" class="canvas-map" aria-labelledby="canvas-map-title"'
        f' lang="{_attr(page.lang)}" dir="{page.dir}">'
        f'\n<h2 id="canvas-map-title" class="visually-hidden" {lang_dir}>'
        f'{escape(words.glance)}</h2>\n<ol class="map">'
    ]
    for panel in page.panels:
        kind = panel.kind  # one of BLOCK_KINDS: letters and dashes
        href = escape(ui.href(page.anchor_href(kind))) if links.new_tab else f"#{kind}"
        parts.append(
            f'<li class="map-panel map-{kind}{" map-empty" if panel.empty else ""}"'
            f' data-block="{kind}">'
            f'<h3 class="map-name"><a href="{href}"{target}>{_canonical(panel, ui)}</a></h3>'
        )
        if panel.empty:
            see = (
                f' <a class="see-year" href="{escape(ui.href(panel.nearest_href))}"{target}>'
                f"{escape(words.see % {'year': panel.nearest_year})}</a>"
                if panel.nearest_href
                else ""
            )
            none = escape(words.none_in % {"year": page.year})
            parts.append(f'<p class="empty" {lang_dir}>{none}{see}</p>')
        else:
            count = ui.ngettext("%(num)s statement", "%(num)s statements", panel.count)
            lang = _attr(panel.phrases_lang)
            items = "".join(
                [
                    f'<li dir="{panel.phrases_dir}">{isolated_html(p, panel.phrases_lang)}</li>'
                    for p in panel.phrases
                ]
            )
            parts.append(
                f'<p class="map-count" {lang_dir}>{escape(count)}</p>'
                f'<ul class="phrases" lang="{lang}" dir="{panel.phrases_dir}">{items}</ul>'
            )
        parts.append("</li>")
    parts.append("</ol>\n</section>")
    return Fragment("\n".join(parts))


def _canonical(panel: Panel, ui: Interface) -> str:
    """The block's canonical name in the interface language, with the English one under it
    on a page that speaks another (readers share links across languages): the same name for
    every company, whatever its documents call the block (their headings head its text)."""
    if ui.lang == "en":
        return f'<span class="heading-ui" lang="en" dir="ltr">{panel.title}</span>'
    return (
        f'<span class="heading-ui" lang="{ui.lang}" dir="{ui.dir}">'
        f"{escape(ui.block_title(panel.kind))}</span> "
        f'<span class="heading-en" lang="en" dir="ltr">{panel.title}</span>'
    )


def blocks_html(page: CanvasPage, ui: Interface, links: Links = PAGE) -> Fragment:
    """The text: one section per block, in canvas order."""
    words = labels(ui)
    return Fragment("\n".join([_block(page, panel, words, links) for panel in page.panels]))


def block_html(page: CanvasPage, kind: str, ui: Interface, links: Links = PAGE) -> Fragment:
    """One block's text, for its own page or embed."""
    return Fragment(_block(page, page.panel(kind), labels(ui), links))


def _names(panel: Panel, ui: Interface, links: Links) -> str:
    """The block's name as each language part writes it; beside a name in another language,
    the English name (readers share links across languages) and, on a page whose interface
    speaks neither, the interface's name for it."""
    english = f'<span class="heading-en" lang="en" dir="ltr">{panel.title}</span>'
    own = f'<span class="heading-ui" lang="{ui.lang}" dir="{ui.dir}">'
    own += f"{escape(ui.block_title(panel.kind))}</span>"
    if not panel.sections:  # an empty block: named in the interface language (and English)
        if ui.lang == "en":
            return f'<span class="heading-as-written" lang="en" dir="ltr">{panel.title}</span>'
        return f"{own} {english}"
    parts = []
    for section in panel.sections:
        heading = section.heading if links.full_headings else section.name
        parts.append(
            f'<span class="heading-as-written" lang="{_attr(section.lang)}"'
            f' dir="{section.dir}">{isolated_html(heading, section.lang)}</span>'
        )
    langs = {section.lang for section in panel.sections}
    if ui.lang not in langs and ui.lang != "en":
        parts.append(own)
    if panel.sections[0].lang != "en" or len(panel.sections) > 1:
        parts.append(english)
    return " ".join(parts)


def _block(page: CanvasPage, panel: Panel, words: Labels, links: Links) -> str:
    """Its name, a quiet row of actions (copy a link, its own page, embed it), then the
    groups, or what to see instead when the block is empty."""
    ui = words.ui
    kind = panel.kind  # one of BLOCK_KINDS: letters and dashes
    target = _NEW_TAB if links.new_tab else ""
    lang_dir = words.lang_dir
    parts = [
        f'<section id="{kind}" class="block block-{kind}" data-block="{kind}"'
        f' aria-labelledby="{kind}-title">\n<div class="block-head">'
        f'<h2 id="{kind}-title" class="block-title">{_names(panel, ui, links)}</h2>'
    ]
    if links.block_links:  # static/block-links.js makes the first a "Copy link" button
        title = escape(ui.block_title(kind))
        block_page = escape(ui.href(page.block_href(kind)))
        parts.append(
            f'<p class="block-actions" {lang_dir}>'
            f'<a class="block-link" href="{escape(ui.href(page.anchor_href(kind)))}">'
            f'<span class="label">{escape(words.link)}</span><span class="visually-hidden"> '
            f"{escape(words.link_to % {'block': ui.block_title(kind)})}</span></a>"
        )
        if links.page_links:  # (a block's own page has its Embed dialog at the top)
            block_page_hash = escape(ui.href(f"{page.block_href(kind)}#embed-code"))
            parts.append(
                f'<a class="block-page" href="{block_page}">{escape(words.block_page)}'
                f'<span class="visually-hidden">: {title}</span></a>'
                f'<a class="block-embed" href="{block_page_hash}">{escape(words.embed)}'
                f'<span class="visually-hidden"> {title}</span></a>'
            )
        parts.append("</p>")
    parts.append("</div>")
    if panel.empty:
        see = (
            f' <a href="{escape(ui.href(panel.nearest_href))}"{target}>'
            f"{escape(words.see % {'year': panel.nearest_year})}</a>"
            if panel.nearest_href
            else ""
        )
        none = escape(words.no_statements % {"year": page.year})
        parts.append(f'<p class="empty" {lang_dir}>{none}{see}</p>')
    for section in panel.sections:
        parts.append(_groups(section.groups, words, target))
    if not panel.whole and not links.windows:
        parts.append(_more(page, panel, ui, target))
    parts.append("</section>")
    return "\n".join(parts)


def _more(page: CanvasPage, panel: Panel, ui: Interface, target: str) -> str:
    """Under a block shown in part (its first statements): how much, and where the rest is."""
    shown = ui.ngettext(
        "The first %(shown)s of %(num)s statement.",
        "The first %(shown)s of %(num)s statements.",
        panel.count,
        shown=ui.number(panel.shown[1]),
    )
    rest = urls.block_window(panel.shown[1] + 1)  # the window that holds the next one
    href = ui.href(urls.block(page.company.slug, page.year, panel.kind, rest))
    at = f"#c-{panel.next_anchor}" if panel.next_anchor else ""  # the first one not shown
    href = escape(href + at)
    label = ui.gettext("The rest on the block's page")
    return (
        f'<p class="block-more" lang="{ui.lang}" dir="{ui.dir}">{escape(shown)}'
        f' <a href="{href}"{target}>{escape(label)}</a></p>'
    )


def _groups(groups: list[Group], words: Labels, target: str) -> str:
    """A section's groups: claims under their topic (sub-heading), item after item."""
    parts = []
    for group in groups:
        lang = _attr(group.lang)
        parts.append(f'<div class="group" lang="{lang}" dir="{group.dir}">')
        if group.topic:
            parts.append(f'<h3 class="topic">{isolated_html(group.topic, group.lang)}</h3>')
        parts += [
            _table(item, words, target) if item.kind == "table" else _claims(item, words, target)
            for item in group.items
        ]
        parts.append("</div>")
    return "\n".join(parts)


def _claims(item: Item, words: Labels, target: str) -> str:
    """A run of paragraphs, one bullet list, or one ordered list whose items keep the numbers
    the document gave them (`value`: a list may start at 4, or skip one)."""
    tag = "p" if item.kind == "paragraph" else "li"
    body = "\n".join(
        [
            f'<{tag} id="c-{escape(c.anchor)}" class="claim" lang="{_attr(c.lang)}"'
            f' dir="{c.dir}"{_value(c.number)}>{isolated_html(c.text, c.lang)}'
            f"{_left_out(c, words, target) if c.left_out else ''}"
            f"{citation_html(c.citation, words, target)}</{tag}>"
            for c in item.claims
        ]
    )
    if item.kind == "numbered":
        return f'<ol class="claims">\n{body}\n</ol>'
    return f'<ul class="claims">\n{body}\n</ul>' if tag == "li" else body


def _left_out(c: ClaimView, words: Labels, target: str) -> str:
    """After a statement too long to show whole: how much more there is, linking its lines."""
    ui = words.ui
    more = ui.ngettext(
        "%(num)s more character in the source", "%(num)s more characters in the source", c.left_out
    )
    cite = c.citation
    href = escape(ui.href(urls.source_lines(cite.source_key, cite.line_start, cite.line_end)))
    return (
        f'… <span class="left-out" {words.lang_dir}><a href="{href}"{target}>'
        f"{escape(more)}</a></span>"
    )


def _value(number: int | None) -> str:
    return "" if number is None else f' value="{number}"'


def _table(item: Item, words: Labels, target: str) -> str:
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
            f'<td class="cite-col">{citation_html(r.citation, words, target)}</td></tr>'
        )
    body = "\n".join(rows)
    thead = (  # a table whose document wrote no header row has none (all its rows are data)
        f'<thead><tr>{head}<th scope="col" class="cite-col"><span class="visually-hidden"'
        f" {words.lang_dir}>{escape(words.source)}</span></th></tr></thead>\n"
        if item.header
        else ""
    )
    return (
        f'<div class="table-wrap">\n<table lang="{_attr(lang)}">\n{thead}'
        f"<tbody>\n{body}\n</tbody>\n</table>\n</div>"
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


def references_html(page: CanvasPage, ui: Interface, links: Links = PAGE) -> Fragment:
    """One entry per cited document, as a reference work lists them: the document's title
    and kind, then a back-link to each statement it supports, labelled with its line number
    (Wikipedia's "^ a b c", with lines for letters). The statements are not repeated here;
    the cited lines themselves are one hover away in each marker's popover."""
    words = labels(ui)
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
                f' aria-label="{escape(_back(words, c))}">'
                f"{_line_label(c)}</a>"
                for c in citations
            ]
        )
        href = escape(ui.href(urls.source(citations[0].source_key)))
        kind = ui.kind_name(source.kind)
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
            years = ui.links(
                [(y, ui.href(canvas_href(page.company.slug, y))) for y in source.years], target
            )
            entry.append(f'. <span class="feeds">{escape(words.feeds) % {"years": years}}</span>')
        entry.append(
            f'.<span class="backlinks"><span aria-hidden="true">^ </span>'
            f'<span class="visually-hidden">{escape(words.cited_by)} </span>{back}</span>'
        )
        for c in citations:
            if c.as_written is None:
                continue
            reads = escape(words.reads % {"n": c.line_start})
            entry.append(
                f'<span class="as-written">{reads} <q dir="auto">{escape(c.as_written)}'
                f"{'…' if c.written_cut else ''}</q></span>"
            )
        entry.append("</li>")
        parts.append("".join(entry))
    return Fragment("\n".join(parts))


# A document's own address is another site: always a new tab, never an opener or a referrer.
_OUT = ' target="_blank" rel="noopener noreferrer"'


def _back(words: Labels, c: CitationMark) -> str:
    return words.back % {"n": c.number, "lines": words.lines_label(c.line_start, c.line_end)}


def _line_label(c: CitationMark) -> str:
    """The line a back-link is labelled with: "12", or "12–15" for a range."""
    if c.line_end > c.line_start:
        return f"{c.line_start}\u2013{c.line_end}"
    return str(c.line_start)
