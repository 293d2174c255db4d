"""Which family a document belongs to, and the matching parser."""

from __future__ import annotations

from app.domain import SourceKind, split_lines
from app.loader.document import DocumentError, ParsedDocument
from app.loader.markdown_post import is_markdown_post, parse_markdown_post
from app.loader.scraped_page import is_scraped_page, parse_scraped_page


def detect_kind(text: str) -> SourceKind:
    lines = split_lines(text)
    if is_scraped_page(lines):
        return "scraped-page"
    if is_markdown_post(lines):
        return "markdown-post"
    raise DocumentError("no block heading found: neither a markdown post nor a canvas page")


def parse_document(text: str, kind: SourceKind | None = None) -> ParsedDocument:
    """Parse with the parser for `kind` (detected when not given)."""
    kind = kind or detect_kind(text)
    if kind == "scraped-page":
        return parse_scraped_page(text)
    return parse_markdown_post(text)
