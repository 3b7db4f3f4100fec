"""Type events with ACLED's taxonomy: find the words that name an event and the sub-event type they name.

Rules are data: ``data/acled_taxonomy.toml`` holds ACLED's names, ``data/event_lexicon.toml``
the trigger patterns, their weights and context conditions. Patterns compile to regular
expressions over a copy of the text with punctuation blanked (same offsets); one trie-shaped
expression finds the few words that can open a trigger, a dict gives the patterns that start with
each, and only a pattern that matches has its context checked: negation, hypothesis and topic cues
before it, required or excluded words in the sentence, and who acts (state or non-state) for
territorial changes and arrests. Only the standard library is used.

Decisions worth knowing:

* One sentence may name several events ("a car bomb in Azaz and Israeli strikes near Damascus"):
  :func:`find_event_triggers` returns one trigger per sub-event type per sentence.
* Words that describe the same event merge into the most specific type named with them: a protest
  dispersed with tear gas is one "Protest with intervention"; civilians killed in an air strike are
  the air strike, not a second "Attack" (``absorbed_by`` in the lexicon).
* A campaign is not an event: "the bombing campaign on Daraa has displaced tens of thousands" names
  no single incident (ACLED codes events, one day and place each), so it yields no trigger; the
  figure extractor owns such sentences.
* Triggers in a plan, threat, call or condition ("called for a ceasefire", "an offensive to
  retake") or named as what a protest is about ("protest against the arrests") are dropped.
  Denials are kept: "denied that its jets bombed the hospital" still names an air strike, which
  the claim extractor records as denied.
"""

from __future__ import annotations

import math
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

# v11: "in response to" is no topic cue (it hid "the chemical attack" it answers, three words on; the cause rule of
# v8 keeps that attack's evidence apart);
# v10: forces attacking a neighbourhood ("attacking the Qaboun neighborhood"; seizing one still is no capture);
# v9: drones and quadcopters that drop (a star inside a word is refused: "neighbo*hood*" matched nothing);
# v8: what an event answers ("in response to the gas attack") takes none of its evidence; throats slit,
# control established, people (not villages) captured, fighting for control, deals reached, new formations;
# v7: strikes carried out or conducted; v6: forces that bomb from the ground or the air, killing by a fall;
# v5: rebel fire, assaults on towns, civilians killed, effects of gas; v4: vehicles that blew up, bakeries;
# v3: verbs in any tense after a doer ("~"), synonyms from ACLED definitions
PRODUCED_BY = "extract.event_types.v11"

Side = Literal["state", "nonstate"]


# ---------------------------------------------------------------- taxonomy


@dataclass(frozen=True)
class SubEventType:
    """One ACLED sub-event type, spelled as ACLED spells it."""

    name: str
    event_type: str
    disorder_type: str
    definition: str
    case2021: str | None = None  # label used by the CASE 2021 shared task
    aliases: tuple[str, ...] = ()  # older ACLED spellings


@dataclass(frozen=True)
class EventType:
    """One ACLED event type and its sub-event types."""

    name: str
    disorder_type: str
    definition: str
    sub_event_types: tuple[SubEventType, ...]


