"""Accessibility (axe-core in chromium) and HTML validity (the Nu HTML Checker, vnu.jar).

axe-core is vendored in tests/vendor/ (MPL-2.0, from the npm registry's axe-core package).
vnu.jar is too big to commit: `make test-deps` fetches it into .cache/vnu/ from the npm
registry's vnu-jar package. Both checks fail, never skip, when their tool is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "vendor" / "axe-core-4.14.1.min.js"
VNU_JAR = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
POST_KEY = "000_47e352ee965e9675"

AXE_PAGES = {
    "index": "/",
    "canvas-2015": "/c/cigna/2015",
    "canvas-2023": "/c/cigna/2023",
    "source": f"/sources/{POST_KEY}",
    "embed-2023": "/embed/cigna/2023",
}
HTML_PAGES = {**AXE_PAGES, "not-found": "/c/nobody"}


def describe(violations: list[dict[str, object]]) -> str:
    lines = []
    for v in violations:
        nodes = v["nodes"]
        assert isinstance(nodes, list)
        targets = [n["target"] for n in nodes[:5]]
        lines.append(f"{v['id']} ({v['impact']}, {len(nodes)} nodes): {v['help']} — {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_serious_or_critical_violations(
    page: Page, live_site: str, name: str, scheme: str
) -> None:
    """In both palettes: colour contrast is among axe's serious rules."""
    assert AXE.is_file(), f"{AXE} is missing"
    page.set_viewport_size({"width": 1440, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_site}{AXE_PAGES[name]}")
    page.evaluate("document.fonts.ready.then(() => true)")
    # Playwright's evaluate is not bound by the page's CSP (which blocks inline scripts)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate("typeof window.axe") == "object", "axe-core did not load"
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => ({violations: r.violations, version: r.testEngine.version}))"
    )
    assert result["version"] == "4.14.1"
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe on {AXE_PAGES[name]}:\n{describe(bad)}"


@pytest.fixture(scope="module")
def vnu_messages(live_site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    """Every page's HTML checked in one run of vnu.jar: {page name: error messages}."""
    java = shutil.which("java")
    assert java, "java is missing: run `make test-deps` (installs default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make test-deps`"
    folder = tmp_path_factory.mktemp("vnu")
    files: dict[str, Path] = {}
    with httpx.Client(base_url=live_site) as client:
        for name, path in HTML_PAGES.items():
            response = client.get(path)
            assert response.status_code == (404 if name == "not-found" else 200), path
            assert response.headers["content-type"].startswith("text/html")
            files[name] = folder / f"{name}.html"
            files[name].write_bytes(response.content)
    run = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.stderr.strip().startswith("{"), f"vnu.jar failed: {run.stderr[:2000]}"
    messages = json.loads(run.stderr)["messages"]
    by_page: dict[str, list] = {name: [] for name in files}
    for message in messages:
        for name, file in files.items():
            if message.get("url", "").endswith(f"/{file.name}"):
                by_page[name].append(message)
                break
        else:  # a message about no page (a failed read, a crash) is an error too
            by_page.setdefault("(vnu)", []).append(message)
    assert "(vnu)" not in by_page, by_page["(vnu)"]
    assert run.returncode == (1 if messages else 0), run.returncode
    return by_page


@pytest.mark.parametrize("name", list(HTML_PAGES))
def test_pages_are_valid_html(vnu_messages: dict[str, list], name: str) -> None:
    errors = [
        f"line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:120]}]"
        for m in vnu_messages[name]
    ]
    assert not errors, f"{HTML_PAGES[name]}:\n" + "\n".join(errors)
