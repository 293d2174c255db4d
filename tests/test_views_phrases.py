"""The map's phrases (app/views/phrases.py): known answers written here, in English and
Arabic, and the two rules every phrase keeps whatever the text: it is a slice of the block's
own text, and it holds at most eight words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.views import phrases
from app.views.phrases import BlockText, key_phrases, lead_phrase, topic_phrase


def test_a_list_items_label_is_what_precedes_its_first_comma_colon_or_dash() -> None:
    assert lead_phrase("Individual Customers, including employees and families;") == (
        "Individual Customers"
    )
    assert lead_phrase("Pharmacy: retail and mail order") == "Pharmacy"
    assert lead_phrase("Employers – large and small, in 30 countries") == "Employers"
    assert lead_phrase("2 مليار مطالبة طبية سنويًا") == "2 مليار مطالبة طبية سنويًا"  # short: whole
    assert lead_phrase("أصحاب العمل، في 30 دولة") == "أصحاب العمل"  # the Arabic comma
    # a comma inside a figure is not a label's end; trailing stop words are dropped
    assert lead_phrase("States with plans include: Texas and Ohio") == "States with plans"
    assert lead_phrase("Covers 30,000 pharmacies across the nation.") == (
        "Covers 30,000 pharmacies across the nation"
    )


def test_a_long_item_without_a_label_gives_none_and_feeds_the_key_phrases() -> None:
    long = "The company runs a large number of stores in many towns of the north and the south"
    assert lead_phrase(long) is None
    assert lead_phrase("12,500") is None  # a bare figure names nothing
    assert lead_phrase("") is None


def test_a_topic_is_whole_when_short_else_cut_at_a_bracket_or_before_a_stop_word() -> None:
    assert topic_phrase("Medical Costs and Medical Care Ratio (MCR)") == (
        "Medical Costs and Medical Care Ratio (MCR)"
    )
    assert topic_phrase(
        "Dedicated Patient Advocates for Complex Health Needs (My Personal Champions)"
    ) == ("Dedicated Patient Advocates for Complex Health Needs")
    assert topic_phrase(
        "High-Touch, Consultative Relationships with Large Employer Clients and Brokers Alike"
    ) == ("High-Touch, Consultative Relationships with Large Employer Clients")
    assert topic_phrase("مقدمو الرعاية الصحية والشبكات الطبية:") == (
        "مقدمو الرعاية الصحية والشبكات الطبية"
    )


def test_key_phrases_are_runs_between_stop_words_scored_and_in_reading_order() -> None:
    prose = [
        "Cigna works in conjunction with a broad network of partner companies across its"
        " three operating segments. These partners can be organised broadly into healthcare"
        " providers, pharmacies and technology vendors."
    ]
    assert key_phrases(prose, 4, ["Cigna"]) == [
        "broad network",
        "partner companies",
        "healthcare providers",
        "technology vendors",
    ]
    arabic = ["تتعاون الشركة مع شبكة مقدمي الرعاية الصحية في المدن الكبرى."]
    assert key_phrases(arabic, 2) == ["شبكة مقدمي الرعاية الصحية", "المدن الكبرى"]


def test_key_phrases_leave_out_the_company_figures_and_a_closing_verb() -> None:
    # "Acme’s net investment income": the subject; "$1.2 billion": an amount of nothing
    prose = ["In 2015 Acme’s net investment income amounted to $1.2 billion."]
    assert key_phrases(prose, 3, ["Acme"]) == []
    prose = ["In 2015 the net investment income amounted to $1.2 billion."]
    assert key_phrases(prose, 3, ["Acme"]) == ["net investment income"]
    # one word opening a sentence names nothing; one inside it with a capital may
    assert key_phrases(["Revenue grew to 2,000 in 2015, 3,000 in 2016."], 3) == []
    assert key_phrases(["Sales grew through Medicare in 2016."], 3) == ["Medicare"]


def test_a_block_gives_its_topics_first_then_labels_then_key_phrases() -> None:
    with_topics = BlockText(["Online", "Stores", "Partners", "Online"], ["Web shop"], [])
    assert phrases.phrases(with_topics, 6) == ["Online", "Stores", "Partners"]
    few_topics = BlockText(["Online"], ["Web shop, since 2010", "Catalogue"], ["Mail order."])
    assert phrases.phrases(few_topics, 6) == ["Online", "Web shop", "Catalogue"]
    prose_only = BlockText(
        [], [], ["Sales come through independent insurance brokers and a direct sales force."]
    )
    assert phrases.phrases(prose_only, 6) == ["independent insurance brokers", "direct sales force"]
    # never more than asked, never the same phrase twice (case aside)
    many = BlockText([f"Topic {n}" for n in range(10)] + ["topic 1"], [], [])
    assert phrases.phrases(many, 4) == ["Topic 0", "Topic 1", "Topic 2", "Topic 3"]


def test_a_block_that_says_little_gets_fewer_phrases_not_invented_ones() -> None:
    assert phrases.phrases(BlockText([], [], ["Acme."]), 6, ["Acme"]) == []
    assert phrases.phrases(BlockText([], ["Retail"], []), 6) == ["Retail"]


def test_only_the_opening_of_a_long_block_is_read() -> None:
    head = "Retail banking serves households. " * 200
    tail = "Unique trailing phrase " * 50_000
    assert key_phrases([head[: phrases.PROSE_CHARS], tail], 4) == key_phrases(
        [head[: phrases.PROSE_CHARS]], 4
    )


TEXT = st.text(
    alphabet=st.sampled_from(
        list("abc xyz,.:;()-–'’$0123456789\n\t") + list("في من شركة الرعاية،؛") + ["\u202e"]
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(topics=st.lists(TEXT, max_size=3), items=st.lists(TEXT, max_size=4), prose=st.lists(TEXT))
def test_every_phrase_is_a_slice_of_the_block_and_at_most_eight_words(
    topics: list[str], items: list[str], prose: list[str]
) -> None:
    found = phrases.phrases(BlockText(topics, items, prose), 6)
    assert len(found) <= 6
    for phrase in found:
        assert phrase.strip() == phrase and phrase
        assert 1 <= len(phrase.split()) <= phrases.MAX_WORDS
        assert any(phrase in text for text in topics + items + prose), phrase
