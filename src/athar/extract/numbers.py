"""Find the numbers a sentence reports: counts, percentages, and the children and women among them.

Pure functions over one sentence. A count is kept as a range (``Count``):

- "six", "6,500", "٦٥٠٠", "a dozen", "two hundred", "1.5 million" → exact, min = max;
- "half a million", "half a dozen" (a fraction of a round unit) → about, min = max;
- "at least 8", "no fewer than 8" → at least, 8..None;
- "more than 6,500", "over 300" → more than, 6501..None (the words exclude the figure itself);
- "about/around/nearly/almost/some/approximately/roughly 3,000" → about, min = max = 3000
  ("nearly" strictly means fewer; the figure is what the source gives, the qualifier says how loosely);
- "up to 20", "as many as 20" → up to, None..20; "fewer than 20" → up to, None..19;
- "between 5 and 7", "5 to 7", "25-30", "five or six" → range, 5..7;
- "dozens", "tens of thousands", "several hundred", "several" → vague, n..None, where n is what
  ACLED codes for the phrase (see ``data/number_words.toml``: tens 10, dozens 12, hundreds 100 …).

Years ("in 2015"), dates ("November 6"), times, ordinals, percentages, money, distances and
durations, and numbers inside names ("Resolution 2254", "T4", "Su-24", "Route 4") are not counts.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any, Literal

from athar.records import Count

SubGroup = Literal["children", "women"]


@dataclass(frozen=True)
class CountMention:
    """A count phrase in a sentence and the span (in the text passed in) that writes it."""

    count: Count
    start: int
    end: int


@dataclass(frozen=True)
class PercentMention:
    """A share written as a percentage or a fraction ("70 %", "two thirds of").

    ``qualifier`` is exact, at least, more than, about, up to or range (then ``high`` is the top).
    """

    value: float
    start: int
    end: int
    text: str
    qualifier: str = "exact"
    high: float | None = None


@dataclass(frozen=True)
class SubCount:
    """Children or women counted within a toll ("including a child", "among them three women").

    ``included`` is True when the words say the group is part of a larger toll ("including",
    "among them", "five of them children"); False for a bare "three children", which may be
    the toll itself.
    """

    group: SubGroup
    count: Count
    start: int
    end: int
    included: bool = False


def _load() -> dict[str, Any]:
    return tomllib.loads(resources.files("athar.data").joinpath("number_words.toml").read_text("utf-8"))


_DATA = _load()
_CARDINALS: dict[str, int] = _DATA["cardinals"]
_SCALES: dict[str, int] = _DATA["scales"]
_PLURAL_UNITS: dict[str, int] = _DATA["plural_units"]
_VAGUE_WORDS: dict[str, int] = _DATA["vague_words"]
_QUALIFIER_OF: dict[str, str] = {
    " ".join(phrase.lower().replace(".", "").split()): kind
    for kind, phrases in _DATA["qualifiers"].items()
    for phrase in phrases
}
_DOZEN = 12
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.75, "third": 1 / 3, "thirds": 2 / 3}

# Arabic-Indic and Persian digits, and the Arabic separators and percent sign, read as ASCII.
# One character for one, so spans found in the translated text are spans in the original.
_DIGIT_TABLE = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u066c": ",",
        "\u066b": ".",
        "\u066a": "%",
    }
)


def _alt(phrases: list[str] | dict[str, Any]) -> str:
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


# The patterns below run on lower-cased text (one character for one) and are compiled
# case-sensitive: Python's matcher skips a literal branch on its first character only then.
_UNIT = _alt([w for w, v in _CARDINALS.items() if 1 <= v <= 9])
_TEEN = _alt([w for w, v in _CARDINALS.items() if 10 <= v <= 19])
_TENS = _alt([w for w, v in _CARDINALS.items() if v >= 20])
_BIG = _alt([w for w, v in _SCALES.items() if v >= 1000])
_B100 = rf"(?:(?:{_TENS})(?:[-\s]+(?:{_UNIT}))?\b|(?:{_TEEN}|{_UNIT}|zero)\b)"
_GROUP = rf"(?:(?:{_B100}|an?\b)[\s-]+hundred\b(?:\s+(?:and\s+)?{_B100})?|{_B100})"
_NUM_WORDS = rf"(?:{_GROUP}|an?(?=\s+(?:{_BIG})\b))(?:[\s-]+(?:{_BIG})\b(?:\s+(?:and\s+)?{_GROUP})?)*"
_FRACTION_OF_UNIT = (
    rf"(?:(?:a\s+)?half\s+(?:of\s+)?an?\s+|an?\s+(?:half|quarter)\s+|(?:a|one|three)\s+quarters?\s+of\s+an?\s+"
    rf"|(?:a|one|two)\s+thirds?\s+of\s+an?\s+|{_B100}\s+and\s+a\s+half\s+)(?:{_BIG}|hundred|dozen)\b"
)
_DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d+(?:[.,]\d+)?)"
# Not after a letter, digit or separator ("T4", "M4", "1.5"), nor after letter + hyphen ("Su-24", "F-16").
_DIGIT_START = r"(?<![\w.,:/])(?<![^\W\d_]-)"
_NUM = (
    rf"(?:{_DIGIT_START}{_DIGIT_NUMBER}\s*(?:{_BIG}|hundred)\b"
    rf"|{_DIGIT_START}{_DIGIT_NUMBER}(?!\w|[.,:/]\d)"
    rf"|\b{_FRACTION_OF_UNIT}"
    rf"|\b(?:(?:half\s+)?an?|{_B100})\s+dozen\b"
    rf"|\b{_NUM_WORDS})"
)
_PLURAL_CHAIN = (
    r"(?:tens(?=\s+of\b)|scores(?=\s+of\b)|dozens|hundreds|thousands|millions)"
    r"(?:\s+of\s+(?:hundreds|thousands|millions)\b)*\b"
)
_VAGUE_LEAD = _alt(_VAGUE_WORDS)
_VAGUE = (
    rf"(?:(?:{_VAGUE_LEAD}|some)\s+(?:dozens?|hundreds?|thousands?|millions?)\b"
    rf"|{_PLURAL_CHAIN}"
    rf"|(?:{_VAGUE_LEAD})\b)"
)
_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+(?:to|or)\s+)"
_CORE = re.compile(
    r"(?P<skip>(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?)(?!\d))"
    rf"|between\s+(?P<b1>{_NUM})\s+and\s+(?P<b2>{_NUM})"
    rf"|(?P<n1>{_NUM})(?:{_RANGE_SEP}(?P<n2>{_NUM}))?"
    rf"|(?P<v>{_VAGUE})"
)

# Which words may start a count, so the pattern is tried only there.
_STARTS = {*_CARDINALS, *_SCALES, "dozen", "half", "between", "some", *_PLURAL_UNITS}
_STARTS |= {w.split()[0] for w in _VAGUE_WORDS if w.split()[0] not in ("a", "an")}
_AFTER_ARTICLE = {*_SCALES, "dozen", "half", "quarter", "third"}
_AFTER_ARTICLE |= {w.split()[1] for w in _VAGUE_WORDS if w.split()[0] in ("a", "an")}
_QUALIFIER_LAST = {phrase.split()[-1] for phrase in _QUALIFIER_OF}

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY"
    r"|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
_MONTH_WORDS = set(_MONTHS.strip("(?:)").split("|"))
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS}\b")
_AFTER_NOT_COUNT = re.compile(
    r"\s*(?:%|percent\b|per\s*cent\b|pct\b|[$€£]|a\.?m\b|p\.?m\b|gmt\b|utc\b|hrs\b|h\b)"
    r"|[\s-]+(?:halves|half|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)\b"
    rf"|\s*(?:of\s+)?(?:{_alt(_DATA['units']['words'])})(?![\w/])"
    r"|-[^\W\d_]|['’]s\b"
)
_NAME_WORDS = {w.strip(".") for w in _DATA["name_words"]["words"]} - {"#", ""}
_NAME_CAPITALISED = set(_DATA["name_words"]["capitalised"])
_CURRENCY_WORDS = {"usd", "eur", "gbp", "syp", "us"}
_ONE_BEFORE = {"no", "the", "this", "that", "any", "every", "each", "which", "some", "at"}
# "one of", "one another", and "one" standing for a noun said before ("including one last year that killed 80").
_ONE_AFTER = re.compile(
    r"\s+(?:of|another|by|side|way|hand|thing|must|should|can|could|would|may|might|point|that|which|who|whom"
    r"|whose|last|this|next)\b|['’]s"
)
_MANY_BEFORE = {"how", "the", "so", "too", "as", "in", "for", "of", "with", "and", "its", "their", "his", "her"}
_MANY_BEFORE |= {"our", "my", "your", "very"}
_MANY_AFTER = re.compile(r"\s+(?:of|times|more|other|others|ways|a)\b")
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_COUNTED_NEXT = re.compile(rf"\s+(?:[\w'-]+\s+)?(?:{_alt(_DATA['counted_nouns']['words'])})\b")
_WORD_SPLIT = re.compile(r"(\w+)")


@dataclass(frozen=True)
class _Words:
    """A sentence as ASCII-digit text, its lower-cased twin, and its words with their spans."""

    plain: str
    low: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...]

    def gap(self, index: int) -> str:
        """The characters between word ``index`` and the next one."""
        return self.low[self.ends[index] : self.starts[index + 1]] if index + 1 < len(self.starts) else ""


@lru_cache(maxsize=256)
def _words(text: str) -> _Words:
    # The claim assembler asks for counts, sub-counts and percentages of the same sentence: read it once.
    plain = to_ascii_digits(text)
    low = plain.lower()
    if len(low) != len(plain):  # "İ" lower-cases to two characters: keep spans aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in plain)
    parts = _WORD_SPLIT.split(low)  # gap, word, gap, word, …, gap: the fastest way to spans in CPython
    edges = list(accumulate(map(len, parts)))
    return _Words(plain, low, tuple(edges[0:-1:2]), tuple(edges[1::2]), tuple(parts[1::2]))


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with Arabic-Indic digits and separators as ASCII, one character for one."""
    return text if text.isascii() else text.translate(_DIGIT_TABLE)


