"""The interface language: catalogs complete and current, every interface string in them,
the language each page speaks, `?hl=` carried by the site's links, plurals and formats."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from jinja2 import nodes
from jinja2.lexer import TOKEN_DATA, TOKEN_NAME

from app.domain import ENGLISH_TITLES
from app.http.languages import OFFERED
from app.views import i18n
from app.views.i18n import BLOCK_TITLES, LOCALES, Interface
from app.views.templates import TEMPLATES, environment
from app.web import create_app
from tests.interface_text import ARABIC_LETTER, SPOKEN, arabic_letters, elements, english_words

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("Cigna Corporation",)  # the seeds' company: data, not interface text


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def extracted() -> set[str]:
    """Every message the code and templates ask for, as `make messages-extract` finds them."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map, keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


# -- the catalogs ---------------------------------------------------------------------------


def test_every_interface_string_is_in_every_catalog() -> None:
    wanted = extracted()
    assert len(wanted) > 100  # templates and Python both
    assert "%(num)s statement" in wanted and "Copy link" in wanted  # Python-built, template
    for lang in OFFERED:
        have = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog(lang) if m.id}
        assert not wanted - have, f"{lang}: not in the catalog (make messages-update)"
        assert not have - wanted, f"{lang}: no longer asked for (make messages-update)"


def test_the_arabic_catalog_is_complete_and_nothing_is_fuzzy() -> None:
    ar = catalog("ar")
    assert ar.num_plurals == 6  # CLDR's zero, one, two, few, many, other
    for message in ar:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and len(strings) == (6 if message.pluralizable else 1), message.id
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        words = [re.sub(r"%\(\w+\)s|\{\w+\}", "", s) for s in strings]  # but placeholders
        assert all(ARABIC_LETTER.search(w) or not re.search("[a-z]{3}", w) for w in words)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in ar.check()]
    assert not problems  # the placeholders of every translation are the original's


def test_the_compiled_catalogs_are_the_catalogs() -> None:
    """The installed .mo is what its .po compiles to (after editing a .po: make messages)."""
    for lang in OFFERED:
        compiled = io.BytesIO()
        write_mo(compiled, catalog(lang))
        mo = LOCALES / lang / "LC_MESSAGES" / "messages.mo"
        assert mo.read_bytes() == compiled.getvalue(), f"{mo} is stale: run make messages"


def test_a_missing_compiled_catalog_stops_the_site_at_start_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seeded_db: Path
) -> None:
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.translations.cache_clear()
    try:
        with pytest.raises(i18n.MissingCatalog, match=r"messages\.mo: no compiled catalog"):
            create_app(seeded_db)
    finally:
        i18n.translations.cache_clear()


def test_block_titles_are_the_domains_words() -> None:
    assert BLOCK_TITLES == ENGLISH_TITLES


