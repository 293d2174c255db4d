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
templates/partials/canvas.html, and `lead_html`, `key_figures_html`, `map_html`, `blocks_html`,
`block_html` and `references_html` are its globals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from app.figures import figures as read_figures
from app.views import urls
from app.views.bidi import direction, isolated_html
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
from app.views.figures_chart import period_label
from app.views.figures_model import metric_name
from app.views.i18n import N_, Interface

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
    back_use: str
    feeds: str
    full_text: str

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
        back=t(N_("Back to citation %(n)s in the text")),
        back_use=t(N_("Back to citation %(n)s, use %(use)s, in the text")),
        feeds=t(N_("Feeds %(years)s")),
        full_text=t(N_("Full text")),
    )


def citation_html(
    cite: CitationMark, words: Labels, marker_id: str | None = None, kind: str = "cite"
) -> str:
    """The numbered marker: a link to its entry in the reference list (Wikipedia's model),
    one Tab stop. static/citations.js previews the quoted lines on hover or focus (a sheet on
    a phone tap), from `data-quote` (in the page's interface language: it carries `hl`);
    `data-lines` is where they stand in the source."""
    n, start, end = cite.number, cite.line_start, cite.line_end
    ui = words.ui
    lines = escape(ui.href(urls.source_lines(cite.source_key, start, end)))
    quote = escape(urls.source_quote(cite.source_key, start, end, ui.lang))
    return (
        "\u2060"  # a word joiner: the marker never starts a line of its own
        f'<sup class="{kind}" dir="ltr"><a id="{marker_id or cite.marker_id}" href="#ref-{n}"'
        f' data-quote="{quote}" data-lines="{lines}">[{n}]</a></sup>'
    )


def lead_html(page: CanvasPage, ui: Interface) -> Fragment:
    """Under the title: the snapshot's intro as its document wrote it (cited: its line),
    then what the canvas holds, in facts (its language, statements, blocks, sources)."""
    parts = []
    lead = page.lead
    if lead is not None:
        title = escape(page.title_of(lead.source_key))
        href = escape(ui.href(urls.source_lines(lead.source_key, lead.line, lead.line)))
        where = escape(labels(ui).lines_label(lead.line, lead.line))
        # two lines until the reader opens it: the map stays on the first screen
        parts.append(
            f'<details class="lead" lang="{_attr(lead.lang)}" dir="{lead.dir}"><summary>'
            f'<span class="lead-text" dir="{lead.dir}">{isolated_html(lead.text, lead.lang)}'
            f'</span></summary><p class="lead-cite" lang="{ui.lang}" dir="{ui.dir}">'
            f'<a href="{href}"><bdi>{title}</bdi>, {where}</a></p></details>'
        )
    facts = ui.gettext("%(language)s snapshot: %(statements)s in %(blocks)s, from %(sources)s.")
    values = {
        "language": ui.language(page.lang),
        "statements": ui.ngettext("%(num)s statement", "%(num)s statements", page.statements),
        "blocks": ui.ngettext("%(num)s block", "%(num)s blocks", page.blocks_written),
        "sources": ui.ngettext("%(num)s source", "%(num)s sources", len(page.sources)),
    }
    parts.append(f'<p class="canvas-facts">{escape(facts % values)}</p>')
    return Fragment("\n".join(parts))


