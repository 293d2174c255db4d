"""What a page shows of text too long to show whole (app/views/excerpt.py)."""

from __future__ import annotations

from app.views.excerpt import FLOOR_CHARS, PAGE_CHARS, cut, share


def test_each_piece_gets_its_share_of_the_budget_never_less_than_the_floor() -> None:
    assert (PAGE_CHARS, FLOOR_CHARS) == (300_000, 1_000)
    assert share(1) == 300_000
    assert share(100) == 3_000
    assert share(300) == 1_000
    assert share(10_000) == 1_000  # the floor: the page's bound is then count x floor
    assert share(0) == 300_000
    assert share(2000, budget=1_000_000, floor=500) == 500


def test_text_that_fits_is_never_cut() -> None:
    assert cut("Acme sells anvils.", 18) == ("Acme sells anvils.", 0)
    assert cut("", 5) == ("", 0)


def test_a_cut_falls_after_a_word_near_the_limit_and_counts_what_it_left_out() -> None:
    text = "alpha beta gamma delta epsilon"  # 30 characters
    shown, left_out = cut(text, 20)  # the last space (16) is not in the final tenth (18-19)
    assert shown == "alpha beta gamma del" and left_out == 10
    shown, left_out = cut("word " * 40, 100)  # a space in the final tenth: the cut falls there
    assert shown == ("word " * 20).rstrip() and left_out == 200 - len(shown)
    shown, left_out = cut("x" * 1_000_000, 1_000)  # no space: cut at the limit
    assert (len(shown), left_out) == (1_000, 999_000)
