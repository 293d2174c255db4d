"""A block at a glance: a few short phrases, each cut verbatim from the block's own text.

The map shows 3 to 6 of them per panel (Strategyzer's habit: short notes per box), from the
best evidence the block offers, in this order: its sub-headings; the lead phrases of its
list items and table rows (what comes before the first comma, colon or dash, or the whole
item when it is short); then key phrases of its prose, found by a RAKE-like rule (Rose et
al., 2010): runs of words between stop words and punctuation, scored by how often their
words occur and with what. Nothing is invented, rephrased or translated: every phrase is a
slice of a statement, a topic or a cell as stored, so a reader finds it in the text below.
Where a block says too little, the map shows fewer phrases rather than made-up ones.

Pure and linear: each text is scanned once by patterns that cannot backtrack (every
repetition is of characters the next part cannot start with), and only the first
`PROSE_CHARS` characters of a block's prose are read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The most words a phrase may hold: a note, not a sentence.
MAX_WORDS = 8
#: The fewest phrases a panel aims for, where its block has enough text.
MIN_PHRASES = 3
#: How much of a block's prose the key-phrase rule reads: the opening of a long block says
#: what it is about, and the work stays bounded whatever the document.
PROSE_CHARS = 6000
#: Key phrases longer than this are clauses, not names of things.
KEY_WORDS = 4

# A word: letters and digits (Arabic ones too) with their combining marks (harakat, the
# zero-width non-joiner), joined by an apostrophe, hyphen, dot or ampersand inside a word
# ("Cigna’s", "e-commerce", "www.cigna.com", "S&P", "1.5"). The joiners are not word
# characters, so each repetition starts where the last one ended: linear.
_MARK = r"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c"
_LETTER = rf"(?:[^\W_]|[{_MARK}])"
_WORD = re.compile(rf"[^\W_]{_LETTER}*(?:['’\-.&/][^\W_]{_LETTER}*)*")
# What ends a lead phrase: a colon, a dash between spaces, a bracket, a semicolon, a full
# stop before a space, or a comma before a space (not in "30,000") or an Arabic comma.
_LEAD_END = re.compile(r":|;|\u061b|\s[-\u2013\u2014]\s|\u2014|\(|\.\s|,\s|\u060c")
# What ends a sub-heading's lead phrase: the same, less the comma (a heading may list).
_TOPIC_END = re.compile(r":|;|\u061b|\s[-\u2013\u2014]\s|\u2014|\(|\.\s")
_TRAILING = " \t.,;:!?\u061f\u060c\u061b*_\"'”’»"
_CURRENCY = "$€£¥"
_MEASURES = frozenset(
    ["million", "billion", "trillion", "thousand", "percent", "مليون", "مليار", "ألف"]
)
_FIGURE = re.compile(r"[\d.,\u0660-\u0669\u066b\u066c]+")
# An English past participle closing a run is the verb after its subject ("benefit expenses
# amounted", "sickness episodes treated"): the phrase is the subject.
_PAST = re.compile(r"[A-Za-z]{3,}ed")


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that join, point or assert rather than name a thing, in English and Arabic: a key
# phrase never holds one (RAKE's stop list, with the verbs business prose leans on).
_STOP_EN = _listed(
    """
    a about above across after again against all almost along also although always am among
    an and another any are around as at be because been before being below between both but
    by can could did do does doing done down during each either else enough etc even ever
    every few for from further had has have having he her here hers herself him himself his
    how however i if in into is it its itself just least less let like many may me might
    more most much must my myself near neither no nor not now of off often on once one only
    onto or other others otherwise our ours ourselves out over own per perhaps rather same
    several shall she should since so some such than that the their theirs them themselves
    then there therefore these they this those though through thus to together too toward
    towards under until up upon us very via was we well were what whatever when where whether
    which while who whom whose why will with within without would yet you your yours
    yourself yourselves it's that's there's here's what's let's you're you've we're they're
    isn't aren't doesn't don't won't can't i'm
    include includes including included provide provides providing provided offer offers
    offering offered operate operates operating operated generate generates generating
    generated incur incurs incurring incurred work works working worked serve serves serving
    served use uses using used help helps helping helped allow allows allowing allowed
    enable enables enabling enabled make makes making made take takes taking taken give gives
    giving given get gets getting got keep keeps kept see seen look looks looking looked
    find found know known need needs want wants mean means seem seems become becomes became
    comprise comprises comprising consist consists consisting contain contains containing
    ensure ensures ensuring focus focuses focusing focused rely relies relying relied
    leverage leverages leveraging leveraged aim aims aiming aimed continue continues
    continuing continued remain remains remaining remained drive drives driving driven
    deliver delivers delivering delivered maintain maintains maintaining maintained
    support supports supporting supported involve involves involving involved
    engage engages engaging engaged establish establishes established establishing
    organised organized arranged based related various certain following way ways range
    variety number lot lots kind kinds type types part parts basis terms example instance
    order addition respect regard regards broadly heavily honestly really basically simply
    mainly mostly largely primarily particularly especially notably generally typically
    earn earns earned earning similarly receive receives received receiving
    currently recently approximately roughly nearly around overall also company company's
    """
)
_STOP_AR = _listed(
    """
    في من على إلى الى عن مع و أو او ثم أن ان إن كان كانت يكون تكون التي الذي الذين اللذين
    اللتين هذا هذه ذلك تلك هؤلاء هو هي هم هما نحن أنت كما مثل بين حيث عبر خلال لدى لديها
    لديه ما لا لم لن قد كل بعض أي غير ضمن نحو حول عند منذ بما فيها فيه منها منه عليها عليه
    بها به لها له وهي وهو وفي ومن وعلى وإلى ومع أيضا أيضًا أيضاً حتى إذا اذا لكن ولكن بل
    إلا الا كذلك بشكل بصورة بالإضافة إضافة يتم تتم يمكن تمكن ما يلي يلي التالي التالية
    تقدم يقدم تعمل يعمل تشمل يشمل تتضمن يتضمن تدير يدير توفر يوفر تستثمر يستثمر تمتلك
    يمتلك تحافظ يحافظ تركز يركز تعتمد يعتمد تستخدم يستخدم تخدم يخدم تحقق يحقق تبلغ يبلغ
    بلغ بلغت تشارك يشارك تتعاون يتعاون تغطي يغطي تدعم يدعم تولد يولد تمثل يمثل شركة الشركة
    """
)


def _verb_forms(bases: str) -> frozenset[str]:
    """Each verb's forms as business prose writes them ("bring", "brings", "bringing",
    "brought"): a base, its -s, -ed and -ing forms by the regular rules, and any irregular
    form given after a slash ("rise/rose/risen")."""
    forms: set[str] = set()
    for entry in bases.split():
        base, *irregular = entry.split("/")
        stem = base[:-1] if base.endswith("e") else base
        forms.update([base, base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")])
        forms.update([stem + "ed", stem + "ing", *irregular])
        if base.endswith("y") and base[-2:-1] not in "aeiou":
            forms.update([base[:-1] + "ies", base[:-1] + "ied"])
    return frozenset(forms)


# Verbs that are rarely also the name of a thing in these documents ("cost", "fuel", "book"
# and "route" are, and stay out): a key phrase stops before them.
_VERBS_EN = _verb_forms(
    """
    add bring/brought come/came grow/grew/grown rise/rose/risen fall/fell/fallen buy/bought
    sell/sold meet/met build/built spend/spent say/said tell/told think/thought feel/felt
    leave/left begin/began/begun reach expand reduce improve represent expect believe create
    develop manage acquire invest compete seek/sought accept apply assist attract achieve
    commit employ enter exceed handle launch produce reflect require win/won lose/lost
    choose/chose/chosen send/sent strive tend try
    """
)
_STOP = _STOP_EN | _STOP_AR | _VERBS_EN


def words(text: str) -> int:
    """How many words a phrase holds, as a reader counts them: runs between spaces."""
    return len(text.split())


def _trim(text: str) -> str:
    return text.strip().rstrip(_TRAILING).strip()


def _prefix(text: str, most: int = MAX_WORDS) -> str | None:
    """The text's first words, at most `most`, kept to the naming part of a long heading:
    cut before the last stop word in reach and before any verb form ("… Clients | and
    Brokers Alike", "… Local Growers | Supplying Fresh Produce Daily"), else the longest run
    that ends on no stop word (or None)."""
    spans = [m.span() for m in re.finditer(r"\S+", text[:2000])][: most + 1]
    folded = [_bare(text[a:b].casefold().strip(_TRAILING)) for a, b in spans]
    verbs = [w in _VERBS_EN or (w.endswith("ing") and len(w) > 5) for w in folded]
    soft = [v or w in _STOP for v, w in zip(verbs, folded, strict=True)]
    first_verb = verbs.index(True) if True in verbs else len(spans)
    for k in range(min(most, len(spans) - 1, first_verb), 0, -1):  # word k+1 a stop word
        if soft[k] and not soft[k - 1] and (head := _trim(text[: spans[k - 1][1]])):
            return head
    spans = spans[:most]
    while spans:
        end = spans[-1][1]
        head = _trim(text[:end])
        last = head.split()[-1].casefold() if head else ""
        if head and last.strip(_TRAILING) not in _STOP and head[-1] not in ",،":
            return head
        spans.pop()
    return None


def _named(text: str) -> str | None:
    """A label without the stop words it ends on ("States with plans include:" names the
    states); a label longer than MAX_WORDS kept to its naming part (`_prefix`)."""
    head = _trim(text)
    if words(head) > MAX_WORDS:
        return _prefix(head)
    kept = head.split()
    while kept and _bare(kept[-1].casefold().strip(_TRAILING)) in _STOP:
        kept.pop()
    return _trim(head[: head.rfind(kept[-1]) + len(kept[-1])]) if kept else None


def _good(phrase: str | None) -> str | None:
    """A phrase worth showing: some letter in it, at most MAX_WORDS words."""
    if not phrase or not 1 <= words(phrase) <= MAX_WORDS:
        return None
    if not any(c.isalpha() for c in phrase):
        return None
    return phrase


def topic_phrase(topic: str) -> str | None:
    """A sub-heading as a phrase: whole when short, else what precedes its first colon,
    dash or bracket, else its opening words up to a naming word."""
    whole = _trim(topic)
    if words(whole) <= MAX_WORDS:
        return _good(whole)
    end = _TOPIC_END.search(topic)
    if end is not None and (head := _good(_trim(topic[: end.start()]))):
        return head
    return _good(_prefix(topic))


def lead_phrase(text: str) -> str | None:
    """A list item's or a cell's label: what precedes its first comma, colon, dash or
    bracket ("Individual Customers, including employees…"), or the whole item when it is
    short; None for a long item with no label (its prose feeds the key phrases instead)."""
    end = _LEAD_END.search(text[:2000])
    if end is not None and (head := _good(_named(text[: end.start()]))):
        return head
    return _good(_trim(text))


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str  # a slice of the prose, as written
    words: tuple[str, ...]  # casefolded
    at: int  # where it starts: phrases are shown in reading order
    opens: bool  # it opens a sentence (a capital letter there names nothing)


def _candidates(text: str, skip: frozenset[str]) -> list[_Candidate]:
    """Runs of words with no stop word and nothing but spaces between them."""
    found: list[_Candidate] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and _FIGURE.fullmatch(run[0].group()):  # "In 2015 Cigna's…": no year
            run.pop(0)
        if all(m.group().casefold() in _MEASURES for m in run):  # "$1.2 billion": of what?
            run.clear()
        while len(run) > 1 and _PAST.fullmatch(run[-1].group()):  # "…income amounted"
            run.pop()
        if run:
            folded = tuple(m.group().casefold() for m in run)
            if len(run) <= KEY_WORDS and not any(_bare(w) in skip for w in folded):
                start = run[0].start()
                if start and text[start - 1] in _CURRENCY:  # "$252 billion", as written
                    start -= 1
                before = text[:start].rstrip()
                opens = not before or before[-1] in ".!?:;\u061f"
                found.append(_Candidate(text[start : run[-1].end()], folded, start, opens))
            run.clear()

    last_end = 0
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        gap = text[last_end : match.start()]
        if run and gap.strip():  # punctuation between two words ends a run
            close()
        last_end = match.end()
        if word in _STOP or _bare(word) in _STOP:
            close()
            continue
        run.append(match)
    close()
    return found


def _bare(word: str) -> str:
    """A word without its possessive: "cigna’s" is "cigna"."""
    return word[:-2] if word.endswith(("’s", "'s")) else word


def _name_like(word: str) -> bool:
    """A single word worth a phrase of its own: a name ("Medicare", "www.cigna.com"), not a
    common word ("price", "route") that says little without its neighbours."""
    return len(word) >= 4 and (word[0].isupper() or any(c in ".&" for c in word))


def key_phrases(texts: Iterable[str], most: int, skip: Iterable[str] = ()) -> list[str]:
    """Up to `most` key phrases of the prose, in reading order: RAKE's score (each word's
    degree over its frequency, summed over the phrase's words). A phrase of one word must be
    a name; one made of figures names nothing, nor one holding a word of `skip` (the
    company's own name, the subject of every other sentence: "Cigna works", "Cigna’s key
    resources")."""
    prose, size = [], 0
    for text in texts:
        if size >= PROSE_CHARS:
            break
        prose.append(text[: PROSE_CHARS - size])
        size += len(prose[-1])
    skipped = frozenset(w.casefold() for s in skip for w in s.split())
    found = [c for t in prose for c in _candidates(t, skipped)]
    frequency: Counter[str] = Counter()
    degree: Counter[str] = Counter()
    for c in found:
        for w in c.words:
            frequency[w] += 1
            degree[w] += len(c.words)
    order = {id(c): i for i, c in enumerate(found)}

    def score(c: _Candidate) -> float:
        return sum(degree[w] / frequency[w] for w in c.words)

    chosen: list[_Candidate] = []
    seen: list[str] = []
    for c in sorted(found, key=lambda c: (-score(c), order[id(c)])):
        if len(chosen) >= most:
            break
        folded = c.text.casefold()
        if len(c.words) == 1 and (c.opens or not _name_like(c.text)):
            continue
        if not any(ch.isalpha() for ch in c.text) or _good(c.text) is None:
            continue
        if any(folded in s or s in folded for s in seen):
            continue
        chosen.append(c)
        seen.append(folded)
    chosen.sort(key=lambda c: order[id(c)])
    return [c.text for c in chosen]


@dataclass(frozen=True, slots=True)
class BlockText:
    """What a block writes, as the phrase rules read it."""

    topics: Sequence[str]  # its sub-headings, in order, each once
    items: Sequence[str]  # its list items' texts and its table rows' first cells
    prose: Sequence[str]  # its paragraphs (and the items that have no label)


def phrases(block: BlockText, most: int, skip: Iterable[str] = ()) -> list[str]:
    """Up to `most` phrases for the map: the sub-headings, then the items' labels, then
    key phrases of the prose, until there are at least MIN_PHRASES; each at most MAX_WORDS
    words and each a slice of the block's own text; no phrase twice."""
    chosen: list[str] = []
    seen: set[str] = set()

    def add(phrase: str | None) -> None:
        if phrase and len(chosen) < most and phrase.casefold() not in seen:
            chosen.append(phrase)
            seen.add(phrase.casefold())

    for topic in block.topics:
        add(topic_phrase(topic))
    if len(chosen) < MIN_PHRASES:
        for item in block.items:
            add(lead_phrase(item))
    target = min(most, MIN_PHRASES + 1)  # key phrases are the weakest evidence: a few
    if len(chosen) < MIN_PHRASES:
        prose = list(block.prose) + [i for i in block.items if lead_phrase(i) is None]
        for phrase in key_phrases(prose, target, skip):
            if len(chosen) >= target:
                break
            add(phrase)
    return chosen
