"""Block pages, embed pages and the embed dialog, as a reader (or a wiki) gets them over HTTP.

Framing, resizing and clicks are checked in a browser (tests/test_browser_*.py); this is
what the HTML says: which claims, which links, which metadata.
"""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from app.domain import BLOCK_KINDS
from app.views.sharing import DESCRIPTION_CHARS, _shorten
from tests.interface_text import elements as tags

BASE = "http://127.0.0.1"


def meta(markup: str, key: str) -> str:
    for tag, attrs in tags(markup):
        if tag == "meta" and key in (attrs.get("property"), attrs.get("name")):
            return attrs["content"] or ""
    raise AssertionError(f"no meta {key}")


def claim_ids(markup: str) -> list[str]:
    return [
        a["id"] or ""
        for _, a in tags(markup)
        if "claim" in (a.get("class") or "").split() and a.get("id")
    ]


def test_a_block_page_holds_that_block_only_with_its_own_numbering(client: TestClient) -> None:
    canvas = client.get("/c/cigna/2023").text
    block = client.get("/c/cigna/2023/key-partners").text
    ids = claim_ids(block)
    assert ids and set(ids) < set(claim_ids(canvas))
    sections = [
        a.get("id")
        for t, a in tags(block)
        if t == "section" and "block" in (a.get("class") or "").split()
    ]
    assert sections == ["key-partners"]
    cites = [
        a["id"] for t, a in tags(block) if t == "a" and (a.get("id") or "").startswith("cite-")
    ]
    assert cites[0] == "cite-1" and len(cites) == len(ids)  # numbered from 1 on its own
    refs = [
        a["id"] for t, a in tags(block) if t == "li" and (a.get("id") or "").startswith("source-")
    ]
    assert refs == ["source-1"]  # the block cites one document
    backlinks = [a["href"] for t, a in tags(block) if t == "a" and a.get("class") == "backlink"]
    assert sorted(backlinks) == sorted(f"#{c}" for c in cites)


def test_a_block_page_previews_in_its_own_language(client: TestClient) -> None:
    markup = client.get("/c/cigna/2023/key-partners").text
    root = next(a for t, a in tags(markup) if t == "html")
    assert (root["lang"], root["dir"]) == ("ar", "rtl")
    canonical = next(a for t, a in tags(markup) if t == "link" and a.get("rel") == "canonical")
    assert canonical["href"] == f"{BASE}/c/cigna/2023/key-partners"
    assert meta(markup, "og:url") == canonical["href"]
    assert meta(markup, "og:title") == "Cigna Corporation — الشركاء الرئيسيون، 2023"
    assert meta(markup, "og:locale") == "ar_AR"
    description = meta(markup, "og:description")
    assert description.startswith("تتعاون Cigna مع 1.5 مليون")  # the block's first claim
    assert len(description) <= DESCRIPTION_CHARS
    assert meta(markup, "twitter:description") == description
    assert meta(markup, "og:locale") == "ar_AR"
    oembed = next(
        a for t, a in tags(markup) if t == "link" and a.get("type") == "application/json+oembed"
    )
    answer = client.get(oembed["href"] or "")
    assert answer.status_code == 200 and answer.json()["type"] == "rich"


def test_an_english_block_page_is_ltr(client: TestClient) -> None:
    markup = client.get("/c/cigna/2015/value-propositions").text
    root = next(a for t, a in tags(markup) if t == "html")
    assert (root["lang"], root["dir"]) == ("en", "ltr")
    assert meta(markup, "og:locale") == "en_US"


def test_every_block_kind_has_a_page_even_when_empty(client: TestClient) -> None:
    for kind in BLOCK_KINDS:
        response = client.get(f"/c/cigna/2025/{kind}")
        assert response.status_code == 200, kind
    empty = [k for k in BLOCK_KINDS if "No statements" in client.get(f"/c/cigna/2025/{k}").text]
    assert empty  # 2025 lacks some blocks: the page says so and links another year


@pytest.mark.parametrize(
    "path",
    ["/c/cigna/2023/nothing", "/c/cigna/1999/key-partners", "/c/nobody/2023/key-partners",
     "/embed/cigna/2023/nothing", "/embed/nobody/2023", "/embed/cigna/٢٠٢٣"],
)  # fmt: skip
def test_unknown_blocks_and_embeds_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "nothing" not in response.text and "nobody" not in response.text


@pytest.mark.parametrize("path", ["/embed/cigna/2023", "/embed/cigna/2023/channels"])
def test_an_embed_has_no_chrome_and_opens_every_link_in_a_new_tab(
    client: TestClient, path: str
) -> None:
    markup = client.get(path).text
    assert 'class="site-header"' not in markup and 'class="site-footer"' not in markup
    assert "Copy link" not in markup and "block-link" not in markup
    scripts = [a.get("src") for t, a in tags(markup) if t == "script"]
    assert scripts == [
        "/static/htmx-2.0.11.min.js",
        "/static/embed-frame.js",
        "/static/citations.js",
    ]
    outward = [
        a for t, a in tags(markup)
        if t == "a" and not (a.get("href") or "").startswith("#")
    ]  # fmt: skip
    assert outward
    for attrs in outward:
        assert attrs.get("target") == "_blank", attrs
        assert "noopener" in (attrs.get("rel") or ""), attrs
    full = next(a for t, a in tags(markup) if t == "a" and a.get("class") == "open-full")
    assert (full["href"] or "").startswith(f"{BASE}/c/cigna/2023")
    # the credit, in the embed's language (2023 is Arabic)
    assert "مخطط نموذج العمل</a>" in markup and "CC BY-SA 3.0" in markup
    assert not re.search(r'(src|href)="https?://(?!127\.0\.0\.1)', markup.split("credit")[0])


def test_the_embed_dialog_gives_a_snippet_and_a_live_preview(client: TestClient) -> None:
    markup = client.get("/c/cigna/2023").text
    snippet = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", markup, re.S)[1])  # type: ignore[index]
    assert snippet.startswith(f'<iframe src="{BASE}/embed/cigna/2023"')
    for part in ('title="Cigna Corporation — مخطط نموذج العمل، 2023"', 'width="100%"',
                 'height="820"', 'loading="lazy"'):  # fmt: skip
        assert part in snippet
    assert f'<script src="{BASE}/static/embed.js" async></script>' in snippet
    preview = next(a for t, a in tags(markup) if t == "iframe")
    assert preview["src"] == "/embed/cigna/2023" and preview.get("loading") == "lazy"
    block = client.get("/c/cigna/2023/channels").text
    assert f"{BASE}/embed/cigna/2023/channels" in html.unescape(block)


def test_descriptions_are_cut_at_a_word() -> None:
    text = "word " * 100
    short = _shorten(text)
    assert len(short) <= DESCRIPTION_CHARS and short.endswith("word…")
    assert _shorten("  two   words ") == "two words"