def find_counts(text: str) -> list[CountMention]:
    """Every count phrase in ``text``, in order and not overlapping."""
    return list(_counts(text, False))


def parse_count(phrase: str) -> Count | None:
    """Read one count phrase ("more than 6,500", "dozens", "٣"); None if it is not exactly a count.

    The caller vouches that the phrase is a count, so a bare "2000" is read as a number, not a year.
    """
    core = phrase.strip().rstrip(".,;:")
    found = _counts(core, True)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(core):
        return found[0].count
    return None


@lru_cache(maxsize=256)
def _counts(text: str, phrase: bool) -> tuple[CountMention, ...]:
    w = _words(text)
    words = w.words
    # A word starts with an ASCII digit exactly when it sorts before ":" (words are \w+).
    candidates = [i for i, word in enumerate(words) if word < ":" or word in _STARTS or word in _AFTER_ARTICLE]
    found: list[CountMention] = []
    pos = 0
    for i in candidates:
        start = w.starts[i]
        if start < pos:
            continue
        match, head = None, i
        if i and words[i - 1] in ("a", "an") and words[i] in _AFTER_ARTICLE and w.starts[i - 1] >= pos:
            match, head = _CORE.match(w.low, w.starts[i - 1]), i - 1  # "a dozen", "a few", "a quarter of a million"
        if match is None and (words[i] < ":" or words[i] in _STARTS):
            match, head = _CORE.match(w.low, start), i
        if match is None:
            continue
        if match.group("skip") is not None:  # a date or a time
            pos = match.end()
            continue
        qualifier, first = _qualifier(w, head, pos)
        count = _read(match, w, first, qualifier, phrase)
        if count is not None:
            begin = w.starts[first]
            found.append(
                CountMention(
                    Count(count.min, count.max, count.qualifier, text[begin : match.end()]), begin, match.end()
                )
            )
            pos = match.end()
    return tuple(found)