def key_figures_html(page: CanvasPage, ui: Interface) -> Fragment:
    """After the lead: the snapshot's key figures (app.views.figures_model.key_figures), each
    the metric's name, the figure as written, its period and its citation (the statement's
    marker, where the page shows it; else a link to its lines), then a link to the figures
    over time. Nothing where the snapshot has none."""
    if not page.key_figures:
        return Fragment("")
    words = labels(ui)
    items: list[str] = []
    for point in page.key_figures:
        stated = point.stated
        name = escape(metric_name(point.metric, ui.lang))
        written = isolated_html(stated.figure.text, stated.lang)
        period = escape(period_label(point.period, ui))
        if point.assumed:
            period = escape(ui.gettext(N_("%(year)s snapshot")) % {"year": stated.year})
        notes = [ui.gettext(_KEY_NOTES[q]) for q in point.qualifiers if q in _KEY_NOTES]
        if point.metric in page.key_conflicts:
            notes.append(ui.gettext(N_("the documents differ")))
        note = f' <span class="kf-note">{escape(ui.join(notes))}</span>' if notes else ""
        mark = page.marker_of(stated.anchor)
        if mark is not None:
            # the statement's number, but not one of its uses (the note links back to those)
            cite = citation_html(mark, words, f"kf-{len(items) + 1}", "kf-cite")
        else:
            href = escape(
                ui.href(urls.source_lines(stated.source_key, stated.line_start, stated.line_end))
            )
            source = escape(words.source)
            cite = f'<sup class="kf-cite" dir="ltr"><a href="{href}">[{source}]</a></sup>'
        items.append(
            f'<div class="kf"><dt>{name}</dt><dd>'
            f'<span class="kf-value" lang="{_attr(stated.lang)}" dir="{direction(stated.lang)}">'
            f"{written}</span>{cite}"
            f'<span class="kf-period">{period}{note}</span></dd></div>'
        )
    heading = escape(ui.gettext(N_("Key figures")))
    more = escape(ui.gettext(N_("Figures over time")))
    href = escape(ui.href(urls.figures(page.company.slug)))
    return Fragment(
        f'<section class="key-figures" aria-labelledby="kf-h"><h2 id="kf-h">{heading}</h2>'
        f"<dl>{''.join(items)}</dl>"
        f'<a class="kf-more" href="{href}">{more}</a></section>'
    )


