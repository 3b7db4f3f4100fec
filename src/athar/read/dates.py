"""Parse publication dates and keep their precision (day, month, year)."""

from __future__ import annotations

import datetime as dt
import re

from athar.records import DateValue

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "januar", "كانون الثاني", "يناير"),
            ("february", "feb", "février", "februar", "شباط", "فبراير"),
            ("march", "mar", "mars", "märz", "آذار", "مارس"),
            ("april", "apr", "avril", "نيسان", "أبريل", "ابريل"),
            ("may", "mai", "أيار", "مايو"),
            ("june", "jun", "juin", "juni", "حزيران", "يونيو"),
            ("july", "jul", "juillet", "juli", "تموز", "يوليو"),
            ("august", "aug", "août", "آب", "أغسطس"),
            ("september", "sep", "sept", "septembre", "أيلول", "سبتمبر"),
            ("october", "oct", "octobre", "oktober", "تشرين الأول", "أكتوبر"),
            ("november", "nov", "novembre", "تشرين الثاني", "نوفمبر"),
            ("december", "dec", "décembre", "dezember", "كانون الأول", "ديسمبر"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[t ][\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?"), "ymd"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})-(\d{2})"), "ym"),
    (re.compile(r"(\d{4})"), "y"),
    (re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})"), "dMy"),
    (re.compile(_WEEKDAY + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"), "Mdy"),
    (re.compile(_MONTH + r",?\s+(\d{4})"), "My"),
]


def parse_date(text: str | None, *, precision: str | None = None) -> DateValue | None:
    """Parse a date written alone (``10 Feb, 2016``, ``2018-04``, ``MARCH 2025``).

    Returns None when ``text`` is not a date by itself. ``precision`` (from a
    manifest) may only coarsen what the text says.
    """
    if not text:
        return None
    cleaned = " ".join(text.strip().lower().split())
    for pattern, order in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if not match:
            continue
        groups = match.groups()
        if order == "ymd":
            year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
        elif order == "ym":
            year, month, day = int(groups[0]), int(groups[1]), None
        elif order == "y":
            year, month, day = int(groups[0]), None, None
        elif order == "dMy":
            day, month, year = int(groups[0]), _MONTHS[groups[1]], int(groups[2])
        elif order == "Mdy":
            month, day, year = _MONTHS[groups[0]], int(groups[1]), int(groups[2])
        else:
            month, year, day = _MONTHS[groups[0]], int(groups[1]), None
        value = _build(year, month, day)
        if value is None:
            return None
        return coarsen(value, precision) if precision else value
    return None


def _build(year: int, month: int | None, day: int | None) -> DateValue | None:
    if not 1000 <= year <= 2999:
        return None
    try:
        if day is not None and month is not None:
            return DateValue(dt.date(year, month, day).isoformat(), "day")
        if month is not None:
            dt.date(year, month, 1)
            return DateValue(f"{year:04d}-{month:02d}", "month")
    except ValueError:
        return None
    return DateValue(f"{year:04d}", "year")


_CUT = {"day": 10, "month": 7, "year": 4}


def coarsen(value: DateValue, precision: str) -> DateValue:
    """Cut a date to a coarser precision (never invents a finer one)."""
    if value.value is None or precision not in _CUT or _CUT[precision] >= len(value.value):
        return value
    return DateValue(value.value[: _CUT[precision]], precision)  # type: ignore[arg-type]