def _qualifier(w: _Words, index: int, pos: int) -> tuple[str | None, int]:
    """The qualifier ("at least", "more than" …) in the words right before word ``index``, and where it starts."""
    if index == 0 or w.words[index - 1] not in _QUALIFIER_LAST:
        return None, index
    for size in (3, 2, 1):
        first = index - size
        if first < 0 or w.starts[first] < pos:
            continue
        if any(w.gap(k).strip(" \t\n\u00a0.") for k in range(first, index)):
            continue
        kind = _QUALIFIER_OF.get(" ".join(w.words[first:index]))
        if kind is not None:
            return kind, first
    return None, index


def _read(match: re.Match[str], w: _Words, first: int, qualifier: str | None, phrase: bool) -> Count | None:
    """Turn a matched count phrase into a Count, or None when its context says it is no count."""
    end = match.end()
    if _AFTER_NOT_COUNT.match(w.low, end):
        return None  # a percentage, time, fraction, distance, duration, sum of money, or "40-page"
    before = first - 1
    gap = (w.gap(before) if before >= 0 else w.low[: w.starts[first]]).strip()
    attached = before >= 0 and gap in ("", ".")
    previous = w.words[before] if attached else ""
    previous_as_written = w.plain[w.starts[before] : w.ends[before]] if attached else ""
    if "#" in gap or previous in _NAME_WORDS or previous_as_written in _NAME_CAPITALISED:
        return None  # "Resolution 2254", "Route 4", "#5"
    if gap[-1:] in ("$", "€", "£") or previous in _CURRENCY_WORDS:
        return None
    vague = match.group("v")
    if vague is not None:
        core = " ".join(vague.split())
        if core == "many" and (previous in _MANY_BEFORE or _MANY_AFTER.match(w.low, end)):
            return None
        value = _vague_value(core)
        return None if value is None else Count(value, None, "vague")
    low_text = match.group("b1") or match.group("n1")
    high_text = match.group("b2") or match.group("n2")
    numbers = [t for t in (low_text, high_text) if t]
    if (
        not phrase
        and qualifier is None
        and any(_YEAR_LIKE.fullmatch(t) for t in numbers)
        and not _COUNTED_NEXT.match(w.low, end)
    ):
        return None  # "in 2015", "2015-2018": years, unless "2000 people"
    if (
        not phrase
        and qualifier is None
        and high_text is None
        and low_text == "one"
        and (previous in _ONE_BEFORE or _ONE_AFTER.match(w.low, end))
    ):
        return None  # "no one", "one of", "one another"
    if low_text[0].isdigit() and (previous_as_written in _MONTH_WORDS or _MONTH_AFTER.match(w.plain, end)):
        return None  # "November 6", "6 November": a date
    return _range(low_text, high_text, qualifier)


