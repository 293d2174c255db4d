"""manifest.toml pins (company, slug, ticker, title, url, year; per part year) and
`pipeline.prepare`, which applies them and reports what they changed."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from app.loader.document import DocumentError
from app.loader.manifest import ManifestEntry, read_manifest
from app.loader.pipeline import ManifestError, Manifests, prepare

PAGE = """\
    شركة Acme (ACM): نموذج الأعمال التجارية |
    Acme Corporation (ACM) Bundle
    شركة Acme (ACM) - نموذج الأعمال: القنوات
    تبيع Acme عبر 300 موزع في عام 2022.
    ارتفعت المبيعات الرقمية في عام 2022 وفي عام 2021.
    Acme Corporation (ACM) - Canvas Business Model: Channels
    Acme sold through 350 dealers in 2024.
    Online sales grew 12% in 2024 and will grow again in 2025.
    """

POST_WITHOUT_YEAR = """\
    ---
    title: globex
    ---

    Businessmodel of Globex Corporation
    -----------------------------------

    ### Key Partners

    Globex works with Initech.
    """


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def manifest_file(folder: Path, text: str) -> Path:
    return write(folder, "manifest.toml", text)


def years(doc) -> dict[str, int | None]:
    return {part.lang: part.year for part in doc.parsed.parts}


def test_read_manifest_source_and_part_pins(tmp_path: Path) -> None:
    path = manifest_file(
        tmp_path,
        """\
        [sources."010_acme"]
        company = "Acme Robotics"
        slug = "acme-robotics"
        ticker = "ACMR"
        title = "Acme Robotics: business model canvas"
        url = "https://example.com/acme-canvas"
        year = 2022

        [sources."010_acme".parts.en]
        year = 2025

        [sources."011_globex"]
        year = 2019
        """,
    )
    entries = read_manifest(path)
    assert set(entries) == {"010_acme", "011_globex"}
    acme = entries["010_acme"]
    assert (acme.company, acme.slug, acme.ticker, acme.title, acme.url, acme.year) == (
        "Acme Robotics",
        "acme-robotics",
        "ACMR",
        "Acme Robotics: business model canvas",
        "https://example.com/acme-canvas",
        2022,
    )
    assert acme.part_years == {"en": 2025}
    assert entries["011_globex"] == ManifestEntry(year=2019)


def test_an_empty_manifest_pins_nothing(tmp_path: Path) -> None:
    assert read_manifest(manifest_file(tmp_path, "")) == {}


@pytest.mark.parametrize(
    "text",
    [
        "[sources.x\nyear = 2020\n",  # not TOML
        "[other]\nyear = 2020\n",  # unknown top-level table
        'sources = "x"\n',  # sources is not a table
        '[sources]\nx = "2020"\n',  # a source is not a table
        "[sources.x]\nyaer = 2020\n",  # unknown key
        '[sources.x]\nyear = "2020"\n',  # year as text
        "[sources.x]\nyear = 2020.0\n",  # year as a float
        "[sources.x]\nyear = true\n",  # year as a boolean
        "[sources.x]\nyear = 20\n",  # not a plausible year
        '[sources.x]\ncompany = ""\n',  # empty string
        "[sources.x]\nslug = 5\n",  # not a string
        "[sources.x.parts.fr]\nyear = 2020\n",  # unknown part language
        "[sources.x.parts.en]\nyear = 2020\nlang = 'en'\n",  # unknown part key
        "[sources.x.parts.en]\n",  # part without a year
        "[sources.x]\nparts = 2020\n",  # parts is not a table
        "[sources.x.parts]\nen = 2020\n",  # a part is not a table
    ],
    ids=[
        "not-toml",
        "unknown-top",
        "sources-not-table",
        "source-not-table",
        "unknown-key",
        "year-text",
        "year-float",
        "year-bool",
        "year-implausible",
        "empty-company",
        "slug-not-string",
        "part-lang",
        "part-unknown-key",
        "part-no-year",
        "parts-not-table",
        "part-not-table",
    ],
)
def test_malformed_manifests_are_errors(tmp_path: Path, text: str) -> None:
    path = manifest_file(tmp_path, text)
    with pytest.raises(DocumentError):
        read_manifest(path)
    doc = write(tmp_path, "x.txt", PAGE)
    with pytest.raises(ManifestError, match=r"manifest\.toml"):
        Manifests().entry_for(doc)


def test_manifest_beside_the_document_is_found_by_its_stem(tmp_path: Path) -> None:
    doc = write(tmp_path, "010_acme.txt", PAGE)
    other = write(tmp_path, "012_other.txt", PAGE)
    manifest_file(tmp_path, '[sources."010_acme"]\nslug = "acme-robotics"\n')
    manifests = Manifests()
    entry = manifests.entry_for(doc)
    assert entry is not None
    assert entry.slug == "acme-robotics"
    assert manifests.entry_for(other) is None


def test_no_manifest_means_no_pins(tmp_path: Path) -> None:
    assert Manifests().entry_for(write(tmp_path, "010_acme.txt", PAGE)) is None


def test_an_explicit_manifest_is_used_for_every_document(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    doc = write(tmp_path / "docs", "010_acme.txt", PAGE)
    explicit = write(tmp_path, "pins.toml", '[sources."010_acme"]\nyear = 2020\n')
    entry = Manifests(explicit).entry_for(doc)
    assert entry is not None
    assert entry.year == 2020


def test_prepare_without_pins_infers_everything(tmp_path: Path) -> None:
    path = write(tmp_path, "010_acme.txt", PAGE)
    doc = prepare(path, None, tmp_path)
    assert doc.path == "010_acme.txt"
    assert (doc.slug, doc.ticker, doc.url) == ("acme", "ACM", None)
    # ar: 2022 twice, 2021 once; en: 2024 twice, 2025 once
    assert years(doc) == {"ar": 2022, "en": 2024}
    assert doc.inferred_years == {"ar": 2022, "en": 2024}
    assert doc.manifest_changes == []
    assert doc.name_pinned is False


def test_pins_equal_to_what_was_inferred_change_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "010_acme.txt", PAGE)
    doc = prepare(path, ManifestEntry(slug="acme", ticker="ACM", part_years={"en": 2024}), tmp_path)
    assert doc.manifest_changes == []
    assert years(doc) == {"ar": 2022, "en": 2024}


def test_pins_override_inference_and_each_change_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "010_acme.txt", PAGE)
    pins = ManifestEntry(
        company="Acme Robotics",
        ticker="ACMR",
        title="Acme Robotics canvas",
        url="https://example.com/acme",
        year=2023,
        part_years={"en": 2025},
    )
    doc = prepare(path, pins, tmp_path)
    assert (doc.name, doc.ticker, doc.title, doc.url) == (
        "Acme Robotics",
        "ACMR",
        "Acme Robotics canvas",
        "https://example.com/acme",
    )
    # no slug pin: the slug follows the pinned company name
    assert doc.slug == "acme-robotics"
    assert doc.name_pinned is True
    # the source-wide year pins the Arabic part; the part pin wins for the English part
    assert years(doc) == {"ar": 2023, "en": 2025}
    assert doc.inferred_years == {"ar": 2022, "en": 2024}
    changes = doc.manifest_changes
    assert len(changes) == 5  # ar year, en year, company, ticker, title (the url was unset)
    for old, new in [("2022", "2023"), ("2024", "2025"), ("ACM", "ACMR")]:
        assert any(old in c and new in c for c in changes), (old, new)
    assert any("Acme Robotics" in c and "canvas" not in c for c in changes)
    assert any("Acme Robotics canvas" in c for c in changes)


def test_slug_pin_wins_over_the_name(tmp_path: Path) -> None:
    path = write(tmp_path, "010_acme.txt", PAGE)
    doc = prepare(path, ManifestEntry(slug="acme-intl"), tmp_path)
    assert doc.slug == "acme-intl"
    assert len(doc.manifest_changes) == 1
    assert "acme-intl" in doc.manifest_changes[0]


def test_a_part_without_a_year_is_refused_unless_pinned(tmp_path: Path) -> None:
    path = write(tmp_path, "011_globex.md", POST_WITHOUT_YEAR)
    with pytest.raises(DocumentError, match="year"):
        prepare(path, None, tmp_path)
    doc = prepare(path, ManifestEntry(year=2019), tmp_path)
    assert years(doc) == {"en": 2019}
    assert doc.inferred_years == {"en": None}
    assert doc.slug == "globex"
    assert doc.ticker is None
    assert len(doc.manifest_changes) == 1


def test_a_changed_pin_changes_the_fingerprint(tmp_path: Path) -> None:
    path = write(tmp_path, "010_acme.txt", PAGE)
    plain = prepare(path, None, tmp_path).fingerprint
    assert prepare(path, None, tmp_path).fingerprint == plain
    assert prepare(path, ManifestEntry(url="https://example.com/a"), tmp_path).fingerprint != plain
    # a pin equal to what was inferred changes no data, but it is a different manifest
    same_year = ManifestEntry(part_years={"ar": 2022})
    assert prepare(path, same_year, tmp_path).fingerprint != plain


def test_prepare_reads_the_manifest_beside_the_file_through_manifests(tmp_path: Path) -> None:
    path = write(tmp_path, "010_acme.txt", PAGE)
    manifest_file(
        tmp_path,
        """\
        [sources."010_acme"]
        url = "https://example.com/acme"

        [sources."010_acme".parts.ar]
        year = 2021
        """,
    )
    doc = prepare(path, Manifests().entry_for(path), tmp_path)
    assert doc.url == "https://example.com/acme"
    assert years(doc) == {"ar": 2021, "en": 2024}
    assert len(doc.manifest_changes) == 1
    assert "2022" in doc.manifest_changes[0] and "2021" in doc.manifest_changes[0]


# -- hostile manifests (one line naming the manifest, never a traceback) ----------------------
DEEP_ARRAY = "[sources.x]\nyear = " + "[" * 1000 + "]" * 1000 + "\n"  # 2 KB
DEEP_TABLE = "[sources.x]\nparts = " + "{ a = " * 1000 + "1" + " }" * 1000 + "\n"
DEEPLY_NESTED = "manifest nests arrays or inline tables too deeply (a manifest needs three levels)"


@pytest.mark.parametrize("text", [DEEP_ARRAY, DEEP_TABLE], ids=["arrays", "inline-tables"])
def test_a_deeply_nested_manifest_is_one_line(tmp_path: Path, run_cli, text: str) -> None:
    path = manifest_file(tmp_path, text)
    with pytest.raises(DocumentError) as caught:
        read_manifest(path)
    assert str(caught.value) == DEEPLY_NESTED
    write(tmp_path, "x.txt", PAGE)
    code, out, err = run_cli("load", tmp_path, "--db", tmp_path / "c.db")
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [f"canvas: error: {path}: {DEEPLY_NESTED}"]
    assert not (tmp_path / "c.db").exists()


def test_a_manifest_over_1mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = manifest_file(tmp_path, "# " + "x" * (1024 * 1024 - 3) + "\n")
    assert path.stat().st_size == 1024 * 1024
    assert read_manifest(path) == {}
    path.write_text("# " + "x" * (1024 * 1024 - 2) + "\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_manifest(path)
    assert str(caught.value) == "manifest is 1,048,577 bytes, over the 1 MB limit"


URL_ERROR = "manifest: sources.x.url must be an http or https URL"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)//https://example.com",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.com/canvas",
        "mailto:ir@example.com",
        "example.com/canvas",  # no scheme: a relative link
        "/canvas",
        "//evil.example/canvas",  # scheme-relative
        "https:///canvas",  # no host
        "https://",
        "https://exa mple.com/",  # a space
        "https://example.com/\ncanvas",
        "https://example.com\\@evil.example/",  # a backslash browsers read as a slash
        "https://[::1/canvas",  # an unclosed IPv6 host
        "https://example.com:http/",  # a port that is no number
    ],
)
def test_a_url_pin_must_be_an_absolute_web_url(tmp_path: Path, url: str) -> None:
    path = manifest_file(tmp_path, "")
    path.write_text(f"[sources.x]\nurl = {json.dumps(url)}\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_manifest(path)
    assert str(caught.value) == URL_ERROR


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/cigna-canvas",
        "http://example.com",
        "HTTPS://Example.COM:8443/a?b=1&c=%20#d",
        "https://user@example.com/x",
        "https://[2001:db8::1]/canvas",
        "https://例え.jp/キャンバス",
    ],
)
def test_web_urls_are_kept_as_written(tmp_path: Path, url: str) -> None:
    path = manifest_file(tmp_path, "")
    path.write_text(f"[sources.x]\nurl = {json.dumps(url)}\n", encoding="utf-8")
    assert read_manifest(path)["x"].url == url


SLUG_ERROR = (
    "must be lowercase ASCII letters and digits with single hyphens between them "
    "(such as 'acme-robotics')"
)


@pytest.mark.parametrize(
    ("key", "slug", "error"),
    [
        ("x", "Net Flix!", f"manifest: sources.x.slug {SLUG_ERROR}"),
        ("x", "Netflix", f"manifest: sources.x.slug {SLUG_ERROR}"),
        ("x", "net--flix", f"manifest: sources.x.slug {SLUG_ERROR}"),
        ("x", "-netflix", f"manifest: sources.x.slug {SLUG_ERROR}"),
        ("x", "netflix-", f"manifest: sources.x.slug {SLUG_ERROR}"),
        ("x", "net_flix", f"manifest: sources.x.slug {SLUG_ERROR}"),
        ("x", "net/flix", f"manifest: sources.x.slug {SLUG_ERROR}"),
        ("x", "نتفليكس", f"manifest: sources.x.slug {SLUG_ERROR}"),
        (
            "x",
            "a" * 101,
            "manifest: sources.x.slug is 101 characters, over the 100-character limit",
        ),
        ("Net Flix", "Net Flix!", f'manifest: sources."Net Flix".slug {SLUG_ERROR}'),
        ("a\nb", "A", f'manifest: sources."a\\nb".slug {SLUG_ERROR}'),
    ],
)
def test_a_slug_pin_must_be_a_slug(tmp_path: Path, key: str, slug: str, error: str) -> None:
    path = manifest_file(tmp_path, "")
    path.write_text(f"[sources.{json.dumps(key)}]\nslug = {json.dumps(slug)}\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_manifest(path)
    assert str(caught.value) == error
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("slug", ["netflix", "net-flix", "3m", "a" * 100, "x1-2-y3"])
def test_slug_pins_that_are_slugs_are_kept(tmp_path: Path, slug: str) -> None:
    path = manifest_file(tmp_path, f'[sources.x]\nslug = "{slug}"\n')
    assert read_manifest(path)["x"].slug == slug


def test_a_bad_url_pin_stops_the_load_in_one_line(tmp_path: Path, run_cli) -> None:
    write(tmp_path, "x.txt", PAGE)
    path = manifest_file(tmp_path, '[sources.x]\nurl = "javascript:alert(1)"\n')
    code, out, err = run_cli("load", tmp_path, "--db", tmp_path / "c.db")
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [f"canvas: error: {path}: {URL_ERROR}"]


def test_a_long_source_key_is_shown_cut_short(tmp_path: Path) -> None:
    path = manifest_file(tmp_path, f'[sources."{"k" * 5000}"]\nyaer = 2020\n')
    with pytest.raises(DocumentError) as caught:
        read_manifest(path)
    assert str(caught.value) == (f"manifest: sources.\"{'k' * 60}...\" has unknown keys ['yaer']")