_KEY_NOTES = {
    "projected": N_("projected"),
    "at least": N_("at least"),
    "at most": N_("at most"),
    "about": N_("about"),
    "adjusted": N_("adjusted"),
}


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
            f' dir="{c.dir}"{_value(c.number)}><span dir="{c.dir}">'
            f"{isolated_html(c.text, c.lang)}"
            f"{_left_out(c, words, target) if c.left_out else ''}</span>"
            f"{citation_html(c.citation, words)}</{tag}>"
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
    # each cell names its column (`data-label`): a phone stacks a row's cells, each under
    # its header, rather than scroll it sideways (static/app.css)
    named = [f' data-label="{_attr(h)}"' if h.strip() else "" for h in item.header]
    named += [""] * (width - len(named))
    bars = _bars(item, numeric)
    rows = []
    for n, r in enumerate(item.rows):
        cells = "".join(
            [
                f"<td{_NUM if numeric[i] else ''}{named[i]}>{isolated_html(cell, r.lang)}"
                f"{_bar(bars[i], n)}</td>"
                for i, cell in enumerate(r.cells)
            ]
        )
        padding = "<td></td>" * (width - len(r.cells))
        rows.append(
            f'<tr id="c-{escape(r.anchor)}" class="claim" lang="{_attr(r.lang)}"'
            f' dir="{r.dir}">{cells}{padding}'
            f'<td class="cite-col">{citation_html(r.citation, words)}</td></tr>'
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


def _bar(column: list[str] | None, row: int) -> str:
    return column[row] if column else ""


def _bars(item: Item, numeric: list[bool]) -> list[list[str] | None]:
    """For each column, each row's in-cell bar (Datawrapper's table), or None: a column gets
    bars when every cell of it is one figure (not a year, not a quarter), all of one unit and
    currency, of at least two values that differ. A bar is drawn from zero, to the end for a
    positive value and to the start for a negative one (both directions around one zero line);
    an SVG's own attributes, so the page's style policy and print keep it; a right-to-left
    row's bars grow from the right."""
    found: list[list[str] | None] = []
    for i, is_number in enumerate(numeric):
        values: list[float | None] = []
        kinds = set()
        for row in item.rows:
            cell = row.cells[i].strip() if i < len(row.cells) else ""
            read = read_figures(cell, row.lang) if cell else []
            if len(read) > 1 or (read and read[0].unit in ("quarter", "pp")):
                values = []
                break
            value = float(read[0].value) if read else None
            if value is not None and cell.startswith("(") and cell.endswith(")"):
                value = -value  # "(5.2)": an accountant's minus
            values.append(value)
            if read:
                kinds.add((read[0].unit, read[0].currency))
        stated = [v for v in values if v is not None]
        if not is_number or len(kinds) != 1 or len(set(stated)) < 2:
            found.append(None)
            continue
        low, high = min(0.0, *stated), max(0.0, *stated)
        span = high - low
        zero = -low / span * 100
        column = []
        for v, row in zip(values, item.rows, strict=True):
            if v is None:
                column.append("")
                continue
            start = zero + min(v, 0) / span * 100
            length = max(abs(v) / span * 100, 0.5)
            axis = zero
            if row.dir == "rtl":  # drawn from the right, as the row reads
                start, axis = 100 - start - length, 100 - zero
            column.append(
                '<svg class="cell-bar" viewBox="0 0 100 4" preserveAspectRatio="none"'
                f' aria-hidden="true"><rect class="{"neg" if v < 0 else "pos"}"'
                f' x="{start:.2f}" width="{length:.2f}" height="4"/>'
                + (f'<line x1="{axis:.2f}" x2="{axis:.2f}" y1="0" y2="4"/>' if low < 0 else "")
                + "</svg>"
            )
        found.append(column)
    return found


def references_html(page: CanvasPage, ui: Interface, links: Links = PAGE) -> Fragment:
    """The references, as a reference work lists them: one entry per cited document (its
    title in the page's language where the document gives one, its kind, site and address,
    the snapshots it feeds, its full text here), then that document's notes, numbered as the
    markers in the text: each note a back-link to its markers ("^", or "^ a b c" for
    several) and the lines it cites. The quoted lines are one hover away in each marker."""
    words = labels(ui)
    target = _NEW_TAB if links.new_tab else ""
    notes: dict[str, dict[int, list[CitationMark]]] = {}
    for c in page.references:
        notes.setdefault(c.source_key, {}).setdefault(c.number, []).append(c)
    parts = []
    for number, (key, cited) in enumerate(notes.items(), start=1):
        source = page.source_of(next(iter(cited.values()))[0])
        href = escape(ui.href(urls.source(key)))
        title = page.title_of(key)
        entry = [
            f'<li id="source-{number}" class="reference">'
            f'<p class="reference-source"><cite><bdi>{_attr(title)}</bdi></cite>.'
            f' <span class="kind">{_attr(ui.kind_name(source.kind))}</span>'
        ]
        if source.url:
            site = escape(_site(source.url))
            entry.append(
                f' · <span class="site" dir="ltr">{site}</span>'
                f' · <a class="origin" href="{escape(source.url)}" dir="ltr"{_OUT}>'
                f"{escape(source.url)}</a>"
            )
        if source.years:
            years = ui.links(
                [(y, ui.href(canvas_href(page.company.slug, y))) for y in source.years], target
            )
            entry.append(f' · <span class="feeds">{escape(words.feeds) % {"years": years}}</span>')
        entry.append(
            f' · <a class="full-text" href="{href}"{target}>{escape(words.full_text)}</a></p>'
            f'<ol class="notes" {words.lang_dir}>'
        )
        for n, uses in cited.items():
            first = uses[0]
            lines = words.lines_label(first.line_start, first.line_end)
            at = escape(ui.href(urls.source_lines(key, first.line_start, first.line_end)))
            entry.append(
                f'<li id="ref-{n}" value="{n}">{_backlinks(uses, words)}'
                f' <a class="note-lines" href="{at}"{target}>{escape(lines)}</a></li>'
            )
        entry.append("</ol></li>")
        parts.append("".join(entry))
    return Fragment("\n".join(parts))


# A document's own address is another site: always a new tab, never an opener or a referrer.
_OUT = ' target="_blank" rel="noopener noreferrer"'
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _site(url: str) -> str:
    """The site an address is on ("example.com"): what a reader cites a web page by."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _letter(i: int) -> str:
    """a, b, …, z, aa, ab, …: the labels of a note's back-links (Wikipedia's)."""
    label = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        label = _LETTERS[rest] + label
    return label


def _backlinks(uses: list[CitationMark], words: Labels) -> str:
    """ "^" to a note's one marker, or "^ a b c" to each of its markers, each labelled for
    a screen reader with the marker it returns to."""
    n = uses[0].number
    if len(uses) == 1:
        label = escape(words.back % {"n": n})
        return f'<a class="backlink" href="#{uses[0].marker_id}" aria-label="{label}">^</a>'
    links = " ".join(
        [
            f'<a class="backlink" href="#{c.marker_id}"'
            f' aria-label="{escape(words.back_use % {"n": n, "use": _letter(i)})}">'
            f"<sup>{_letter(i)}</sup></a>"
            for i, c in enumerate(uses)
        ]
    )
    return f'<span class="backlinks"><span aria-hidden="true">^</span> {links}</span>'
