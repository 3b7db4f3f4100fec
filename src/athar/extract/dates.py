"""Find the dates and periods a sentence gives, resolved against the publication date with their precision.

Pure functions over one sentence. Written-in-full dates ("19 September 2019", "2019-09-19",
"September 2019", "since 2015") need nothing else. Everything else is resolved from the
publication date and marked ``relative``:

- "on April 7" (no year): the publication year, or the year before if that would fall after
  publication. With a publication known only to the month, April 7 in an April report is that April.
- "in May" / "last May" / "this May": the most recent May not after (for "last": before) the
  publication month.
- "on Sunday" / "Sunday": the most recent Sunday on or before the publication day, so a Sunday
  report's "on Sunday" is that very day (wire copy uses it for the same day); "last Friday": strictly
  before, and not the day before (a Tuesday report's "last Monday" is a week earlier); "next Friday":
  strictly after.
- "on Wednesday (November 6)", "Wednesday, November 6": the written date wins over the weekday.
- "yesterday", "today", "last night", "two days ago": days from publication.
- "this week" / "last week" / "two weeks ago": week precision, Monday to Sunday ("last week" is the week
  before the report's).
- "this month", "earlier this month", "last month": month precision; "this year", "last year": year.

Relative expressions need the publication date to the precision they speak of: "on Sunday" needs a
publication day, "last month" a publication month, "last year" a publication year. When it is
missing (``precision == "unknown"``, or a month-only publication for "on Sunday"), the mention is
still returned, with ``DateValue(None, "unknown")``: a date was stated but is not guessed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from athar.extract.numbers import to_ascii_digits
from athar.records import DateValue


@dataclass(frozen=True)
class DateMention:
    """A date in a sentence: its resolved value and the span that writes it."""

    value: DateValue
    start: int
    end: int
    text: str
    relative: bool


@dataclass(frozen=True)
class PeriodMention:
    """A stretch of time in a sentence ("since 2015", "between March and May 2018").

    A bound the text does not state is None ("since the start of the war" has no start);
    a bound stated but not resolvable is ``DateValue(None, "unknown")``. "since X" ends at
    publication, so its end is the publication date.
    """

    start_value: DateValue | None
    end_value: DateValue | None
    start: int
    end: int
    text: str


_UNKNOWN = DateValue(None, "unknown")

_MONTH_NUMBER: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("january", "jan", "كانون الثاني", "يناير"),
        ("february", "feb", "شباط", "فبراير"),
        ("march", "mar", "آذار", "اذار", "مارس"),
        ("april", "apr", "نيسان", "أبريل", "ابريل", "إبريل"),
        ("may", "أيار", "ايار", "مايو"),
        ("june", "jun", "حزيران", "يونيو"),
        ("july", "jul", "تموز", "يوليو"),
        ("august", "aug", "آب", "أغسطس", "اغسطس"),
        ("september", "sep", "sept", "أيلول", "ايلول", "سبتمبر"),
        ("october", "oct", "تشرين الأول", "تشرين الاول", "أكتوبر", "اكتوبر"),
        ("november", "nov", "تشرين الثاني", "نوفمبر"),
        ("december", "dec", "كانون الأول", "كانون الاول", "ديسمبر"),
    ],
    start=1,
):
    for _name in _names:
        _MONTH_NUMBER[_name] = _number

_WEEKDAY_NUMBER: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("monday", "الاثنين", "الإثنين"),
        ("tuesday", "الثلاثاء"),
        ("wednesday", "الأربعاء", "الاربعاء"),
        ("thursday", "الخميس"),
        ("friday", "الجمعة"),
        ("saturday", "السبت"),
        ("sunday", "الأحد", "الاحد"),
    ]
):
    for _name in _names:
        _WEEKDAY_NUMBER[_name] = _number


def _cased(words: list[str]) -> str:
    """English names as written in prose: "May" or "MAY", never "may" (the verb)."""
    forms = {f for w in words for f in (w.title(), w.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


def _plain(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_EN_MONTHS = [m for m in _MONTH_NUMBER if m.isascii()]
_MONTH_FULL = rf"(?:{_cased([m for m in _EN_MONTHS if len(m) > 4 or m in ('may', 'june', 'july')])})"
_MONTH = rf"(?:{_cased(_EN_MONTHS)})\.?"
_AR_MONTH = rf"(?:{_plain([m for m in _MONTH_NUMBER if not m.isascii()])})"
_WEEKDAY = rf"(?:{_cased([w for w in _WEEKDAY_NUMBER if w.isascii()])})"
_AR_WEEKDAY = rf"(?:{_plain([w for w in _WEEKDAY_NUMBER if not w.isascii()])})"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DMY = rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}(?!\d)"
# "Apr 052017": a page's stamp with its spaces lost ("Last updated at Apr 052017"), read only with a two-digit day.
_MDY = rf"{_MONTH}\s+(?:{_DAY},?\s+|(?:0[1-9]|[12]\d|3[01])(?={_YEAR})){_YEAR}(?!\d)"
_MY = rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}(?!\d)"
_DM = rf"{_DAY}(?:\s+of)?\s+{_MONTH}(?!\w)"
_MD = rf"{_MONTH}\s+{_DAY}(?![:.,]?\d)"
_ISO = rf"(?<![\d-]){_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)"
# "21/10/2017", "06.04.2017": which number is the day is settled by the numbers or the publication date.
_NUMERIC = rf"(?<![\w/.:])(?:\d{{1,2}}/\d{{1,2}}/|\d{{1,2}}\.\d{{1,2}}\.){_YEAR}(?![\w/]|\.\w)"
_AR_DATE = (
    rf"(?<!\d){_DAY}\s+(?:من\s+)?(?:شهر\s+)?{_AR_MONTH}(?:\s+(?:من\s+)?(?:عام\s+|العام\s+|سنة\s+)?{_YEAR})?(?!\w)"
)
_SMALL = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_REL = (
    r"\b(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night"
    r"|this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+this\s+(?:week|month|year)"
    r"|(?:this|last)\s+(?:week|month|year))\b"
)
_AGO = rf"(?<!\w)(?i:{_SMALL}\s+(?:days?|weeks?|months?|years?)\s+ago)\b"
_WEEKDAY_REL = rf"\b(?:(?i:last|this|next|past)\s+)?{_WEEKDAY}(?:\s+(?i:morning|afternoon|evening|night))?\b"
_WEEKDAY_DATE = (
    rf"{_WEEKDAY}\.?(?:\s*\(\s*(?:{_DMY}|{_MDY}|{_DM}|{_MD})\s*\)|,?\s+(?:the\s+)?(?:{_DMY}|{_MDY}|{_DM}|{_MD}))"
)
_AR_REL = (
    r"(?<!\w)(?:أمس|البارحة|اليوم(?!\s+(?:التالي|السابق|نفسه))|الشهر\s+الماضي|العام\s+الماضي|السنة\s+الماضية"
    r"|الأسبوع\s+الماضي|هذا\s+الشهر|هذا\s+العام)(?!\w)"
)
_AR_WEEKDAY_REL = rf"(?<!\w)(?:يوم\s+)?{_AR_WEEKDAY}(?:\s+(?:الماضي|الماضية))?(?!\w)"
_MONTH_PREP = (
    r"(?i:in|since|until|till|by|from|during|early|late|mid|of|around|last|this|next|between|through|before"
    r"|after)"
)
_YEAR_PREP = (
    r"(?i:in|since|from|until|till|by|during|before|after|between|through|of|early|late|mid|year"
    r"|summer|winter|spring|autumn|fall|end\s+of|beginning\s+of|start\s+of|as\s+of)"
)
# A month or year alone needs a word before it that makes it a date ("in May", "since 2015"), or must
# follow another in a list ("between March and May"): "May God" and "the 2011 uprising" are not dates.
_LISTED = r"\s+(?i:and|or|to|till|until|through)\s+"
_MONTH_LEAD = rf"(?:{_MONTH_PREP}[\s-]+|{_MONTH_FULL}{_LISTED}|{_MONTH_FULL}\s*[-–—]\s*)"
_YEAR_LEAD = rf"(?:{_YEAR_PREP}[\s-]+|{_YEAR}{_LISTED})"
_BARE_MONTH = rf"{_MONTH_LEAD}{_MONTH_FULL}(?!\w)(?!\.?,?\s+(?:of\s+)?\d)"
_BARE_YEAR = rf"{_YEAR_LEAD}{_YEAR}(?!\w|-\d{{1,2}}-\d)"

_KINDS = [
    ("wdate", _WEEKDAY_DATE),
    ("iso", _ISO),
    ("num", _NUMERIC),
    ("dmy", _DMY),
    ("mdy", _MDY),
    ("my", _MY),
    ("dm", _DM),
    ("md", _MD),
    ("ardate", _AR_DATE),
    ("ago", _AGO),
    ("rel", _REL),
    ("wd", _WEEKDAY_REL),
    ("arrel", _AR_REL),
    ("arwd", _AR_WEEKDAY_REL),
]
_FIND = re.compile(
    "|".join(rf"(?P<{name}>{pattern})" for name, pattern in [*_KINDS, ("pm", _BARE_MONTH), ("py", _BARE_YEAR)])
)

# One date inside a period: the shapes above, plus a bare month or year (the period's words give the context).
_WAR = (
    r"(?i:the\s+(?:start|beginning|outbreak|onset)\s+of\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:war|conflict|uprising|revolution|crisis|intervention|offensive|campaign|operation|protests|siege))"
)
_POINT_KINDS = [*_KINDS, ("bm", rf"(?:(?i:last|this|next)\s+)?{_MONTH_FULL}(?!\w)"), ("by", rf"{_YEAR}(?!\w)")]
_POINT = re.compile("|".join(rf"(?P<{name}>{pattern})" for name, pattern in _POINT_KINDS))
_POINT_SRC = "(?:" + "|".join(p for _, p in _POINT_KINDS) + ")"
_POINT_NO_YEAR_SRC = "(?:" + "|".join(p for n, p in _POINT_KINDS if n != "by") + ")"
_TO = r"(?:\s*(?:(?i:to|till|until|through|and)\s+|[-–—]\s*))"
_PERIOD = re.compile(
    rf"(?P<between>(?i:between)\s+(?P<a1>{_POINT_SRC})\s+(?i:and)\s+(?P<a2>{_POINT_SRC}))"
    rf"|(?P<from>(?i:(?:in|during|over|for)\s+the\s+period\s+(?:of\s+|from\s+|between\s+)?|from\s+)"
    rf"(?P<f1>{_POINT_SRC}){_TO}(?P<f2>{_POINT_SRC}))"
    rf"|(?P<years>(?<![\w-])(?P<y1>{_YEAR})\s*[-–—]\s*(?P<y2>{_YEAR}|\d\d)(?![\w-]))"
    rf"|(?P<span>(?P<r1>{_DMY}|{_MDY}|{_MY})\s*(?:(?i:to|till|until|through)\s+|[-–—]\s*)(?P<r2>{_DMY}|{_MDY}|{_MY}))"
    rf"|(?P<since>(?i:ever\s+since|since)\s+(?:(?P<war>{_WAR})|(?P<s1>{_POINT_SRC})))"
    rf"|(?P<until>(?:(?i:until|till|through|as\s+of|by\s+the\s+end\s+of)\s+(?P<u1>{_POINT_SRC})"
    rf"|(?i:up\s+to)\s+(?P<u2>{_POINT_NO_YEAR_SRC})))"
    rf"|(?P<past>(?i:(?:in|over|during|for)\s+the\s+(?:past|last)\s+)(?:(?P<pn>{_SMALL})\s+)?"
    r"(?P<pu>(?i:days?|weeks?|months?|years?))\b)"
)

_SMALL_NUMBER = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


# Words that can anchor a date: the full pattern is tried only there (and at a few words before).
# Kept as pure literal alternations, one per pattern: Python's matcher then skips ahead in C.
_AR_ANCHOR = _plain(["أمس", "البارحة", "اليوم", "الشهر", "العام", "السنة", "الأسبوع"])
_NAME_ANCHOR = re.compile(rf"(?:{_cased(_EN_MONTHS)}|{_WEEKDAY[3:-1]}|{_AR_ANCHOR}|{_AR_WEEKDAY[3:-1]})(?!\w)")
_REL_WORDS: tuple[str, ...] = ("yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon")
_REL_WORDS += ("evening", "week", "month", "year", "ago")
_REL_ANCHOR = re.compile(rf"(?:{'|'.join(_REL_WORDS)})(?!\w)")
_DIGITS = re.compile(r"\d+")
_NUMERIC_REST = re.compile(r"(?:/\d{1,2}/|\.\d{1,2}\.)(?:18|19|20)\d\d(?!\d)")
_DAY_BEFORE_MONTH = re.compile(rf"(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTH}|{_AR_MONTH})")
_EN_MONTH_WORDS = {f for m in _EN_MONTHS for f in (m.title(), m.upper())}
_EN_WEEKDAY_WORDS = {f for w in _WEEKDAY_NUMBER if w.isascii() for f in (w.title(), w.upper())}
_LEAD = {
    "mon": re.compile(rf"(?<!\w){_MONTH_LEAD}$"),
    "wday": re.compile(r"(?<!\w)(?i:last|this|next|past)\s+$"),
    "year": re.compile(rf"(?<!\w){_YEAR_LEAD}$"),
    "yesterday": re.compile(r"(?<!\w)(?i:the\s+day\s+before)\s+$"),
    "night": re.compile(r"(?<!\w)(?i:last)\s+$"),
    "morning": re.compile(r"(?<!\w)(?i:this)\s+$"),
    "week": re.compile(r"(?<!\w)(?i:(?:earlier|later)\s+)?(?i:this|last)\s+$"),
    "ago": re.compile(rf"(?<!\w)(?i:{_SMALL}\s+(?:days?|weeks?|months?|years?))\s+$"),
    "ar": re.compile(r"(?<!\w)(?:هذا|يوم)\s+$"),
}
_LEAD_KEY = {"afternoon": "morning", "evening": "morning", "month": "week", "year": "week"}
# Anchors that mean nothing without their lead word ("night" needs "last", "ago" needs "two days").
_LEAD_REQUIRED = {"night", "morning", "week", "ago"}


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _lowered(plain: str) -> str:
    low = plain.lower()
    return low if len(low) == len(plain) else plain  # "İ" lower-cases to two characters: keep spans aligned


def _date_anchors(plain: str) -> list[tuple[int, str]]:
    """Where a date may be (start, kind), in order: month and weekday names, relative words, days, years."""
    anchors: list[tuple[int, str]] = []
    for match in _NAME_ANCHOR.finditer(plain):
        start = match.start()
        if start and _is_word_char(plain[start - 1]):
            continue
        word = match.group()
        anchors.append((start, "mon" if word in _EN_MONTH_WORDS else "wday" if word in _EN_WEEKDAY_WORDS else "ar"))
    low = _lowered(plain)
    if any(word in low for word in _REL_WORDS):
        for match in _REL_ANCHOR.finditer(low):
            start = match.start()
            if not (start and _is_word_char(low[start - 1])):
                word = match.group()
                anchors.append((start, _LEAD_KEY.get(word, word)))
    for match in _DIGITS.finditer(plain):
        start, digits = match.start(), match.group()
        before = plain[start - 1] if start else " "
        if len(digits) == 4 and digits[:2] in ("18", "19", "20") and not (_is_word_char(before) or before in ".,-"):
            anchors.append((start, "year"))
        elif (
            len(digits) <= 2
            and not (_is_word_char(before) or before in ".,")
            and _DAY_BEFORE_MONTH.match(plain, match.end())
        ):
            anchors.append((start, "day"))
        elif (
            len(digits) <= 2
            and not (_is_word_char(before) or before in "./:-")
            and _NUMERIC_REST.match(plain, match.end())
        ):
            anchors.append((start, "num"))
    anchors.sort()
    return anchors


def find_dates(text: str, *, published: DateValue) -> list[DateMention]:
    """Every date in ``text``, in order, resolved against ``published``."""
    plain = to_ascii_digits(text)
    found: list[DateMention] = []
    pos = 0
    for anchor, kind in _date_anchors(plain):
        match = _anchored(_FIND, plain, anchor, kind, pos)
        if match is None:
            continue
        kind = match.lastgroup or ""
        start, end = match.span()
        if kind in ("pm", "py"):
            start = _core_start(match.group(0), start)
        value, relative = _resolve(kind, plain[start:end], published)
        found.append(DateMention(value or _UNKNOWN, start, end, text[start:end], relative))
        pos = end
    return found


# What may stand before the date a text opens with: "Published", "Posted on", "Last updated at" ….
_DATELINE_LEAD = re.compile(
    r"\s*((?i:published|posted|last\s+updated|updated|date\s+of\s+publication)(?:\s+(?i:on|at))?\s*:?\s*)?"
)


def find_dateline(text: str, *, published: DateValue, stamped: bool = False) -> DateMention | None:
    """The full date a text opens with, when it was written rather than anything it tells ("Posted on July 2
    2016 by …", "4 Apr 2017 An alleged chemical attack …", "06.04.2017 The attack …").

    A date followed by a colon heads an entry ("March 8th 2017: (S487) Ratlah village"), one followed by a
    verb is the sentence's subject ("21 August 2013 saw …"), one followed by another is a period ("1
    January 2016 – 31 December 2016 Annual report"): none is a dateline. ``stamped``: only a date the text
    says is its own, by a word before it ("Published", "Posted on", "Last updated at") or a byline or time
    after it ("… by admin", "… | 10:45"); "15 March 2011 Protests broke out in Daraa" may head a story
    about that day.
    """
    lead = _DATELINE_LEAD.match(text)
    at = lead.end() if lead else 0
    for mention in find_dates(text[: at + 40], published=published):
        if mention.start < at:
            continue
        if mention.start > at or mention.relative or mention.value.precision != "day":
            return None
        if not _heads_text(text, mention.end) or _PERIOD_ON.match(text, mention.end):
            return None
        if stamped and not (lead and lead.group(1)) and not _STAMP_AFTER.match(text, mention.end):
            return None
        return mention
    return None


# "… – 31 December 2016", "… to March 2017": the date opens a period.
_PERIOD_ON = re.compile(r"\s*(?:[-–—]|(?i:to|until|till|through)\s)\s*(?:\d|[A-Z][a-z]+\s+\d)")
# A byline or a time after a date: "… by Asharq Al-Awsat", "… | 10:45", "… at 3:45 pm".
_STAMP_AFTER = re.compile(r"\s*(?:\||(?i:by)\s|(?:(?i:at)\s+)?\d{1,2}:\d\d)")


# Words a dateline's byline or stamp goes on with: "… by admin", "… at 3:45 pm", "… in News", "… updated".
_BYLINE_WORDS = frozenset({"by", "at", "in", "written", "updated", "posted", "last", "from", "|"})


def _heads_text(text: str, end: int) -> bool:
    """What follows a dateline: the text, a byline or a time; not a colon ("March 8th 2017: (S487) …", an
    entry headed by its own date) nor a verb ("21 August 2013 saw the deadliest attack": the subject)."""
    rest = text[end:].lstrip()
    first = rest.split(maxsplit=1)[0].strip(".,") if rest else ""
    return not rest.startswith(":") and not (first[:1].islower() and first not in _BYLINE_WORDS)


def _anchored(pattern: re.Pattern[str], plain: str, start: int, kind: str, pos: int) -> re.Match[str] | None:
    """Match ``pattern`` starting at the anchor's lead words (if any) or at the anchor itself."""
    if start < pos:
        return None
    lead = _LEAD.get(kind)
    starts = [start]
    if lead is not None:
        found = lead.search(plain, max(0, start - 30), start)
        if found is not None:
            starts.insert(0, found.start())
        elif kind in _LEAD_REQUIRED:
            return None
    for begin in starts:
        match = pattern.match(plain, begin)
        if match is not None and match.end() > start:
            return match
    return None


def resolve_date(expression: str, *, published: DateValue) -> DateValue | None:
    """Resolve one date expression ("last Friday", "on April 7", "since 2015"); None if it is none or unresolvable."""
    plain = to_ascii_digits(expression.strip())
    for mention in find_dates(plain, published=published):
        if mention.value.value is not None:
            return mention.value
    match = _POINT.fullmatch(plain)
    if match is not None:
        return _resolve(match.lastgroup or "", plain, published)[0]
    return None


_PERIOD_WORDS: tuple[str, ...] = ("since", "between", "from", "until", "till", "through", "up to", "as of")
_PERIOD_WORDS += ("by the end of",)
_PERIOD_WORDS += ("period", "past", "last")
_PERIOD_ANCHOR = re.compile(rf"(?:{_plain(list(_PERIOD_WORDS))})(?!\w)")
_TO_AFTER = re.compile(r"\s*(?:to\b|[-–—])")
_PERIOD_LEAD = {
    "since": re.compile(r"(?<!\w)(?i:ever)\s+$"),
    "period": re.compile(r"(?<!\w)(?i:in|during|over|for)\s+the\s+$"),
    "past": re.compile(r"(?<!\w)(?i:in|over|during|for)\s+the\s+$"),
}
_PERIOD_LEAD["last"] = _PERIOD_LEAD["past"]
# "October, 2017 till March 2018": a full date right before "till" / "to" / "–" starts a span.
_FULL_DATE_BEFORE = re.compile(rf"(?<!\w)(?:{_DMY}|{_MDY}|{_MY})\s*$")


def find_periods(text: str, *, published: DateValue) -> list[PeriodMention]:
    """Every stretch of time in ``text``: "since 2015", "between March and May 2018", "up to March 2018"."""
    plain = to_ascii_digits(text)
    low = _lowered(plain)
    anchors: list[tuple[int, int, str]] = []
    if any(word.split()[0] in low for word in _PERIOD_WORDS):
        for cue in _PERIOD_ANCHOR.finditer(low):
            if not (cue.start() and _is_word_char(low[cue.start() - 1])):
                anchors.append((cue.start(), cue.end(), " ".join(cue.group().split())))
    for digits in _DIGITS.finditer(plain):
        if len(digits.group()) == 4 and _TO_AFTER.match(plain, digits.end()):
            anchors.append((digits.start(), digits.end(), "years"))  # "2015-2018", "October 2017 to March 2018"
    anchors.sort()
    found: list[PeriodMention] = []
    pos = 0
    for start, end, word in anchors:
        match = _period_match(plain, start, end, word, pos)
        if match is None:
            continue
        period = _period(match, text, published)
        if period is not None:
            found.append(period)
            pos = match.end()
    return found


def _period_match(plain: str, start: int, end: int, word: str, pos: int) -> re.Match[str] | None:
    if start < pos:
        return None
    starts = [] if word in ("past", "last") else [start]
    lead = _PERIOD_LEAD.get(word)
    if lead is not None:
        found = lead.search(plain, max(pos, start - 30), start)
        if found is not None:
            starts.insert(0, found.start())
        elif word in ("period", "past", "last"):
            return None
    if word in ("years", "until", "till", "through"):
        full = _FULL_DATE_BEFORE.search(plain, max(pos, start - 40), end if word == "years" else start)
        if full is not None:
            starts.insert(0, full.start())
    for begin in starts:
        match = _PERIOD.match(plain, begin)
        if match is not None and match.end() > start:
            return match
    return None


def _period(match: re.Match[str], text: str, published: DateValue) -> PeriodMention | None:
    """Resolve one matched period's bounds."""
    g = match.group
    first: DateValue | None
    last: DateValue | None
    if g("between") or g("from") or g("span"):
        a, b = ("a1", "a2") if g("between") else ("f1", "f2") if g("from") else ("r1", "r2")
        first, last = _pair(g(a), g(b), published)
    elif g("years"):
        low = int(g("y1"))
        high = int(g("y2")) if len(g("y2")) == 4 else low // 100 * 100 + int(g("y2"))
        if high <= low:
            return None
        first, last = DateValue(f"{low:04d}", "year"), DateValue(f"{high:04d}", "year")
    elif g("since"):
        first = None if g("war") else _point(g("s1"), published)
        last = published
    elif g("until"):
        first, last = None, _point(g("u1") or g("u2"), published)
    else:
        first, last = _past(g("pn"), g("pu"), published), published
    return PeriodMention(first, last, match.start(), match.end(), text[match.start() : match.end()])


# ---- resolution -----------------------------------------------------------------------------


def _core_start(matched: str, start: int) -> int:
    """Start a "in May" / "since 2015" mention at the month or year, keeping "last"/"this"/"next"."""
    core = re.search(rf"(?i:(?:last|this|next)\s+)?(?:{_MONTH_FULL}|{_YEAR})\S*$", matched)
    return start + (core.start() if core else 0)


def _publication(published: DateValue) -> tuple[int | None, int | None, int | None]:
    """Year, month and day of publication, as far as its precision goes."""
    if published.value is None or published.precision == "unknown":
        return None, None, None
    parts = [int(p) for p in published.value.split("-")]
    depth = {"year": 1, "month": 2, "week": 2, "day": 3}[published.precision]  # a week: its Monday's month
    parts = parts[:depth] + [None] * (3 - min(depth, len(parts)))  # type: ignore[list-item]
    return parts[0], parts[1], parts[2]


def _day_value(year: int, month: int, day: int) -> DateValue | None:
    try:
        return DateValue(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _from_date(day: dt.date) -> DateValue:
    return DateValue(day.isoformat(), "day")


def _finest(first: dt.date, last: dt.date) -> DateValue | None:
    """The finest precision that holds both days: a day, the week (Monday to Sunday) holding both, a month or a
    year."""
    if first == last:
        return _from_date(first)
    if (last - first).days < 7 and first.weekday() <= last.weekday():  # within one week, Monday to Sunday
        return DateValue((first - dt.timedelta(days=first.weekday())).isoformat(), "week")
    if (first.year, first.month) == (last.year, last.month):
        return DateValue(f"{first.year:04d}-{first.month:02d}", "month")
    if first.year == last.year:
        return DateValue(f"{first.year:04d}", "year")
    return None


def _month_shift(year: int, month: int, delta: int) -> DateValue:
    index = year * 12 + (month - 1) + delta
    return DateValue(f"{index // 12:04d}-{index % 12 + 1:02d}", "month")


_MONTH_NAME = re.compile(rf"(?<!\w)(?:{_plain(list(_MONTH_NUMBER))})(?!\w)")


def _parts(kind: str, text: str) -> tuple[int | None, int | None, int | None, str | None] | None:
    """Year, month, day and a month's modifier (last/this/next) written in one date expression."""
    lowered = " ".join(text.lower().split())
    if kind == "iso":
        y, m, d = lowered[:10].split("-")
        return int(y), int(m), int(d), None
    if kind == "by" or kind == "py":
        return int(re.findall(r"\d{4}", lowered)[-1]), None, None, None
    glued = re.search(r"(?<!\d)(\d\d)(\d{4})(?!\d)", lowered)  # "apr 052017"
    if glued is not None:
        lowered = f"{lowered[: glued.start()]}{glued.group(1)} {glued.group(2)}{lowered[glued.end() :]}"
    day_match = re.search(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", lowered)
    year_match = re.search(r"(?<!\d)(\d{4})(?!\d)", lowered)
    month_match = _MONTH_NAME.search(lowered)
    month = _MONTH_NUMBER[" ".join(month_match.group().split())] if month_match else None
    if month is None:
        return None
    modifier_match = re.match(r"(last|this|next)\s", lowered)
    modifier = modifier_match.group(1) if modifier_match else None
    day = int(day_match.group(1)) if day_match and kind not in ("my", "bm", "pm") else None
    year = int(year_match.group(1)) if year_match else None
    return year, month, day, modifier


def _complete(
    parts: tuple[int | None, int | None, int | None, str | None], published: DateValue, hint: int | None = None
) -> tuple[DateValue | None, bool]:
    """Build the date from its written parts; a missing year comes from ``hint`` or publication."""
    year, month, day, modifier = parts
    relative = year is None
    if year is None:
        year = hint if hint is not None else _infer_year(month, day, modifier, published)
        if year is None:
            return None, True
    if month is None:
        return DateValue(f"{year:04d}", "year"), relative
    if day is None:
        return DateValue(f"{year:04d}-{month:02d}", "month"), relative
    return _day_value(year, month, day), relative


def _infer_year(month: int | None, day: int | None, modifier: str | None, published: DateValue) -> int | None:
    pub_year, pub_month, pub_day = _publication(published)
    if pub_year is None or pub_month is None or month is None:
        return None  # "April 7" in a report dated only to the year could be either side of it
    if modifier == "this":
        return pub_year
    if modifier == "next":
        return pub_year if month > pub_month else pub_year + 1
    if modifier == "last":
        return pub_year if month < pub_month else pub_year - 1
    written = (month, day or 1)
    latest = (pub_month, pub_day or 31)  # a month-only publication may be any day of that month
    return pub_year if written <= latest else pub_year - 1


def _resolve(kind: str, text: str, published: DateValue) -> tuple[DateValue | None, bool]:
    """Resolve one matched expression of a known kind."""
    if kind == "wdate":
        return _weekday_date(text, published)
    if kind == "num":
        return _numeric(text, published), False
    if kind in ("iso", "dmy", "mdy", "my", "dm", "md", "ardate", "pm", "py", "bm", "by"):
        parts = _parts(kind, text)
        return _complete(parts, published) if parts else (None, False)
    pub_year, pub_month, pub_day = _publication(published)
    today = dt.date(pub_year, pub_month, pub_day) if pub_year and pub_month and pub_day else None
    lowered = " ".join(text.lower().split())
    if kind in ("wd", "arwd"):
        return _weekday(lowered, today), True
    if kind == "ago":
        return _ago(lowered, pub_year, pub_month, today), True
    return _relative_word(lowered, pub_year, pub_month, today), True


def _numeric(text: str, published: DateValue) -> DateValue | None:
    """ "21/10/2017" is 21 October; "06/04/2017" is 6 April, or 4 June where only that is on or before
    publication (day first, as most of the world writes it, when both are)."""
    first, second, year = (int(n) for n in re.split(r"[/.]", text))
    readings = []
    for day, month in ((first, second), (second, first)):
        with contextlib.suppress(ValueError):
            readings.append(dt.date(year, month, day))
    if not readings:
        return None
    pub_year, pub_month, pub_day = _publication(published)
    if len(readings) == 2 and pub_year and pub_month and pub_day:
        today = dt.date(pub_year, pub_month, pub_day)
        before = [r for r in readings if r <= today]
        if len(before) == 1:
            return _from_date(before[0])
    return _from_date(readings[0])


def _weekday_date(text: str, published: DateValue) -> tuple[DateValue | None, bool]:
    """ "Wednesday (November 6)": the written date wins; the weekday only picks its year when none is written."""
    weekday = re.match(_WEEKDAY, text)
    inner = text[weekday.end() if weekday else 0 :].lstrip(".,( ").removeprefix("the ").rstrip(") ")
    parts = _parts("dmy", inner)
    if parts is None:
        return None, True
    year, month, day, _ = parts
    guess = _infer_year(month, day, None, published) if year is None else None
    if guess is not None and weekday is not None and month is not None and day is not None:
        named = _WEEKDAY_NUMBER[weekday.group().lower()]
        for candidate in (guess, guess + 1, guess - 1):  # "Thursday, November 7" in a Wednesday 6 November report
            with contextlib.suppress(ValueError):
                if dt.date(candidate, month, day).weekday() == named:
                    return _complete(parts, published, candidate)[0], True
    return _complete(parts, published)


def _weekday(lowered: str, today: dt.date | None) -> DateValue | None:
    if today is None:
        return None  # a weekday needs a publication day
    name = next(n for n in sorted(_WEEKDAY_NUMBER, key=len, reverse=True) if n in lowered)
    target = _WEEKDAY_NUMBER[name]
    back = (today.weekday() - target) % 7
    if lowered.startswith(("last ", "past ")) or "الماضي" in lowered:
        # Strictly before; and not yesterday, which a reporter calls "yesterday" or "on Monday": a Tuesday
        # report's "last Monday" is the Monday of the week before.
        back = back + 7 if back <= 1 and lowered.startswith("last ") else back or 7
    elif lowered.startswith("next "):
        return _from_date(today + dt.timedelta(days=(target - today.weekday()) % 7 or 7))
    return _from_date(today - dt.timedelta(days=back))


def _ago(lowered: str, year: int | None, month: int | None, today: dt.date | None) -> DateValue | None:
    amount_word, unit = lowered.split()[:2]
    amount = int(amount_word) if amount_word.isdigit() else _SMALL_NUMBER[amount_word]
    if unit.startswith("day"):
        return _from_date(today - dt.timedelta(days=amount)) if today else None
    if unit.startswith("week"):
        if today is None:
            return None
        middle = today - dt.timedelta(days=7 * amount)
        return DateValue((middle - dt.timedelta(days=middle.weekday())).isoformat(), "week")  # its Monday to Sunday
    if unit.startswith("month"):
        return _month_shift(year, month, -amount) if year and month else None
    return DateValue(f"{year - amount:04d}", "year") if year else None


_DAY_OFFSETS = {
    "the day before yesterday": -2, "yesterday": -1, "last night": -1, "أمس": -1, "البارحة": -1,
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "اليوم": 0,
    "tomorrow": 1,
}  # fmt: skip


def _relative_word(lowered: str, year: int | None, month: int | None, today: dt.date | None) -> DateValue | None:
    if lowered in _DAY_OFFSETS:
        return _from_date(today + dt.timedelta(days=_DAY_OFFSETS[lowered])) if today else None
    if lowered.endswith("week") or "الأسبوع" in lowered:
        if today is None:
            return None
        monday = today - dt.timedelta(days=today.weekday())
        if lowered.startswith("last") or "الماضي" in lowered:
            return _finest(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
        if lowered.startswith("earlier"):  # before the day of writing: on a Monday, the week before it
            first = monday if monday < today else today - dt.timedelta(days=7)
            return _finest(first, today - dt.timedelta(days=1))
        return DateValue(monday.isoformat(), "week")  # "this week", even written on its Monday
    if lowered.endswith("month") or "الشهر" in lowered:
        if not (year and month):
            return None
        return _month_shift(year, month, -1 if lowered.startswith("last") or "الماضي" in lowered else 0)
    if year is None:
        return None
    last = lowered.startswith("last") or "الماضي" in lowered or "الماضية" in lowered
    return DateValue(f"{year - 1 if last else year:04d}", "year")


def _point(text: str, published: DateValue, hint: int | None = None) -> DateValue:
    """Resolve one bound of a period ("2015", "May", "October, 2017", "last year")."""
    match = _POINT.fullmatch(text)
    if match is None:
        return _UNKNOWN
    kind = match.lastgroup or ""
    parts = _parts(kind, text) if kind in ("iso", "dmy", "mdy", "my", "dm", "md", "ardate", "bm", "by") else None
    value = _complete(parts, published, hint)[0] if parts is not None else _resolve(kind, text, published)[0]
    return value or _UNKNOWN


def _pair(first_text: str, last_text: str, published: DateValue) -> tuple[DateValue, DateValue]:
    """Resolve both ends of "between March and May 2018": a year written once serves both."""
    first_parts = _parts_of(first_text)
    last_parts = _parts_of(last_text)
    if last_parts and last_parts[0] is None and first_parts and first_parts[0] is not None:
        # "from March 2018 to May": the end takes the start's year (or the next, if it comes round again).
        year = first_parts[0]
        if last_parts[1] is not None and first_parts[1] is not None and last_parts[1] < first_parts[1]:
            year += 1
        return _point(first_text, published), _point(last_text, published, year)
    last = _point(last_text, published)
    hint = None
    if first_parts and first_parts[0] is None and last.value is not None and last_parts is not None:
        hint = int(last.value[:4])
        if (
            first_parts[1] is not None
            and last_parts[1] is not None
            and (first_parts[1], first_parts[2] or 0)
            > (
                last_parts[1],
                last_parts[2] or 0,
            )
        ):
            hint -= 1
    return _point(first_text, published, hint), last


def _parts_of(text: str) -> tuple[int | None, int | None, int | None, str | None] | None:
    match = _POINT.fullmatch(text)
    if match is None or match.lastgroup not in ("iso", "dmy", "mdy", "my", "dm", "md", "ardate", "bm", "by"):
        return None
    return _parts(match.lastgroup, text)


def _past(number: str | None, unit: str, published: DateValue) -> DateValue:
    """Start of "over the past two years": as far back from publication, at the unit's precision."""
    amount = 1 if number is None else int(number) if number.isdigit() else _SMALL_NUMBER[number.lower()]
    year, month, day = _publication(published)
    unit = unit.lower()
    if unit.startswith("year"):
        return DateValue(f"{year - amount:04d}", "year") if year else _UNKNOWN
    if unit.startswith("month"):
        return _month_shift(year, month, -amount) if year and month else _UNKNOWN
    if not (year and month and day):
        return _UNKNOWN
    days = amount * (7 if unit.startswith("week") else 1)
    return _from_date(dt.date(year, month, day) - dt.timedelta(days=days))
