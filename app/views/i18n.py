"""The interface language of one page: its message catalog, plural rules, number and list
formats, and the `?hl=` the site's own links carry.

Every string the site shows a reader goes through `Interface.gettext`/`ngettext` (in
templates, `{% trans %}` and `_()`, installed by app.views.templates). Catalogs are gettext
`.po` files in app/locales/, compiled to `.mo` when the package is installed (hatch_build.py)
or by `make messages`; numbers and lists are formatted by Babel for the interface language.
The documents' own text, figures included, is shown as written.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlencode

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal
from fastapi import Request
from markupsafe import Markup

from app.http.languages import OFFERED, chosen, negotiate
from app.search.syntax import MAX_QUERY_CHARS
from app.views.bidi import direction
from app.views.escaping import escape

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; translated where it is shown."""
    return message


#: The block names as the catalogs know them: app.domain.ENGLISH_TITLES' words (a test
#: checks), marked here because the domain layer knows no catalogs.
BLOCK_TITLES: dict[str, str] = {
    "key-partners": N_("Key Partners"),
    "key-activities": N_("Key Activities"),
    "key-resources": N_("Key Resources"),
    "value-propositions": N_("Value Propositions"),
    "customer-relationships": N_("Customer Relationships"),
    "channels": N_("Channels"),
    "customer-segments": N_("Customer Segments"),
    "cost-structure": N_("Cost Structure"),
    "revenue-streams": N_("Revenue Streams"),
}
#: A source's kind in words (the loader's words are for the loader).
KIND_NAMES: dict[str, str] = {"markdown-post": N_("Blog post"), "scraped-page": N_("Web page")}


class MissingCatalog(RuntimeError):
    """A language's compiled catalog is not installed (run `make messages`)."""


@cache  # one per language per process: catalogs ship with the code
def translations(lang: str) -> gettext.GNUTranslations:
    mo = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file():
        raise MissingCatalog(f"{mo}: no compiled catalog for {lang!r}; run `make messages`")
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


@dataclass(frozen=True, slots=True)
class Switch:
    """One entry of the language switch: the language named in itself, and this page in it."""

    lang: str
    dir: str
    autonym: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class Interface:
    """What one page speaks. `carried` is the `?hl=` the reader chose, which the site's
    links carry on (None: every page speaks its own default)."""

    lang: str
    carried: str | None = None

    @property
    def dir(self) -> str:
        return direction(self.lang)  # the one rule, as for the documents' text

    @property
    def locale(self) -> Locale:
        return _locale(self.lang)

    def gettext(self, message: str) -> str:
        return translations(self.lang).gettext(message)

    def plural(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` by the language's plural rules (Arabic has six), unfilled."""
        return translations(self.lang).ngettext(singular, plural, n)

    def ngettext(self, singular: str, plural: str, n: int, **values: str) -> str:
        """`plural`, with `%(num)s` filled by `n` formatted for the language (and any
        other `%(name)s` by `values`)."""
        return self.plural(singular, plural, n) % {"num": self.number(n), **values}

    def number(self, n: int) -> str:
        return _number(self.lang, n)

    def join(self, items: list[str]) -> str:
        """`a, b and c` as the language writes a list (`a و b و c`)."""
        return format_list(items, locale=self.locale) if items else ""

    def links(self, links: list[tuple[object, str]], target: str = "") -> Markup:
        """Links `(text, href)` as a list in the language's words ("2015, 2023 and 2025",
        "2015 و2023 و2025"), each text and address escaped; `target` is markup of ours
        (an embed's new-tab attributes)."""
        items = [
            f'<a href="{escape(href)}"{target}>{escape(str(text))}</a>' for text, href in links
        ]
        return Markup(self.join(items))  # Babel adds words and commas, never markup

    def language(self, code: str) -> str:
        """A language's name in the interface language ("Arabic", "الإنجليزية")."""
        return str(self.locale.languages.get(code, code))

    def block_title(self, kind: str) -> str:
        return self.gettext(BLOCK_TITLES[kind])

    def kind_name(self, kind: str | None) -> str:
        """A source kind in words ("" for none: a source the database no longer holds)."""
        found = KIND_NAMES.get(kind) if kind else None
        return self.gettext(found) if found else (kind or "")

    @property
    def og_locale(self) -> str:
        """OpenGraph's form of the language (`ar_AR`, `en_US`)."""
        return _OG_LOCALES.get(self.lang, self.lang)

    def href(self, url: str) -> str:
        """A link of the site's own, carrying the reader's `?hl=` when there is one."""
        if self.carried is None:
            return url
        path, hash_, fragment = url.partition("#")
        sep = "&" if "?" in path else "?"
        return f"{path}{sep}hl={self.carried}{hash_}{fragment}"

    def switch(self, request: Request, keep_query: bool = True) -> list[Switch]:
        """This page in each interface language: a query-only link (`?hl=ar`), so the page's
        own address is never written into it (an error page echoes no address), keeping the
        parameters the page reads (all its handler is given: app.http.rules) unless
        `keep_query` is off."""
        params = request.query_params.multi_items() if keep_query else []
        kept = [(k, v[:MAX_QUERY_CHARS]) for k, v in params if k != "hl"]
        return [
            Switch(
                lang,
                direction(lang),
                _locale(lang).get_language_name(lang) or lang,
                f"?{urlencode([*kept, ('hl', lang)])}",
                lang == self.lang,
            )
            for lang in OFFERED
        ]


_OG_LOCALES = {"en": "en_US", "ar": "ar_AR"}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=4096)  # the same counts on every page; Babel's formatting is the slow part
def _number(lang: str, n: int) -> str:
    return format_decimal(n, locale=_locale(lang))


def interface(request: Request, default: str | None = None) -> Interface:
    """The interface language of a page: `?hl=` when it names one; else `default` (a
    snapshot's language) or, without one, the best match of Accept-Language."""
    return choose(request.query_params.get("hl"), default, request.headers.get("accept-language"))


def choose(hl: str | None, default: str | None, accept_language: str | None = None) -> Interface:
    """`interface`'s rule, for an address that is not the request's (oEmbed's `url`)."""
    picked = chosen(hl)
    if picked is not None:
        return Interface(picked, picked)
    if default is not None and default in OFFERED:
        return Interface(default)
    return Interface(negotiate(accept_language))


def check_catalogs() -> None:
    """Every offered language's catalog loads (at start-up, not at a reader's first page)."""
    for lang in OFFERED:
        translations(lang)


def page_title(ui: Interface, company: str, year: int, kind: str | None = None) -> str:
    """A canvas's title ("Acme — business model canvas, 2023") or one block's ("Acme — Key
    Partners, 2023"), in the interface language: page titles, previews, embeds, oEmbed."""
    if kind is None:
        message = ui.gettext(N_("%(company)s — business model canvas, %(year)s"))
        return message % {"company": company, "year": year}
    message = ui.gettext(N_("%(company)s — %(block)s, %(year)s"))
    return message % {"company": company, "block": ui.block_title(kind), "year": year}