def _range(low_text: str, high_text: str | None, qualifier: str | None) -> Count | None:
    low = _value(low_text)
    if low is None:
        return None
    if high_text is not None:
        high = _value(high_text)
        if high is None:
            return None
        low_n, high_n = low[0], high[0]
        if low[2] is None and high[2] is not None and low_n < 1000:
            low_n *= high[2]  # "2 to 3 million": the unit written once serves both
        return Count(low_n, high_n, "range") if low_n < high_n else None
    n, approx, _ = low
    if qualifier == "at least":
        return Count(n, None, "at least")
    if qualifier == "more than":
        return Count(n + 1, None, "more than")
    if qualifier == "up to":
        return Count(None, n, "up to")
    if qualifier == "less than":
        return Count(None, max(n - 1, 0), "up to")
    return Count(n, n, "about" if approx or qualifier == "about" else "exact")


def _value(text: str) -> tuple[int, bool, int | None] | None:
    """Return (value, approximate, unit written) for one number, or None for a non-integer."""
    words = " ".join(text.replace("-", " ").split())
    if words[0].isdigit():
        return _digit_value(words)
    tokens = words.split()
    if any(t in _FRACTIONS for t in tokens):
        return _fraction_value(tokens)
    if tokens[-1] == "dozen":
        lead = 1 if tokens[:-1] in (["a"], ["an"]) else _word_value(tokens[:-1])
        return None if lead is None else (lead * _DOZEN, False, _DOZEN)
    value = _word_value(tokens)
    if value is None:
        return None
    unit = next((_SCALES[t] for t in reversed(tokens) if t in _SCALES), None)
    return value, False, unit


_DIGITS_AND_UNIT = re.compile(r"([\d.,\u00a0\u202f\u2009 ]+?)\s*([a-z]+)?")
_GROUPED = re.compile(r"\d{1,3}(?:([,.\u00a0\u202f\u2009 ])\d{3})+")


def _digit_value(words: str) -> tuple[int, bool, int | None] | None:
    match = _DIGITS_AND_UNIT.fullmatch(words)
    if match is None:
        return None
    digits, unit_word = match.group(1), match.group(2)
    unit = _SCALES.get(unit_word) if unit_word else None
    grouped = _GROUPED.fullmatch(digits)
    if grouped and not (unit and grouped.group(1) == "."):
        number = float(re.sub(r"\D", "", digits))
    else:
        # "1.5 million", "12,5": a decimal point (or comma), read as a fraction of the unit.
        try:
            number = float(digits.replace(",", "."))
        except ValueError:
            return None
    if unit:
        number *= unit
    if number != int(number):
        return None  # "2.5 people" is not a count
    return int(number), False, unit


