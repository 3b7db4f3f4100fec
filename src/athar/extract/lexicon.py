"""Find what attacks hit (targets) and what numbers count (measures), from data files."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class TargetMention:
    target: str
    start: int
    end: int
    text: str


def _words(phrases: list[str]) -> str:
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _load(name: str) -> dict[str, object]:
    return tomllib.loads(resources.files("athar.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def _targets() -> tuple[re.Pattern[str], dict[str, str]]:
    data = _load("targets.toml")["targets"]
    assert isinstance(data, dict)
    owner = {phrase.lower(): target for target, phrases in data.items() for phrase in phrases}
    pattern = re.compile(rf"(?<!\w)({_words(list(owner))})(?:e?s)?(?!\w)", re.IGNORECASE)
    return pattern, owner


def target_types() -> list[str]:
    """Athar's target types (targets.toml's keys), sorted."""
    return sorted(set(_targets()[1].values()))


def find_targets(text: str) -> list[TargetMention]:
    """Hospitals, schools, markets, camps … named in ``text``, in order (each type once)."""
    pattern, owner = _targets()
    found: list[TargetMention] = []
    seen: set[str] = set()
    for match in pattern.finditer(text):
        target = owner.get(" ".join(match.group(1).lower().split()))
        if target and target not in seen:
            seen.add(target)
            found.append(TargetMention(target, match.start(), match.end(), match.group(0)))
    return found


@lru_cache(maxsize=1)
def _measures() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    data = _load("measures.toml")
    out = []
    for measure, words in data.items():
        assert isinstance(words, dict)
        after = re.compile(rf"(?<!\w)({_words(words['after'])})(?!\w)", re.IGNORECASE)
        before = re.compile(rf"(?<!\w)({_words(words['before'])})(?!\w)", re.IGNORECASE) if words["before"] else None
        out.append((measure, after, before))
    return out


@lru_cache(maxsize=1)
def _counts_other() -> dict[str, re.Pattern[str]]:
    """Per measure, the nouns that, just after a number, say it counts something else ("destroyed 18 trucks")."""
    out = {}
    for measure, words in _load("measures.toml").items():
        assert isinstance(words, dict)
        if words.get("not_after"):
            out[measure] = re.compile(rf"\s*(?:[^\W\d]+\s+){{0,2}}({_words(words['not_after'])})(?!\w)", re.IGNORECASE)
    return out


# How far from a number its measure word may be (characters).
_AFTER_WINDOW = 48
_BEFORE_WINDOW = 32
_BEFORE_GAP_WORDS = 2
_AFTER_GAP_WORDS = 4
# A conjunction right after the verb and right before the number makes the number another clause's ("were
# killed and 500 others", "… and another 27"), not one between two verbs ("killed and crucified five") nor
# after the verb's own object ("killing himself and 12 others").
_CONJUNCTION = re.compile(r"\s*(and|or|but|while|whereas)\s+(another\s+|a\s+further\s+)?", re.IGNORECASE)
# Words after which the next verb is another predicate ("eight people and wounded 23").
_CLAUSE_BREAK = re.compile(
    r"\b(and|or|but|that|which|who|whom|when|where|while|after|before|because)\b|[;:,]", re.IGNORECASE
)


# "The death toll from the strikes rose to 86", "the death toll in the attack was 45": a death toll named with
# what it is of, then its number (the measures' "before" words allow no words between "toll" and its verb); a
# word after the number says what it counts first ("… was 45 wounded").
_TOLL_OF_EVENT = re.compile(
    r"\bdeath\s+toll\s+(?:from|of|in)\s+(?:[\w’'-]+\s+){1,24}?"
    r"(?:rose|climbed|increased|jumped|reached|was|is|stood|stands|hit|has\s+risen|had\s+risen)"
    r"(?:\s+(?:to|at))?\s+(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|at\s+least\s+)?$",
    re.IGNORECASE,
)


_TOLL_OF_EVENT_CHARS = 200


# Buildings counted are destroyed buildings only where the text says they were damaged ("seized a number of
# buildings", "searched 40 homes" count none).
_DAMAGE = re.compile(
    r"\b(destr|damag|demolish|level|raze|razing|flatten|collaps|rubble|ruin|blew\s+up|blown\s+up|blowing\s+up|gutt"
    r"|burn|torch|ablaze|set\s+fire|on\s+fire)",
    re.IGNORECASE,
)


def measure_of(text: str, start: int, end: int, *, limit_start: int = 0, limit_end: int | None = None) -> str | None:
    """What the number at text[start:end] counts, from the words just after it, else just before."""
    limit_end = len(text) if limit_end is None else limit_end
    measure = _measure_of(text, start, end, limit_start, limit_end)
    if measure == "destroyed_buildings" and not _DAMAGE.search(text):
        return None
    return measure


def _measure_of(text: str, start: int, end: int, limit_start: int, limit_end: int) -> str | None:
    after = _measure_after(text[end : min(limit_end, end + _AFTER_WINDOW)], _AFTER_GAP_WORDS)
    if after is not None:
        return after
    # "The death toll from Monday's air strikes on a market in Maaret al-Noman in northwest Syria rose to 43".
    if _TOLL_OF_EVENT.search(text, max(limit_start, start - _TOLL_OF_EVENT_CHARS), start):
        return "killed"
    window_before = text[max(limit_start, start - _BEFORE_WINDOW) : start]
    nearest: tuple[int, int, str] | None = None
    another_clause = False
    for measure, _after, before in _measures():
        if before is None:
            continue
        matches = list(before.finditer(window_before))
        # "killing at least eight": at most a few words between the verb and the number.
        gap = window_before[matches[-1].end() :] if matches else ""
        if not matches or len(gap.split()) > _BEFORE_GAP_WORDS:
            continue
        other = _counts_other().get(measure)
        if other is not None and other.match(text, end, limit_end):
            continue
        # Not across a conjunction (_CONJUNCTION): "100 civilians were killed and 500 others have been affected"
        # (the verb is the hundred's); such a number's own word may be further on ("346 were killed and more
        # than 170 members of the forces had died").
        if _CONJUNCTION.fullmatch(gap):
            another_clause = True
            continue
        key = (matches[-1].end(), matches[-1].end() - matches[-1].start(), measure)
        if nearest is None or key[:2] > nearest[:2]:
            nearest = key
    if nearest is None and another_clause:
        return _measure_after(text[end : min(limit_end, end + 2 * _AFTER_WINDOW)], 2 * _AFTER_GAP_WORDS)
    return nearest[2] if nearest else None


def _measure_after(window: str, max_gap: int) -> str | None:
    """The measure named by the nearest words in ``window`` (after a number), at most ``max_gap`` words on."""
    best: tuple[int, int, str] | None = None
    for measure, after, _before in _measures():
        match = after.search(window)
        # The nearest words win; at the same place the longer phrase ("martyrs and wounded" over "martyrs").
        if match and (best is None or (match.start(), -match.end()) < best[:2]):
            gap = window[: match.start()]
            # "eight people were killed" counts the dead; "one last year that killed 80" does not.
            if len(gap.split()) <= max_gap and not _CLAUSE_BREAK.search(gap):
                best = (match.start(), -match.end(), measure)
    return best[2] if best is not None else None