def template_sources() -> list[tuple[str, str]]:
    return [
        (p.relative_to(TEMPLATES).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(TEMPLATES.rglob("*.html"))
    ]


#: Literal template text that is not interface text: proper names and marks of the layout.
NOT_WORDS = {"CC BY-SA 3.0", "Strategyzer AG", "SHA-256", "OpenAPI", "HTML", "iframe"}


class _LiteralText(HTMLParser):
    """The text and spoken attributes of a template's own markup (expressions blanked)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag in ("script", "style")
        for name, value in attrs:
            if name in SPOKEN and value:
                self.words += _words(value)

    def handle_data(self, data: str) -> None:
        if not self._script:
            self.words += _words(data)


def _words(text: str) -> list[str]:
    for literal in NOT_WORDS:
        text = text.replace(literal, " ")
    return re.findall(r"[A-Za-z]{2,}", text)


@pytest.mark.parametrize(("name", "source"), template_sources(), ids=lambda v: v[:40])
def test_templates_hold_no_untranslated_words(name: str, source: str) -> None:
    """Every word a template writes itself goes through the catalog: its own markup, with
    every expression and tag of Jinja blanked, has no Latin words in its text or in the
    attributes a reader meets, but names."""
    inside_trans = False
    blanked = []
    for _, kind, value in environment().lex(source, name):
        if kind == TOKEN_NAME and value in ("trans", "endtrans"):
            inside_trans = value == "trans"
        blanked.append(value if kind == TOKEN_DATA and not inside_trans else "\x00")
    parser = _LiteralText()
    parser.feed(re.sub("\x00+", "\x00", "".join(blanked)))
    assert not parser.words, f"{name}: {parser.words}"


@pytest.mark.parametrize(("name", "source"), template_sources(), ids=lambda v: v[:40])
def test_templates_translate_only_literal_messages(name: str, source: str) -> None:
    """`_()` marks its result safe: given data (a document's words), it would print them
    unescaped. Only literal messages go through it; data goes through `ui.gettext`."""
    tree = environment().parse(source)
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in ("_", "gettext", "ngettext"):
            assert call.args and isinstance(call.args[0], nodes.Const), (name, call.lineno)


# -- the interface language's rules --------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "لا عبارات"),
        (1, "عبارة واحدة"),
        (2, "عبارتان"),
        (3, "3 عبارات"),
        (10, "10 عبارات"),
        (11, "11 عبارة"),
        (99, "99 عبارة"),
        (100, "100 عبارة"),
        (103, "103 عبارات"),
        (1000, "1,000 عبارة"),
    ],
)
def test_arabic_counts_take_the_form_of_their_number(n: int, words: str) -> None:
    assert Interface("ar").ngettext("%(num)s statement", "%(num)s statements", n) == words


def test_english_counts_and_babels_formats() -> None:
    en, ar = Interface("en"), Interface("ar")
    assert en.ngettext("%(num)s statement", "%(num)s statements", 1) == "1 statement"
    assert en.ngettext("%(num)s statement", "%(num)s statements", 1234) == "1,234 statements"
    assert en.join(["2015", "2023", "2025"]) == "2015, 2023, and 2025"
    assert ar.join(["2015", "2023", "2025"]) == "2015 و2023 و2025"
    assert (en.language("ar"), ar.language("en"), ar.language("ar")) == (
        "Arabic", "الإنجليزية", "العربية",
    )  # fmt: skip
    assert (en.dir, ar.dir, ar.og_locale) == ("ltr", "rtl", "ar_AR")
    assert ar.block_title("key-partners") == "الشركاء الرئيسيون"


@pytest.mark.parametrize(
    ("url", "carried"),
    [
        ("/c/x/2015", "/c/x/2015?hl=en"),
        ("/c/x/2015#key-partners", "/c/x/2015?hl=en#key-partners"),
        ("/sources/k/lines?start=1&end=2", "/sources/k/lines?start=1&end=2&hl=en"),
        ("https://h.example/c/x/2015#a", "https://h.example/c/x/2015?hl=en#a"),
    ],
)
def test_a_chosen_language_rides_on_the_sites_links(url: str, carried: str) -> None:
    assert Interface("en", "en").href(url) == carried
    assert Interface("en").href(url) == url  # not chosen: every page speaks its own


# -- which language each page speaks -----------------------------------------------------


def html_lang(markup: str) -> tuple[str, str]:
    root = next(a for t, a in elements(markup) if t == "html")
    return root["lang"], root["dir"]


@pytest.mark.parametrize(
    ("path", "headers", "lang"),
    [
        ("/c/cigna/2023", {}, "ar"),  # an Arabic snapshot: an Arabic page
        ("/c/cigna/2023", {"Accept-Language": "en"}, "ar"),  # whatever the reader's header
        ("/c/cigna/2015", {"Accept-Language": "ar"}, "en"),
        ("/c/cigna/2023/key-partners", {}, "ar"),
        ("/embed/cigna/2023", {}, "ar"),
        ("/embed/cigna/2023/channels", {}, "ar"),
        ("/c/cigna/2023?hl=en", {}, "en"),  # the switch overrides
        ("/c/cigna/2015?hl=ar", {}, "ar"),
        ("/", {}, "en"),
        ("/", {"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"}, "ar"),
        ("/?hl=en", {"Accept-Language": "ar"}, "en"),
        ("/?hl=fr", {"Accept-Language": "ar"}, "ar"),  # not a language the site speaks
        ("/sources/001_ead442415cccde68", {"Accept-Language": "ar"}, "ar"),
        ("/docs", {"Accept-Language": "ar"}, "ar"),
        ("/c/cigna/figures", {"Accept-Language": "ar"}, "ar"),
        ("/c/cigna/compare/2015...2025?hl=ar", {}, "ar"),
        ("/c/nobody/2015", {"Accept-Language": "ar"}, "ar"),  # the 404 page
        ("/c/nobody/2015", {}, "en"),
    ],
)
def test_each_page_speaks_its_language(
    client: TestClient, path: str, headers: dict[str, str], lang: str
) -> None:
    markup = client.get(path, headers=headers).text
    assert html_lang(markup) == (lang, "rtl" if lang == "ar" else "ltr")
    if lang == "ar":
        assert not english_words(markup, names=NAMES), path
        header = markup[markup.find("<header") : markup.find("</header>")]
        assert header == "" or ARABIC_LETTER.search(header)


def test_the_arabic_canvas_reads_in_arabic_around_its_statements(client: TestClient) -> None:
    markup = client.get("/c/cigna/2023").text
    title = re.search(r"<title>(.*?)</title>", markup)[1]  # type: ignore[index]
    assert title == "Cigna Corporation — مخطط نموذج العمل، 2023"
    for arabic in ("عارض مخططات نماذج العمل", "سنوات اللقطات", "تضمين", "المراجع",
                   "رابط", "صفحة الجزء", "20 عبارة", "التصميم:"):  # fmt: skip
        assert arabic in markup, arabic
    # the English block names stay beside the Arabic headings
    assert '<span class="heading-en" lang="en" dir="ltr">Key Partners</span>' in markup
    assert 'data-quote="/sources/' in markup and "&amp;hl=ar" in markup  # Arabic popovers
    english = client.get("/c/cigna/2023?hl=en").text
    # the same statements (their markers' popovers speak each page's language)
    statements = re.findall(r'<p id="c-[^"]+" class="claim" lang="ar"[^>]*>.*?\u2060', markup)
    assert statements and all(s in english for s in statements)
    assert "business model canvas, 2023" in english and "Block page" in english


def test_an_english_canvas_has_no_arabic_interface_text(client: TestClient) -> None:
    markup = client.get("/c/cigna/2015", headers={"Accept-Language": "ar"}).text
    assert html_lang(markup) == ("en", "ltr")
    assert not arabic_letters(markup)  # the switch's "العربية" is lang="ar"


def test_a_chosen_language_is_carried_by_every_link_of_the_site(client: TestClient) -> None:
    markup = client.get("/c/cigna/2023?hl=en").text
    own = [
        a["href"] for t, a in elements(markup) if t == "a" and (a.get("href") or "").startswith("/")
    ]
    assert own and all("hl=en" in h for h in own), [h for h in own if "hl=en" not in h]
    canonical = next(a for t, a in elements(markup) if t == "link" and a.get("rel") == "canonical")
    assert canonical["href"] == "http://127.0.0.1/c/cigna/2023"  # the page, in its own language
    alternates = {
        a["hreflang"]: a["href"] for t, a in elements(markup) if t == "link" and a.get("hreflang")
    }
    assert alternates["ar"].endswith("/c/cigna/2023?hl=ar")
    default = client.get("/c/cigna/2023").text
    assert "hl=" not in "".join(
        a["href"] for t, a in elements(default) if t == "a" and "hreflang" not in a
    )


def test_the_switch_links_this_page_in_each_language_and_echoes_no_address(
    client: TestClient,
) -> None:
    markup = client.get("/", params={"q": "cig"}).text
    switch = [a for t, a in elements(markup) if t == "a" and a.get("hreflang")]
    assert [(a["lang"], a["href"]) for a in switch] == [
        ("en", "?q=cig&hl=en"), ("ar", "?q=cig&hl=ar"),
    ]  # fmt: skip
    assert client.get("/?q=cig&hl=ar").text.count("Cigna Corporation") >= 1
    missing = client.get("/c/nobody-at-all/2015?q=zq9x", headers={"Accept-Language": "ar"})
    assert missing.status_code == 404
    assert "nobody-at-all" not in missing.text and "zq9x" not in missing.text
    assert 'href="?hl=en"' in missing.text


# -- the language in the cache key, the ETag and Vary ------------------------------------


def test_each_language_is_its_own_cached_page_and_etag(seeded_db: Path) -> None:
    app = create_app(seeded_db, render_cache=True)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        first_ar = c.get("/", headers={"Accept-Language": "ar"})
        first_en = c.get("/", headers={"Accept-Language": "en"})
        again_ar = c.get("/", headers={"Accept-Language": "ar;q=1, en;q=0.3"})  # from memory
        chosen = c.get("/?hl=ar", headers={"Accept-Language": "en"})
        unknown = c.get("/?hl=fr", headers={"Accept-Language": "en"})
    assert html_lang(first_ar.text) == html_lang(again_ar.text) == ("ar", "rtl")
    assert html_lang(first_en.text) == ("en", "ltr")
    assert first_ar.content == again_ar.content
    assert first_ar.headers["etag"] == again_ar.headers["etag"] != first_en.headers["etag"]
    assert chosen.headers["etag"] not in (first_ar.headers["etag"], first_en.headers["etag"])
    assert unknown.headers["etag"] == first_en.headers["etag"]  # ?hl=fr is no page of its own
    for response in (first_ar, first_en):
        assert "Accept-Language" in response.headers["vary"]
    canvas = TestClient(app, base_url="http://127.0.0.1")
    page = canvas.get("/c/cigna/2023", headers={"Accept-Language": "en"})
    assert "Accept-Language" not in page.headers["vary"]  # its language is its snapshot's
    assert page.headers["etag"] == canvas.get("/c/cigna/2023").headers["etag"]