def _word_value(tokens: list[str]) -> int | None:
    total = current = 0
    for token in tokens:
        if token == "and":
            continue
        if token in ("a", "an"):
            current = max(current, 1)
        elif token in _CARDINALS:
            current += _CARDINALS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0
        else:
            return None
    return total + current


def _fraction_value(tokens: list[str]) -> tuple[int, bool, int | None] | None:
    unit = _DOZEN if tokens[-1] == "dozen" else _SCALES.get(tokens[-1])
    if unit is None:
        return None
    if "and" in tokens:  # "one and a half million"
        whole = _word_value(tokens[: tokens.index("and")])
        return None if whole is None else (int((whole + 0.5) * unit), True, unit)
    part = next(_FRACTIONS[t] for t in tokens if t in _FRACTIONS)
    return round(part * unit), True, unit


def _vague_value(core: str) -> int | None:
    if core in _VAGUE_WORDS:
        return _VAGUE_WORDS[core]
    tokens = [t for t in core.split() if t != "of"]
    last = tokens[-1].removesuffix("s")
    if len(tokens) > 1 and tokens[-2] not in _PLURAL_UNITS:
        # "several hundred", "a few thousand", "some dozens": the unit, as ACLED codes "hundreds".
        return _DOZEN if last == "dozen" else _SCALES.get(last)
    value = 1
    for token in tokens:
        if token not in _PLURAL_UNITS:
            return None
        value *= _PLURAL_UNITS[token]
    return value


# ---- percentages ----------------------------------------------------------------------------

