"""The search box's syntax: words, phrases, exclusions, prefixes; anything else is words."""

from __future__ import annotations

import re

import pytest

from app.search.syntax import MAX_CLAUSES, MAX_QUERY_CHARS, Clause, parse


def test_words_must_all_match_in_any_form() -> None:
    query = parse("Partners  pharmacies")
    assert query.include == (Clause("word", ("partner",)), Clause("word", ("pharmaci",)))
    assert query.match() == '"partner" AND "pharmaci"'


def test_a_quoted_phrase_keeps_its_words_together() -> None:
    query = parse('"Express Scripts" partners')
    assert query.include[0] == Clause("phrase", ("express", "script"))
    assert query.match() == '"express script" AND "partner"'


def test_a_minus_leaves_out_a_word_or_a_phrase() -> None:
    query = parse('pharmacy -retail -"mail order"')
    assert [c.stems for c in query.exclude] == [("retail",), ("mail", "order")]
    assert query.match() == '("pharmaci") NOT ("retail" OR "mail order")'


def test_only_exclusions_is_nothing_to_search_for() -> None:
    assert parse("-retail").empty
    assert parse("").empty and parse("   ").empty


@pytest.mark.parametrize(
    ("typed", "stem"),
    [("netw*", "netw"), ("companies*", "compani"), ("insurance*", "insur"), ("الشبك*", "شبك")],
)
def test_a_star_makes_a_prefix_of_the_stem(typed: str, stem: str) -> None:
    (clause,) = parse(typed).include
    assert clause == Clause("prefix", (stem,))
    assert clause.match() == f'"{stem}" *'


def test_a_prefix_needs_three_letters() -> None:
    query = parse("ne*")
    assert query.include == (Clause("word", ("ne",)),)
    assert query.prefixes_too_short == ("ne",)


def test_one_piece_of_several_words_is_a_phrase() -> None:
    assert parse("e-commerce").include == (Clause("phrase", ("e", "commerc")),)
    assert parse("82.2%").include == (Clause("phrase", ("82", "2")),)


def test_either_script_with_or_without_diacritics_reads_the_same() -> None:
    assert parse("إِعَادَةَ التَّأْمِينِ").match() == parse("اعاده التامين").match()


def test_while_typing_the_last_word_is_a_prefix() -> None:
    assert parse("pharm", typing=True).include == (Clause("prefix", ("pharm",)),)
    assert parse("pharm ", typing=True).include == (Clause("word", ("pharm",)),)
    assert parse('"pharm', typing=True).include == (Clause("prefix", ("pharm",)),)


HOSTILE = [
    '"',
    '""',
    "*",
    "-",
    '- * "',
    "NEAR(",
    "NEAR(a b, 2)",
    "a OR b NOT c AND",
    "stems : x",
    "{stems}: x",
    "^x",
    "(((",
    "<script>alert(1)</script>",
    "a" * 10_000,
    "word " * 2_000,
    '"unbalanced phrase',
    "x\x00y",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_becomes_quoted_letters_only(text: str) -> None:
    """Every term reaches FTS5 as a quoted string of letters and digits: no operator,
    column filter or bracket of the reader's can reach SQLite's parser."""
    query = parse(text)
    assert len(query.text) <= MAX_QUERY_CHARS
    assert len(query.include) + len(query.exclude) <= MAX_CLAUSES
    if not query.empty:
        outside = re.sub(r'"[^"\W_]+(?: [^"\W_]+)*"(?: \*)?', "", query.match())
        assert set(outside) <= set("()ANDORT "), outside


def test_caps_are_said() -> None:
    assert parse("a" * (MAX_QUERY_CHARS + 1)).truncated
    assert parse(" ".join(f"w{i}" for i in range(MAX_CLAUSES + 1))).truncated
    assert not parse("pharmacy partners").truncated