@dataclass(frozen=True)
class Taxonomy:
    """ACLED's disorder types, event types and sub-event types, in codebook order."""

    disorder_types: tuple[str, ...]
    event_types: tuple[EventType, ...]

    @property
    def sub_event_types(self) -> tuple[SubEventType, ...]:
        return tuple(s for e in self.event_types for s in e.sub_event_types)

    def sub_event_type(self, name: str) -> SubEventType:
        """Look up a sub-event type by its name or an old ACLED spelling (``KeyError`` if unknown)."""
        for sub in self.sub_event_types:
            if name == sub.name or name in sub.aliases:
                return sub
        raise KeyError(name)

    def event_type(self, name: str) -> EventType:
        """Look up an event type by name (``KeyError`` if unknown)."""
        for event in self.event_types:
            if event.name == name:
                return event
        raise KeyError(name)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """Return ACLED's taxonomy as shipped in ``data/acled_taxonomy.toml``."""
    text = resources.files("athar.data").joinpath("acled_taxonomy.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    events = []
    for ev in data["event_type"]:
        subs = tuple(
            SubEventType(
                name=s["name"],
                event_type=ev["name"],
                disorder_type=s.get("disorder_type", ev["disorder_type"]),
                definition=s["definition"],
                case2021=s.get("case2021"),
                aliases=tuple(s.get("aliases", ())),
            )
            for s in ev["sub_event_type"]
        )
        events.append(EventType(ev["name"], ev["disorder_type"], ev["definition"], subs))
    return Taxonomy(tuple(data["disorder_types"]), tuple(events))


# ---------------------------------------------------------------- public API


@dataclass(frozen=True)
class EventTrigger:
    """Words in a text that name an event, and the ACLED type they name."""

    event_type: str  # "Explosions/Remote violence"
    sub_event_type: str  # "Air/drone strike"
    disorder_type: str  # ACLED's disorder_type for this sub-event type
    start: int  # span of the trigger words in the text passed in
    end: int
    text: str
    score: float  # 0..1, how strongly the text supports this type


def find_event_triggers(text: str) -> list[EventTrigger]:
    """Return every event the text names: one trigger per sub-event type per sentence, in text order."""
    groups = _analyse(text)
    return [_to_trigger(text, g, _confidence(g.total)) for g in sorted(groups, key=lambda g: g.start)]


def classify_event(text: str) -> EventTrigger | None:
    """Return the single best ACLED type for a sentence or snippet, or None when nothing names an event.

    Evidence adds up across sentences; the first sentence, which usually states the event, counts
    more. ``score`` is the winner's share of all evidence, discounted when the evidence is thin.
    """
    # One snippet, one event: words merge across sentences ("drove IS out of the town. ... in fierce
    # clashes" is one territorial gain), and the first sentence, which states the event, counts more.
    groups = _analyse(text, whole=True)
    if not groups:
        return None
    lex = _lexicon()
    totals = {g.sub: g.total for g in groups}
    winner = max(groups, key=lambda g: (g.total, -lex.priority[g.sub], -g.start))
    share = winner.total / sum(totals.values())
    return _to_trigger(text, winner, round(share * _confidence(winner.total), 3))


def classify_event_backed(text: str) -> EventTrigger | None:
    """:func:`classify_event`, backed by the small trained model (:mod:`athar.extract.event_model`)
    where the rules name no event: the model's type, spanning the whole text, scored by its
    probability; None when the model too says "(none)"."""
    trigger = classify_event(text)
    if trigger is not None:
        return trigger
    from athar.extract.event_model import NONE, predict

    guess = predict(text)
    if guess is None or guess[0] == NONE:
        return None
    sub = _lexicon().by_sub.get(guess[0])
    if sub is None:
        return None
    return EventTrigger(sub.event_type, sub.name, sub.disorder_type, 0, len(text), text, round(guess[1], 3))


# ---------------------------------------------------------------- internals

_FIRST_SENTENCE_BONUS = 1.5
_ABSORB_MIN_WEIGHT = 2.0  # weak cues ("violence", a bare "warplanes") never swallow other evidence
# What an event answers: the cue and the words after it up to a clause break ("In retaliation for the attack,
# Turkish jets bombed …": the jets are the event told, the attack what it answers).
_CAUSE = re.compile(
    r"\b(?:in (?:response|retaliation|revenge|reprisal|reaction)s? (?:to|for)|to avenge)\b[^,;:.]*$", re.I
)
_ABSORB_REACH = 600  # characters (about three sentences): evidence merges only with words this near
_BLOCK_WINDOW = 4  # words before a trigger searched for negation and hypothesis cues
_TOPIC_WINDOW = 3  # ... and for topic cues ("protest against the arrests"), which reach less far
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_DETERMINERS = frozenset({"the", "a", "an", "deadly", "infamous", "notorious", "its", "their"})
_SUBJECT_WINDOW = 20  # words before a trigger searched for the actor
_ACTOR_FILLERS = frozenset({"the", "a", "an", "armed", "so", "called", "pro", "anti", "backed", "allied", "linked"})
_OBJECT_MARKERS = frozenset({"with", "against", "from", "on", "at", "targeting", "between", "versus", "vs", "of"})

_WORD = re.compile(r"[^\W_]+")


class _Blanks(dict[int, int]):
    """``str.translate`` table: a letter or digit stays, any other character becomes a blank."""

    def __missing__(self, code: int) -> int:
        value = code if chr(code).isalnum() else 32  # isalnum() is exactly what [^\W_] matches
        self[code] = value
        return value


_BLANK = _Blanks()
_CASED = "(?-i:"  # marks an exact-case word in a compiled pattern
_NEXT_WORD = re.compile(r" +(\w+)")  # in the blanked text: the next word of the same sentence
_ONE_WORD = re.compile(r"\w+ +")
_BY_AFTER = re.compile(r"(?: +\w+){0,2}? +by +", re.IGNORECASE)
_FROM_AFTER = re.compile(r"(?: +\w+){0,7}? +from +", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”—–]|\s-\s")
# A sentence ends at . ! ? followed by space and a capital, digit or quote; or at a blank line.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
_ABBREVIATIONS = frozenset(  # a full stop after these does not end a sentence
    "mr mrs ms dr gen col lt capt sgt maj st jan feb mar apr jun jul aug sep sept oct nov dec no vs u.s u.n "  # noqa: SIM905
    "p.m a.m e.g i.e inc co corp jr sr rev prof gov sen rep ft mt".split()
)

# Pattern elements: ("w", words, prefixes, exact-case words, exact-case prefixes) | ("g", max words)
# | ("m", macro name) | ("a", choices, each a pattern of its own)
_Elem = tuple[Any, ...]
_Pattern = tuple[_Elem, ...]


def _parse_word(token: str) -> _Elem:
    exact: set[str] = set()
    prefixes: list[str] = []
    cased: set[str] = set()
    cased_prefixes: list[str] = []
    for alt in token.split("|"):
        if "*" in alt[:-1]:
            raise ValueError(f"{token!r}: '*' may only end a word")
        if alt.startswith("=") and alt.endswith("*"):
            cased_prefixes.append(alt[1:-1])
        elif alt.startswith("="):
            cased.add(alt[1:])
        elif alt.endswith("*"):
            prefixes.append(alt[:-1].lower())
        else:
            exact.add(alt.lower())
    return ("w", frozenset(exact), tuple(prefixes), frozenset(cased), tuple(cased_prefixes))


# Irregular verbs of war reporting: every form stands for the whole verb (see _inflections).
_IRREGULAR = tuple(
    frozenset(forms.split())
    for forms in (
        "strike strikes struck striking",
        "hit hits hitting",
        "shoot shoots shot shooting",
        "throw throws threw thrown throwing",
        "blow blows blew blown blowing",
        "drive drives drove driven driving",
        "take takes took taken taking",
        "fight fights fought fighting",
        "overrun overruns overran overrunning",
        "beat beats beaten beating",
        "burn burns burnt burned burning",
        "lead leads led leading",
        "hold holds held holding",
        "steal steals stole stolen stealing",
        "tear tears tore torn tearing",
        "break breaks broke broken breaking",
        "send sends sent sending",
        "win wins won winning",
        "seize seizes seized seizing",
        "catch catches caught catching",
        "bring brings brought bringing",
        "leave leaves left leaving",
        "flee flees fled fleeing",
    )
)
_DOUBLED = re.compile(r"([bdfglmnprtvz])\1$")


def _inflections(word: str) -> set[str]:
    """The forms of the verb a past, participle or -ing form belongs to ("bombed": bomb, bombs, bombing).

    Headlines tell past events in the present ("Warplanes bomb Idlib") and reports in the past, so
    a verb in a pattern's verb slot matches in any tense. Only words ending in -ed or -ing, or an
    irregular form, are verbs here; a stem guessed wrongly only adds forms no text uses.
    """
    for forms in _IRREGULAR:
        if word in forms:
            return set(forms)
    if word.endswith("ied") and len(word) > 4:
        stems = {word[:-3] + "y"}
    elif word.endswith("ed") and len(word) > 4:
        stem = word[:-2]
        stems = {stem, stem + "e"} | ({stem[:-1]} if _DOUBLED.search(stem) else set())
    elif word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        stems = {stem, stem + "e"} | ({stem[:-1]} if _DOUBLED.search(stem) else set())
    else:
        return {word}
    out = {word}
    for stem in stems:
        if stem.endswith("y") and stem[-2:-1] not in ("a", "e", "o", "u"):
            out |= {stem, stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"}
            continue
        bare = stem[:-1] if stem.endswith("e") else stem
        third = stem + "es" if stem.endswith(("s", "sh", "ch", "x", "z")) else stem + "s"
        out |= {stem, third, bare + "ed" if not stem.endswith("e") else stem + "d", bare + "ing"}
    return out


def _parse_pattern(source: str) -> _Pattern:
    elems: list[_Elem] = []
    # "~doer ..N verb": the doer acts, so the verb after a gap matches in any tense.
    inflect = source.startswith("~")
    for raw in source.lstrip("~").split():
        if raw.startswith(".."):
            elems.append(("g", int(raw[2:])))
        elif inflect and elems and elems[-1][0] == "g" and "_" not in raw and "@" not in raw and "-" not in raw:
            # The verb slot after a gap ("~warplane* ..5 bombed"): "bomb", "bombs", "bombing" too.
            word = _parse_word(raw)
            exact = frozenset(f for w in word[1] for f in _inflections(w))
            elems.append((word[0], exact, *word[2:]))
        elif raw.startswith("@") and "|" not in raw:
            elems.append(("m", raw[1:]))
        elif "_" in raw or "@" in raw:
            # Choices of several words or macros ("went_off|exploded", "@property|tyres"): each is a
            # small pattern of its own.
            elems.append(("a", tuple(_parse_pattern(alt.replace("_", " ")) for alt in raw.split("|"))))
        else:
            # A hyphen inside a word separates words in the text too: "cease-fire" = "cease fire".
            for part in re.split(r"-", raw):
                if part:
                    elems.append(_parse_word(part))
    if not elems or elems[0][0] == "g":
        raise ValueError(f"event lexicon: pattern {source!r} must start with a word or a macro")
    return tuple(elems)


class _Text:
    """A text made ready for matching: the same offsets, word characters kept, everything else blanked.

    A line break replaces the blank before each sentence, so patterns, which allow only blanks
    between words, never run across a sentence.
    """

    __slots__ = ("_breaks", "bounds", "joined", "scan", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = _sentence_starts(text)  # offset of each sentence's first character
        blank = text.translate(_BLANK)
        if len(self.bounds) > 1:
            parts, previous = [], 0
            for b in self.bounds[1:]:
                parts += [blank[previous : b - 1], "\n"]
                previous = b
            parts.append(blank[previous:])
            blank = "".join(parts)
        self.joined = blank
        # Lowercase, behind one blank, for the scan for words that open a trigger (None when
        # lowercasing changes a length, as for "İ": the scan then ignores case instead).
        low = blank.lower()
        self.scan = " " + low if len(low) == len(blank) else None
        self._breaks: list[int] | None = None

    @property
    def breaks(self) -> list[int]:
        """Offsets just after each comma, colon, bracket or quote: where a clause may begin."""
        if self._breaks is None:
            self._breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.text)]
        return self._breaks

    def sentence(self, pos: int) -> int:
        return bisect_right(self.bounds, pos) - 1

    def sentence_span(self, k: int) -> tuple[int, int]:
        return self.bounds[k], (self.bounds[k + 1] - 1 if k + 1 < len(self.bounds) else len(self.text))


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        before = text[max(0, m.start() - 6) : m.start()].rstrip(".!?\"'”’)]").split()
        last = before[-1].lower().strip("(") if before else ""
        if "\n" not in m.group() and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue  # "Gen. Haftar", "U.S. forces", initials
        starts.append(m.end())
    return starts


class _PatternSet:
    """Patterns compiled to regular expressions over :attr:`_Text.joined`, indexed by their first word."""

    def __init__(self, patterns: Sequence[_Pattern], macros: dict[str, _PatternSet]) -> None:
        self.patterns = tuple(patterns)
        self._sources = [_regex(p, macros) for p in self.patterns]
        self.source = "(?:" + "|".join(self._sources) + ")"  # what a macro reference expands to
        # Compiled on first use (a thousand expressions take half a second to compile): over the
        # lowercased copy when the pattern has no exact-case word, which the engine runs faster;
        # else case-blind over the blanked text.
        self._compiled: list[tuple[re.Pattern[str], bool] | None] = [None] * len(self._sources)
        self._compiled_any: tuple[re.Pattern[str], bool] | None = None
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        self._always: list[int] = []  # patterns whose first word cannot be told: tried everywhere
        for i, pat in enumerate(self.patterns):
            keys = _first_words(pat[0], macros)
            if keys is None:
                self._always.append(i)
                continue
            words, prefixes = keys
            for word in words:
                self._exact.setdefault(word, []).append(i)
            for p in prefixes:
                self._prefix.setdefault(p, []).append(i)
        self._prefix_lengths = sorted({len(p) for p in self._prefix})
        self._cache: dict[str, tuple[int, ...]] = {}
        # Words a pattern may start with, as one trie-shaped expression: the text is scanned in C
        # and Python only sees the few words that can open a trigger.
        starts = set(self._exact) | set(self._prefix)
        self.openers: tuple[re.Pattern[str], re.Pattern[str]] | None = None
        if starts and not self._always:
            trie = _trie(starts)
            # Over " " + the lowercased text: the literal blank lets the engine skip to word starts.
            self.openers = (re.compile(r"[ \n](?:" + trie + r")\w*"), re.compile(r"(?<!\w)(?:" + trie + r")\w*", re.I))

    def candidates(self, low: str) -> tuple[int, ...]:
        """Indexes of the patterns that may start at a word (cached per word)."""
        hit = self._cache.get(low)
        if hit is None:
            found = list(self._exact.get(low, ()))
            for n in self._prefix_lengths:
                if n > len(low):
                    break
                found.extend(self._prefix.get(low[:n], ()))
            found.extend(self._always)
            hit = tuple(sorted(set(found)))
            if len(self._cache) > 100_000:  # vocabulary is Zipfian; a full reset is rare and cheap
                self._cache.clear()
            self._cache[low] = hit
        return hit

    def _regex(self, index: int | None, t: _Text) -> tuple[re.Pattern[str], bool]:
        """The compiled pattern (``index``, or all of them for None) and whether it runs on ``t.scan``."""
        compiled = self._compiled_any if index is None else self._compiled[index]
        if compiled is None:
            src = "(?:" + self.source + ")" if index is None else self._sources[index]
            if _CASED not in src:
                # All of them at once only in searches, where a leading blank lets the engine skip
                # from word start to word start.
                compiled = (re.compile("[ \n]" + src if index is None else src), True)
            else:
                compiled = (re.compile(r"(?<!\w)" + src if index is None else src, re.IGNORECASE), False)
            if index is None:
                self._compiled_any = compiled
            else:
                self._compiled[index] = compiled
        if compiled[1] and t.scan is None:  # lowercasing changed the text's length: go case-blind
            src = self.source if index is None else self._sources[index]
            return re.compile(r"(?<!\w)(?:" + src + ")" if index is None else src, re.IGNORECASE), False
        return compiled

    def match(self, index: int, t: _Text, pos: int) -> int | None:
        """End offset of pattern ``index`` matched from offset ``pos``, or None."""
        rx, on_scan = self._regex(index, t)
        if on_scan and t.scan is not None:
            m = rx.match(t.scan, pos + 1)  # t.scan has one blank in front
            return m.end() - 1 if m else None
        m = rx.match(t.joined, pos)
        return m.end() if m else None

    def match_any(self, t: _Text, pos: int) -> int | None:
        """End offset of the first pattern that matches from ``pos`` (a word's start), or None."""
        rx, on_scan = self._regex(None, t)
        if on_scan and t.scan is not None:
            m = rx.match(t.scan, pos)  # scan[pos] is the blank before the word
            return m.end() - 1 if m else None
        m = rx.match(t.joined, pos)
        return m.end() if m else None

    def search(self, t: _Text, lo: int, hi: int) -> bool:
        """Whether any pattern matches within offsets ``lo..hi`` (``lo`` a word's start)."""
        rx, on_scan = self._regex(None, t)
        if on_scan and t.scan is not None:
            return rx.search(t.scan, lo, hi + 1) is not None
        return rx.search(t.joined, lo, hi) is not None


_Trie = dict[str, "_Trie"]


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching any word that starts with one of ``words``."""
    root: _Trie = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        if "" in node:
            return ""  # any continuation is allowed: the word starts with a listed prefix
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root)


def _regex(pat: _Pattern, macros: dict[str, _PatternSet]) -> str:
    """Compile a parsed pattern to a regular expression over words joined by single spaces."""
    out: list[str] = []
    sep = ""
    for elem in pat:
        kind = elem[0]
        if kind == "g":
            out.append(sep + f"(?:\\w+ +){{0,{int(elem[1])}}}?")  # up to N words, as few as will do
            sep = ""
            continue
        if kind == "w":
            _, exact, prefixes, cased, cased_prefixes = elem
            alts = [re.escape(w) + r"\b" for w in sorted(exact)]
            alts += [re.escape(p) + r"\w*" for p in prefixes]
            alts += [f"(?-i:{re.escape(c)})\\b" for c in sorted(cased)]
            alts += [f"(?-i:{re.escape(c)})\\w*" for c in cased_prefixes]
            piece = "(?:" + "|".join(alts) + ")"
        elif kind == "a":
            piece = "(?:" + "|".join(_regex(choice, macros) for choice in elem[1]) + ")"
        else:
            macro = macros.get(str(elem[1]))
            if macro is None:
                raise ValueError(f"event lexicon: macro @{elem[1]} used before it is defined")
            piece = macro.source
        out.append(sep + piece)
        sep = " +"
    return "".join(out)


def _first_words(elem: _Elem, macros: dict[str, _PatternSet], depth: int = 0) -> tuple[set[str], set[str]] | None:
    """Lowercase words and prefixes a match of ``elem`` can start with (None: cannot tell, try everywhere)."""
    if elem[0] == "w":
        _, exact, starts, cased, cased_starts = elem
        return set(exact) | {c.lower() for c in cased}, set(starts) | {c.lower() for c in cased_starts}
    if depth > 4 or elem[0] == "g":
        return None
    firsts = [p[0] for p in elem[1]] if elem[0] == "a" else None
    if firsts is None:
        macro = macros.get(str(elem[1]))
        if macro is None:
            return None
        firsts = [p[0] for p in macro.patterns]
    words: set[str] = set()
    prefixes: set[str] = set()
    for first in firsts:
        keys = _first_words(first, macros, depth + 1)
        if keys is None:
            return None
        words |= keys[0]
        prefixes |= keys[1]
    return words, prefixes


@dataclass(frozen=True)
class _Rule:
    sub: str
    event_type: str
    disorder_type: str
    weight: float
    requires: _PatternSet | None
    excludes: _PatternSet | None
    scope: str
    absorbed_by: frozenset[str]
    subject: Side | None
    subject_default: bool
    not_before: frozenset[str]
    not_after: frozenset[str]
    blockable: bool
    absorbs: bool = True  # False: its words never take other evidence (a downed aircraft beside a shelling)


@dataclass(frozen=True)
class _Lexicon:
    rules: tuple[_Rule, ...]
    triggers: _PatternSet  # every rule pattern
    owner: tuple[int, ...]  # pattern index -> rule index
    macros: dict[str, _PatternSet]
    negation: frozenset[str]
    hypothetical: frozenset[str]
    topic_words: frozenset[str]
    topic_prefixes: tuple[str, ...]
    aims: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    priority: dict[str, int]  # sub-event type -> taxonomy order, for ties
    by_sub: dict[str, SubEventType]
    openers: tuple[re.Pattern[str], re.Pattern[str]]  # any word a trigger may start with (lowercase, any case)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    text = resources.files("athar.data").joinpath("event_lexicon.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    tax = taxonomy()
    subs = {s.name: s for s in tax.sub_event_types}
    type_names = {e.name for e in tax.event_types}
    macros: dict[str, _PatternSet] = {}
    for name, sources in data["macros"].items():
        macros[name] = _PatternSet([_parse_pattern(p) for p in sources], macros)
    rules: list[_Rule] = []
    patterns: list[_Pattern] = []
    owner: list[int] = []
    for spec in data["rule"]:
        sub = subs.get(spec["sub_event_type"])
        if sub is None:
            raise ValueError(f"event lexicon: unknown ACLED sub-event type {spec['sub_event_type']!r}")
        unknown = set(spec.get("absorbed_by", ())) - set(subs) - type_names
        if unknown:
            raise ValueError(f"event lexicon: absorbed_by names unknown types {sorted(unknown)}")
        for p in spec["patterns"]:
            patterns.append(_parse_pattern(p))
            owner.append(len(rules))
        rules.append(
            _Rule(
                sub=sub.name,
                event_type=sub.event_type,
                disorder_type=sub.disorder_type,
                weight=float(spec["weight"]),
                requires=_PatternSet([_parse_pattern(p) for p in spec["requires"]], macros)
                if "requires" in spec
                else None,
                excludes=_PatternSet([_parse_pattern(p) for p in spec["excludes"]], macros)
                if "excludes" in spec
                else None,
                scope=spec.get("scope", "sentence"),
                absorbed_by=frozenset(spec.get("absorbed_by", ())),
                subject=spec.get("subject"),
                subject_default=bool(spec.get("subject_default", True)),
                not_before=frozenset(spec.get("not_before", ())),
                not_after=frozenset(spec.get("not_after", ())),
                blockable=bool(spec.get("blockable", True)),
                absorbs=bool(spec.get("absorbs", True)),
            )
        )
    sets = [*macros.values(), *(ps for r in rules for ps in (r.requires, r.excludes) if ps is not None)]
    used = {name for pat in patterns for name in _macro_names(pat)}
    used |= {name for ps in sets for pat in ps.patterns for name in _macro_names(pat)}
    missing = used - set(macros)
    if missing:
        raise ValueError(f"event lexicon: undefined macros {sorted(missing)}")
    triggers = _PatternSet(patterns, macros)
    if triggers.openers is None:
        raise ValueError("event lexicon: every trigger pattern must start with a word, or a macro of words")
    openers = triggers.openers
    blockers = data["blockers"]
    topic = blockers["topic"]
    return _Lexicon(
        rules=tuple(rules),
        triggers=triggers,
        owner=tuple(owner),
        macros=macros,
        negation=frozenset(blockers["negation"]),
        hypothetical=frozenset(blockers["hypothetical"]),
        topic_words=frozenset(w for w in topic if not w.endswith("*")),
        topic_prefixes=tuple(w[:-1] for w in topic if w.endswith("*")),
        aims=frozenset(blockers["aims"]),
        pairs=frozenset((a, b) for a, b in (p.split() for p in blockers["pairs"])),
        priority={s.name: i for i, s in enumerate(tax.sub_event_types)},
        by_sub=subs,
        openers=openers,
    )


def _macro_names(pat: _Pattern) -> Iterable[str]:
    for e in pat:
        if e[0] == "m":
            yield str(e[1])
        elif e[0] == "a":
            for choice in e[1]:
                yield from _macro_names(choice)


@dataclass
class _Hit:
    rule: int
    start: int  # character offsets, end exclusive
    end: int
    sentence: int
    factor: float = 1.0  # weight multiplier (first-sentence bonus when a snippet is one unit)
    cause: bool = False  # told as what the event answers ("... in response to the gas attack")


@dataclass
class _Group:
    sub: str
    event_type: str
    disorder_type: str
    sentence: int
    start: int  # character span of the strongest trigger
    end: int
    total: float


def _words_before(t: _Text, pos: int, lo: int, chars: int) -> list[re.Match[str]]:
    """The words of the original text in ``max(lo, pos - chars)..pos``."""
    return list(_WORD.finditer(t.text, max(lo, pos - chars), pos))


def _blocked(lex: _Lexicon, t: _Text, pos: int, lo: int) -> bool:
    """Whether a negation, hypothesis, call, topic or past-event cue stands just before ``pos`` in its clause."""
    begin = max(lo, pos - 60)
    k = bisect_right(t.breaks, pos) - 1  # a comma or bracket closes the clause
    cut = max(begin, t.breaks[k]) if k >= 0 else begin
    low = t.scan[cut + 1 : pos + 1].split() if t.scan is not None else t.joined[cut:pos].lower().split()
    if cut == begin and low and begin > lo and t.joined[begin - 1] != " ":
        low = low[1:]  # the window cut the first word in half
    n = len(low)
    if n == 0:
        return False
    if n >= 2 and low[-1] == "to" and low[-2] in lex.aims:
        return True  # "an offensive to retake", "tried to kidnap"
    for k in range(n - 1, max(-1, n - 1 - _BLOCK_WINDOW), -1):
        w = low[k]
        if w in lex.negation and not (w == "not" and k + 1 < n and low[k + 1] == "only"):
            return True
        if w in lex.hypothetical:
            return True
        if w == "may" and "may" in t.joined[cut:pos].split():  # the verb, not the month
            return True
        if k > 0 and (low[k - 1], w) in lex.pairs:
            return True
        if n - k <= _TOPIC_WINDOW:
            if w in lex.topic_words or w.startswith(lex.topic_prefixes):
                return True
            # "the 2017 chemical attack": an event named by its year is an earlier one, cited.
            if k > 0 and _YEAR.fullmatch(w) and low[k - 1] in _YEAR_DETERMINERS:
                return True
    return False


def _actor(lex: _Lexicon, t: _Text, pos: int) -> tuple[int, Side] | None:
    """The actor named from offset ``pos`` (its end offset and side), the longer name winning."""
    found: tuple[int, Side] | None = None
    sides: tuple[Side, Side] = ("state", "nonstate")
    for side in sides:
        end = lex.macros[side].match_any(t, pos)
        if end is not None and (found is None or end > found[0]):
            found = (end, side)
    return found


def _actor_after(lex: _Lexicon, t: _Text, m: re.Match[str] | None) -> Side | None:
    if m is None:
        return None
    for pos in (m.end(), (_ONE_WORD.match(t.joined, m.end()) or m).end()):  # "by the SAA", "by Syrian troops"
        hit = _actor(lex, t, pos)
        if hit is not None:
            return hit[1]
    return None


def _side(lex: _Lexicon, t: _Text, start: int, end: int, lo: int) -> Side | None:
    """Who acts in the trigger at ``start..end``: the state, a non-state group, or unknown."""
    passive = _actor_after(lex, t, _BY_AFTER.match(t.joined, end))  # "liberated by the SAA"
    if passive is not None:
        return passive
    # Nearest actor to the left that is not an object ("clashed with ISIL and liberated ...").
    words = _words_before(t, start, lo, 220)[-_SUBJECT_WINDOW:]
    best: tuple[int, int, Side] | None = None  # word index, end offset, side
    for j in range(len(words) - 1, -1, -1):
        if best is not None and j < best[0] - 3:
            break
        hit = _actor(lex, t, words[j].start())
        if hit is None or hit[0] > start or _is_object(words, j):
            continue
        if best is None or hit[0] >= best[1]:  # a longer name may cover it: "Turkey-backed forces"
            best = (j, hit[0], hit[1])
    if best is not None:
        return best[2]
    # "... the village from the Islamic State": the loser is named, the winner is the other side.
    loser = _actor_after(lex, t, _FROM_AFTER.match(t.joined, end))
    if loser is not None:
        return "nonstate" if loser == "state" else "state"
    return None


def _is_object(words: Sequence[re.Match[str]], j: int) -> bool:
    """Whether the actor at ``words[j]`` is an object ("a crackdown on Taliban militants", "clashes with ISIL")."""
    for k in range(j - 1, max(-1, j - 4), -1):
        w = words[k].group()
        if w.lower() in _OBJECT_MARKERS:
            return True
        if not (w[:1].isupper() or w.lower() in _ACTOR_FILLERS):
            return False
    return False


def _hits(lex: _Lexicon, t: _Text) -> list[_Hit]:
    hits: list[_Hit] = []
    context: dict[tuple[int, int, int], bool] = {}
    triggers, rules, joined = lex.triggers, lex.rules, t.joined
    if t.scan is not None:
        openers = [(m.start(), m.group()[1:]) for m in lex.openers[0].finditer(t.scan)]
    else:
        openers = [(m.start(), m.group().lower()) for m in lex.openers[1].finditer(joined)]
    for pos, word in openers:
        cands = triggers.candidates(word)
        if not cands:
            continue
        sentence = -1
        lo = hi = 0
        blocked: bool | None = None
        for index in cands:
            end = triggers.match(index, t, pos)
            if end is None:
                continue
            if sentence < 0:  # most words that open a pattern complete none: locate lazily
                sentence = t.sentence(pos)
                lo, hi = t.sentence_span(sentence)
            rule_index = lex.owner[index]
            rule = rules[rule_index]
            if rule.requires is not None or rule.excludes is not None:
                slo, shi = (0, len(joined)) if rule.scope == "text" else (lo, hi)
                if not _context_ok(rule, t, slo, shi, context):
                    continue
            if rule.not_before:
                nxt = _NEXT_WORD.match(joined, end)
                if nxt and nxt.group(1).lower() in rule.not_before:
                    continue
            if rule.not_after:
                before = _words_before(t, pos, lo, 30)
                if before and before[-1].group().lower() in rule.not_after:
                    continue
            if rule.blockable:
                if blocked is None:
                    blocked = _blocked(lex, t, pos, lo)
                if blocked:
                    continue
            if rule.subject is not None:
                side = _side(lex, t, pos, end, lo)
                if side != rule.subject and not (side is None and rule.subject_default):
                    continue
            hits.append(_Hit(rule_index, pos, end, sentence, cause=_CAUSE.search(t.text, lo, pos) is not None))
    # Two patterns of one rule may match the same words ("explod*", "exploded"): count them once.
    unique: dict[tuple[str, int, int], _Hit] = {}
    for h in hits:
        key = (rules[h.rule].sub, h.start, h.end)
        if key not in unique or rules[h.rule].weight > rules[unique[key].rule].weight:
            unique[key] = h
    return list(unique.values())


def _context_ok(rule: _Rule, t: _Text, lo: int, hi: int, cache: dict[tuple[int, int, int], bool]) -> bool:
    for ps, wanted in ((rule.requires, True), (rule.excludes, False)):
        if ps is None:
            continue
        key = (id(ps), lo, hi)
        present = cache.get(key)
        if present is None:
            present = cache[key] = ps.search(t, lo, hi)
        if present is not wanted:
            return False
    return True


def _analyse(text: str, *, whole: bool = False) -> list[_Group]:
    """Find the triggers in ``text`` and merge them into one group per sub-event type per sentence.

    With ``whole``, the snippet is one unit: triggers merge across sentences, and those of the
    first sentence weigh ``_FIRST_SENTENCE_BONUS`` times more.
    """
    lex = _lexicon()
    hits = _hits(lex, _Text(text))
    if not hits:
        return []
    rules = lex.rules
    first = min(h.sentence for h in hits)
    by_sentence: dict[int, list[_Hit]] = {}
    for h in hits:
        if whole:
            h.factor = _FIRST_SENTENCE_BONUS if h.sentence == first else 1.0
        by_sentence.setdefault(first if whole else h.sentence, []).append(h)
    groups: list[_Group] = []
    for sentence, shits in by_sentence.items():
        if len(shits) == 1:  # the common case: one trigger, nothing to merge
            h = shits[0]
            ref = lex.by_sub[rules[h.rule].sub]
            total = rules[h.rule].weight * h.factor
            groups.append(_Group(ref.name, ref.event_type, ref.disorder_type, sentence, h.start, h.end, total))
            continue
        # Drop a trigger inside a longer one of another type ("car bomb" in "suicide car bomb",
        # "grenade" in "rocket-propelled grenade") unless it is the stronger evidence.
        shits.sort(key=lambda h: h.start)
        starts = [h.start for h in shits]
        longest = max(h.end - h.start for h in shits)
        kept = [
            h
            for h in shits
            if not any(
                o is not h
                and rules[o.rule].sub != rules[h.rule].sub
                and h.end <= o.end
                and (o.end - o.start) > (h.end - h.start)
                and rules[o.rule].weight >= rules[h.rule].weight
                for o in shits[bisect_left(starts, h.start - longest) : bisect_right(starts, h.start)]
            )
        ]
        # What an event answers ("missiles fired in response to the gas attack") is another event: it
        # takes none of the evidence of the event told.
        strong = _Nearby(
            [h for h in kept if rules[h.rule].weight >= _ABSORB_MIN_WEIGHT and rules[h.rule].absorbs and not h.cause],
            longest,
        )
        members_of: dict[str, list[_Hit]] = {}
        for h in kept:
            members_of.setdefault(_absorber(rules, h, strong), []).append(h)
        for sub, members in members_of.items():
            own = [h for h in members if rules[h.rule].sub == sub] or members
            top = max(own, key=lambda h: (rules[h.rule].weight, -h.start))
            ref = lex.by_sub[sub]
            groups.append(
                _Group(
                    sub=sub,
                    event_type=ref.event_type,
                    disorder_type=ref.disorder_type,
                    sentence=sentence,
                    start=top.start,
                    end=top.end,
                    total=sum(rules[h.rule].weight * h.factor for h in members),
                )
            )
    groups.sort(key=lambda g: (g.sentence, g.start))
    return groups


class _Nearby:
    """Hits sorted by offset, to list those near a place in the text without scanning them all."""

    def __init__(self, hits: list[_Hit], longest: int) -> None:
        self.hits = sorted(hits, key=lambda h: h.start)
        self.starts = [h.start for h in self.hits]
        self.longest = longest

    def around(self, hit: _Hit, reach: int) -> list[_Hit]:
        lo = bisect_left(self.starts, hit.start - reach - self.longest)
        return self.hits[lo : bisect_right(self.starts, hit.end + reach)]


def _absorber(rules: Sequence[_Rule], hit: _Hit, strong: _Nearby) -> str:
    """The sub-event type that takes this hit's evidence: itself, or the nearest type that absorbs it.

    Nearest, because in "a car bomb exploded, killing five, and Israeli strikes hit Mezzeh" the
    killing belongs to the car bomb, not to the stronger word further away. The chain goes on
    from the absorber ("exploded" -> "bomb exploded" -> "suicide car bomb").
    """
    at = hit
    visited = {id(hit)}
    for _ in range(8):  # chains are short; the bound guards against a cycle in the data
        rule = rules[at.rule]
        # The same type keeps the evidence only where the rule lets it ("explosion" next to
        # "car bomb" joins the car bomb; "protesters" next to "arrested" joins the arrest).
        keeps_own = rule.sub in rule.absorbed_by or rule.event_type in rule.absorbed_by
        candidates = [
            h
            for h in strong.around(at, _ABSORB_REACH)
            if id(h) not in visited
            and (
                (rules[h.rule].sub == rule.sub and keeps_own)
                or (
                    rules[h.rule].sub != rule.sub
                    and (rules[h.rule].sub in rule.absorbed_by or rules[h.rule].event_type in rule.absorbed_by)
                )
            )
        ]
        if not candidates:
            break
        at = min(candidates, key=lambda h: (_distance(h, at), -rules[h.rule].weight))
        visited.add(id(at))
    return rules[at.rule].sub


def _distance(a: _Hit, b: _Hit) -> int:
    return max(0, a.start - b.end, b.start - a.end)


def _confidence(total: float) -> float:
    return round(1.0 - math.exp(-total / 3.0), 3)


def _to_trigger(text: str, g: _Group, score: float) -> EventTrigger:
    return EventTrigger(
        event_type=g.event_type,
        sub_event_type=g.sub,
        disorder_type=g.disorder_type,
        start=g.start,
        end=g.end,
        text=text[g.start : g.end],
        score=score,
    )
