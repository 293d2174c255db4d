"""The page cache: bounded in what its pages weigh, the oldest going first."""

from __future__ import annotations

from app.http.page_cache import PageCache, PageKey


def test_the_page_cache_is_bounded_in_bytes_not_in_pages() -> None:
    """512 pages of a megabyte each would be half a gigabyte per worker: the budget counts
    what the pages weigh, and the oldest go first."""
    pages = PageCache(enabled=True, max_bytes=5 << 20)

    def key(n: int) -> PageKey:
        return PageKey((1, 1), "http", b"127.0.0.1", f"/c/x/{n}", b"", False)

    for n in range(40):
        pages.cached(key(n), lambda n=n: bytes([n]) * (1 << 20))
        assert pages.cached_bytes <= pages.max_bytes
    assert pages.lookup(key(39)) is not None  # the newest are kept
    assert pages.lookup(key(0)) is None  # the oldest went
    kept = [n for n in range(40) if pages.lookup(key(n)) is not None]
    assert 2 <= len(kept) <= 4, kept  # about 5 MB of 1.5 MB pages (body and gzip)
