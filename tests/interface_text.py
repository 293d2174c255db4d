"""Reading a page's HTML in tests: its start tags (`elements`), and what of it is interface
text in a language, for the tests that no English interface word is left on an Arabic page
(from the server's HTML or from Chromium's live DOM)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Not interface text: scripts, the documents' own words (isolated runs, quoted source lines,
#: cited titles), code, the page title (checked whole by the tests), the embed snippet.
SKIPPED = frozenset({"script", "style", "bdi", "code", "textarea", "title", "q", "cite"})
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
#: Attributes a reader meets: tooltips, labels for screen readers, the scripts' words.
SPOKEN = ("title", "aria-label", "alt", "placeholder", "data-copy-link", "data-copied",
          "data-link-to-block", "data-printed")  # fmt: skip
#: A word with a lowercase Latin letter, not part of an address, a file name or a figure
#: (acronyms such as JSON or HTML are not English words).
ENGLISH_WORD = re.compile(r"(?<![\w./:@#%{-])[A-Za-z]*[a-z][A-Za-z]*(?![\w./:@#%}-])")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


class InterfaceText(HTMLParser):
    """Collects (text, where) for every text and spoken attribute whose language is `lang`,
    outside the skipped elements; `where` names the nearest element with a class or id."""

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.found: list[tuple[str, str]] = []
        self._stack: list[tuple[str, str, bool, str]] = [("", "", False, "")]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        _, parent_lang, parent_skip, parent_where = self._stack[-1]
        lang = values.get("lang", parent_lang)
        where = values.get("class") or values.get("id") or parent_where
        skip = parent_skip or tag in SKIPPED
        if not skip and lang == self.lang:
            for name in SPOKEN:
                if values.get(name):
                    self.found.append((values[name], f"{tag}[{name}] in {where}"))
        if tag not in VOID:
            self._stack.append((tag, lang, skip, f"{tag}.{where}"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return

    def handle_data(self, data: str) -> None:
        _, lang, skip, where = self._stack[-1]
        if not skip and lang == self.lang and data.strip():
            self.found.append((data.strip(), where))


def interface_text(html: str, lang: str) -> list[tuple[str, str]]:
    parser = InterfaceText(lang)
    parser.feed(html)
    return parser.found


def english_words(
    html: str, lang: str = "ar", names: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """(word, where) for every English word in the page's `lang` interface text, but for
    `names` (a company's name is data, also where no element can isolate it: a title)."""
    found = []
    for text, where in interface_text(html, lang):
        for name in names:
            text = text.replace(name, " ")
        found += [(word, where) for word in ENGLISH_WORD.findall(text)]
    return found


def arabic_letters(html: str, lang: str = "en") -> list[tuple[str, str]]:
    """(text, where) for every piece of `lang` interface text with Arabic letters in it."""
    return [(t, w) for t, w in interface_text(html, lang) if ARABIC_LETTER.search(t)]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag with its attributes, in document order."""
    parser = _Elements()
    parser.feed(html)
    return parser.tags