_PERCENT_SIGN = re.compile(r"%|\bper\s*cent\b|\bpercent\b|\bpct\b")
_PERCENT_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(?:\s*(?:[-–—]|to)\s*(\d+(?:[.,]\d+)?))?\s*$")
_NUMERATOR = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "nine": 9}
_DENOMINATOR = {"third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5, "tenth": 10}
_DENOMINATOR |= {"tenths": 10, "halves": 2}
_OF_A_UNIT = re.compile(rf"\s+of\s+an?\s+(?:{_BIG}|hundred|dozen)\b")
_NOT_THAT_HALF = {"first", "second", "latter", "former", "other"}
_PERCENT_HINTS = ("%", "per", "pct", "half", "third", "quarter", "fifth", "tenth", "halves")


def find_percentages(text: str) -> list[PercentMention]:
    """Every share in ``text``: "70%", "70 percent", "seventy per cent", "two thirds of", "half of"."""
    w = _words(text)
    if not any(hint in w.low for hint in _PERCENT_HINTS):
        return []
    found: list[PercentMention] = []
    for sign in _PERCENT_SIGN.finditer(w.low):
        number = _PERCENT_NUMBER.search(w.low, max(0, sign.start() - 40), sign.start())
        high: float | None = None
        if number is not None:
            start = number.start()
            value = float(number.group(1).replace(",", "."))
            if number.group(2):
                high = float(number.group(2).replace(",", "."))
        else:
            start, words_value = _word_number_before(w, sign.start())
            if words_value is None:
                continue
            value = words_value
        found.append(_percent(w, text, start, sign.end(), value, high))
    for i, word in enumerate(w.words):
        if word in _DENOMINATOR and i > 0 and w.words[i - 1] in _NUMERATOR:
            gap = w.gap(i - 1)
            shaped = gap == "-" or (gap.isspace() and w.low.startswith(" of", w.ends[i]))
            if shaped and not _OF_A_UNIT.match(w.low, w.ends[i]):
                value = 100.0 * _NUMERATOR[w.words[i - 1]] / _DENOMINATOR[word]
                found.append(_percent(w, text, w.starts[i - 1], w.ends[i], value, None))
        elif word == "half" and (i == 0 or w.words[i - 1] not in _NOT_THAT_HALF):
            rest = w.low[w.ends[i] : w.ends[i] + 5]
            if rest.startswith((" of ", " the ")) and not _OF_A_UNIT.match(w.low, w.ends[i]):
                found.append(_percent(w, text, w.starts[i], w.ends[i], 50.0, None))
    return sorted(found, key=lambda p: p.start)


def _word_number_before(w: _Words, end: int) -> tuple[int, float | None]:
    """ "seventy" in "seventy per cent": the number words that run up to ``end``."""
    last = next((i for i in range(len(w.words) - 1, -1, -1) if w.ends[i] <= end), None)
    if last is None:
        return end, None
    first = last
    while first >= 0 and (w.words[first] in _CARDINALS or w.words[first] in _SCALES):
        first -= 1
    first += 1
    value = _word_value(list(w.words[first : last + 1])) if first <= last else None
    return (w.starts[first], float(value)) if value is not None else (end, None)


def _percent(w: _Words, text: str, start: int, end: int, value: float, high: float | None) -> PercentMention:
    index = next(i for i, s in enumerate(w.starts) if s >= start)
    kind, first = _qualifier(w, index, 0)
    qualifier = "range" if high is not None else {None: "exact", "less than": "up to"}.get(kind, kind or "exact")
    begin = w.starts[first] if kind else start
    return PercentMention(value, begin, end, text[begin:end], qualifier, high)


# ---- children and women within a toll -------------------------------------------------------

_GROUP_OF = {
    **dict.fromkeys(
        ["children", "child", "kids", "kid", "minors", "minor", "boys", "boy", "girls", "girl", "infants", "infant"],
        "children",
    ),
    **dict.fromkeys(["babies", "baby", "toddlers", "toddler", "schoolchildren"], "children"),
    "women": "women",
    "woman": "women",
}
_SINGULAR = {"child", "kid", "minor", "boy", "girl", "infant", "baby", "toddler", "woman"}
_ADJECTIVES = {"young", "little", "small", "baby", "infant", "pregnant", "elderly", "teenage", "school"}
_GROUP_AFTER = re.compile(
    r"\s+(?:(?P<of>of\s+(?:them|whom)\s+)|of\s+)?(?:(?:were|are|was)\s+)?"
    rf"(?:(?:{'|'.join(sorted(_ADJECTIVES))})\s+)?(?P<g>{_alt(_GROUP_OF)})\b"
)
# The words that open a list of people inside a toll: "(six civilians) including", "among them", "of whom
# were", "mostly" (extract.tolls counts no more dead for such a list).
SUBCOUNT_CUE = re.compile(
    r"\b(?:including|included|among(?:st)?\s+(?:them|whom|those|the\s+[\w-]+)|of\s+(?:them|whom|which)"
    r"|mostly|mainly)\s*[,:]?\s*(?:(?:were|are|was|is)\s+)?$",
    re.IGNORECASE,
)
_CHAIN = re.compile(r"\s*(?:,|and|,\s*and|as\s+well\s+as|plus)\s*")


def find_subcounts(text: str) -> list[SubCount]:
    """Children and women counted in ``text`` ("including a child", "two women and three children")."""
    w = _words(text)
    if not any(word in _GROUP_OF for word in w.words):
        return []
    spans: list[tuple[int, int, str, Count, bool]] = []
    for mention in _counts(text, False):
        after = _GROUP_AFTER.match(w.low, mention.end)
        if after is not None:
            spans.append((mention.start, after.end(), after.group("g"), mention.count, bool(after.group("of"))))
    for i, word in enumerate(w.words):
        if word in _SINGULAR:
            j = i - 1 if i > 0 and w.words[i - 1] not in _ADJECTIVES else i - 2
            if j >= 0 and w.words[j] in ("a", "an") and all(w.gap(k).isspace() for k in range(j, i)):
                spans.append((w.starts[j], w.ends[i], word, Count(1, 1, "exact", text[w.starts[j] : w.ends[i]]), False))
    found: list[SubCount] = []
    previous: SubCount | None = None
    for start, end, noun, count, of_them in sorted(spans, key=lambda s: s[0]):
        included = bool(
            of_them
            or SUBCOUNT_CUE.search(w.low, max(0, start - 40), start)
            or (previous is not None and previous.included and _CHAIN.fullmatch(w.low, previous.end, start))
        )
        if count.text == text[start:end] and not included:
            continue  # "a woman said": only a cued "a child" is a count of one
        group: SubGroup = "women" if _GROUP_OF[noun] == "women" else "children"
        previous = SubCount(group, count, start, end, included)
        found.append(previous)
    return found
