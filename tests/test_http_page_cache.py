"""The page cache: bounded in what its pages weigh, the oldest going first."""

from __future__ import annotations

from app.http.page_cache import PageCache, PageKey


def test_the_page_cache_is_bounded_in_bytes_not_in_pages() -> None:
    """512 pages of a megabyte each would be half a gigabyte per worker: the budget counts
    what the pages weigh, and the oldest go first."""
    pages = PageCache(enabled=True, max_bytes=16 << 20)

    def key(n: int) -> PageKey:
        return PageKey((1, 1), "http", b"127.0.0.1", f"/c/x/{n}", b"", False)

    for n in range(40):
        pages.cached(key(n), lambda n=n: bytes([n]) * (1 << 20))
        assert pages.cached_bytes <= pages.max_bytes
    assert pages.lookup(key(39)) is not None  # the newest are kept
    assert pages.lookup(key(0)) is None  # the oldest went
    kept = [n for n in range(40) if pages.lookup(key(n)) is not None]
    assert 9 <= len(kept) <= 11, kept  # about 16 MB of 1.5 MB pages (body and gzip)


def key(n: int, query: bytes = b"", host: bytes = b"127.0.0.1") -> PageKey:
    return PageKey((1, 1), "http", host, f"/c/x/{n}", query, False)


def test_keys_count_against_the_budget_and_long_ones_are_never_kept() -> None:
    """30,000 distinct 62 KB queries once took a worker past 2 GB: the pages were counted,
    their keys not. Now a key counts as its bytes, and one over MAX_KEY_BYTES is not kept."""
    pages = PageCache(enabled=True, max_bytes=1 << 20)
    huge = pages.cached(key(1, b"q=" + b"x" * 8192), lambda: b"<p>1</p>")
    assert huge.body == b"<p>1</p>"  # served...
    assert pages.lookup(key(1, b"q=" + b"x" * 8192)) is None and pages.cached_bytes == 0  # not kept
    for n in range(3000):  # small pages under 1.9 KB keys: the keys are most of the weight
        pages.cached(key(n, b"q=" + str(n).encode() * 400, b"h.localhost"), lambda: b"<p></p>")
        assert pages.cached_bytes <= pages.max_bytes
    held = sum(len(k.query) + len(k.host) + len(k.path) for k in pages._pages)
    assert held < pages.max_bytes


def test_a_page_heavier_than_an_eighth_of_the_budget_is_served_not_kept() -> None:
    pages = PageCache(enabled=True, max_bytes=8 << 20)
    small = pages.cached(key(1), lambda: b"a" * 1000)
    big = pages.cached(key(2), lambda: b"b" * (1 << 20))  # 1.5 MB with its gzip > 1 MB
    assert len(big.body) == 1 << 20 and pages.lookup(key(2)) is None
    assert pages.lookup(key(1)) is small  # and it pushed nothing out


def test_a_page_readers_keep_asking_for_stays_while_one_off_pages_go() -> None:
    """Least recently used goes first: a flood of one-off pages (a comparison under a new
    Host each time) pushed the canvas everyone reads out of a first-in-first-out cache."""
    pages = PageCache(enabled=True, max_bytes=1 << 20)
    pages.cached(key(0), lambda: b"x" * 20_000)
    for n in range(1, 500):
        pages.cached(key(n), lambda: b"y" * 20_000)
        assert pages.lookup(key(0)) is not None, n  # asked again each time: kept
    assert pages.lookup(key(1)) is None  # an early one-off page went
