"""Who did it: find actors and victims named in a text, normalised to the registry in ``data/actors.toml``.

Matching is plain regular expressions compiled once from the registry (a character trie per
vocabulary, so a sentence is scanned in a few microseconds). Every name is a whole word; the
longest name wins where two overlap ("Syrian Democratic Forces" over "Syrian forces"), and a
name from the registry wins over an adjective + noun compound of the same length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, get_args

from athar.data import actors_toml

ActorKind = Literal[
    "state forces",
    "rebel group",
    "political militia",
    "identity militia",
    "coalition",
    "rioters",
    "protesters",
    "civilians",
    "external/other",
]
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)

VictimGroup = Literal["civilians", "military", "armed group"]
VICTIM_GROUPS: tuple[str, ...] = get_args(VictimGroup)


@dataclass(frozen=True)
class Actor:
    """One registry entry: a canonical name and every name reports give it."""

    id: str
    name: str
    acled: str
    kind: ActorKind
    country: str = ""
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text, with the span that names it.

    ``metonym``: the words are a country, capital or leader name ("Russia", "Moscow"), an actor
    only where the sentence makes them act. ``backed_by``: the canonical name of a backer named
    with it ("Moscow-backed regime" is the Syrian military, backed by Russia's).
    """

    actor: str
    kind: str
    start: int
    end: int
    text: str
    metonym: bool = False
    backed_by: str | None = None


@dataclass(frozen=True)
class VictimMention:
    """Words naming who suffered, with ACLED's victim group."""

    group: VictimGroup
    start: int
    end: int
    text: str


# ---------------------------------------------------------------------------------------------
# Building patterns from phrases

# Hyphens and apostrophes are written many ways; a hyphen in a name may also be a space or absent.
_HYPHENS = "-‐‑–"
_APOSTROPHES = "'’`"
_KEY_DROP = re.compile(r"[\s\-‐‑–'’`]+")
_ENDS = r"(?![\w\-‐‑])"
_STARTS = r"(?<![\w\-‐‑])"


def phrase_key(text: str) -> str:
    """Fold a name the way matched text is folded for lookup: lowercase, no spaces, hyphens or apostrophes."""
    return _KEY_DROP.sub("", text.lower())


def fold_case(text: str) -> str:
    """Lowercase ``text`` keeping every character at its offset (patterns here match folded text).

    Matching lowercase text with a case-sensitive pattern is about twice as fast as IGNORECASE.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters ("İ") lowercase to two: keep those as they are so spans stay aligned.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _atoms(phrase: str) -> list[str]:
    """Split a phrase into regex atoms over folded text."""
    atoms: list[str] = []
    for word_index, word in enumerate(phrase.split()):
        if word_index:
            atoms.append(r"\s+")
        for char in word:
            if char in _HYPHENS:
                atoms.append(r"[\-‐‑–]?\s*")
            elif char in _APOSTROPHES:
                atoms.append(r"['’`]?")  # wire copy often drops it: "Assads forces"
            elif char.isalpha():
                atoms.append(re.escape(char.lower()))
            else:
                atoms.append(re.escape(char))
    return atoms


def _case_pattern(phrase: str) -> tuple[bool, ...] | None:
    """Which words of ``phrase`` are written in capitals (and must be matched so), or None."""
    flags = []
    for word in phrase.split():
        letters = [c for c in word if c.isalpha()]
        flags.append(len(letters) >= 2 and all(c.isupper() for c in letters))
    return tuple(flags) if any(flags) else None


def _case_ok(text: str, pattern: tuple[bool, ...] | None) -> bool:
    """True if the words of ``text`` that ``pattern`` marks are written in capitals."""
    if pattern is None:
        return True
    words = text.split()
    if len(words) != len(pattern):
        return not any(c.islower() for c in text)
    return all(not cased or not any(c.islower() for c in word) for word, cased in zip(words, pattern, strict=True))


def trie_pattern(phrases: Iterable[str]) -> str:
    """Return one regex alternation for ``phrases`` built as a character trie (longest first).

    The pattern matches text folded by :func:`fold_case`.
    """
    root: dict[str, Any] = {}
    end = ""  # key marking "a phrase ends here"
    for phrase in phrases:
        node = root
        for atom in _atoms(phrase):
            node = node.setdefault(atom, {})
        node[end] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom != end]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Where a phrase may end here, the longer continuation is tried first and backtracking
        # falls back to the shorter phrase: leftmost-longest matching from a plain regex.
        return f"(?:{body})?" if end in node else body

    return emit(root)


# ---------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class _Matcher:
    actors: dict[str, Actor]
    by_key: dict[str, tuple[str, bool]]  # folded alias → (actor id, metonym)
    adjective_key: dict[str, str]  # folded adjective → actor id
    cased: dict[str, tuple[bool, ...]]  # folded name or adjective → words that must be capitals
    names: re.Pattern[str]
    compound: re.Pattern[str]
    chain_tail: re.Pattern[str]
    adjective: re.Pattern[str]
    backed: re.Pattern[str]
    backed_hint: re.Pattern[str]
    backer_key: dict[str, str]  # folded backer word → actor id
    backed_nouns: dict[tuple[str, str], str]  # (backer id, folded noun) → actor id
    backed_noun: re.Pattern[str]
    caps_words: frozenset[str]
    not_after: frozenset[str]
    place_before: frozenset[str]
    place_after: frozenset[str]
    place_of: frozenset[str]
    victims: re.Pattern[str]
    victim_key: dict[str, VictimGroup]
    cased_victims: dict[str, tuple[bool, ...]]
    members_of: re.Pattern[str]


def _parse_actors(data: dict[str, Any]) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for row in data["actor"]:
        actor = Actor(
            id=row["id"],
            name=row["name"],
            acled=row.get("acled", row["name"]),
            kind=row["kind"],
            country=row.get("country", ""),
            parent=row.get("parent"),
            aliases=tuple(row.get("aliases", ())),
            metonyms=tuple(row.get("metonyms", ())),
            adjectives=tuple(row.get("adjectives", ())),
        )
        if actor.id in actors:
            raise ValueError(f"actors.toml: duplicate actor id {actor.id!r}")
        actors[actor.id] = actor
    return actors


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _case_patterns(phrases: Iterable[str]) -> dict[str, tuple[bool, ...]]:
    """Folded key → capitals pattern, for keys whose every spelling is in capitals ("IS", "US")."""
    patterns: dict[str, tuple[bool, ...] | None] = {}
    for phrase in phrases:
        key = phrase_key(phrase)
        pattern = _case_pattern(phrase)
        patterns[key] = pattern if patterns.get(key, pattern) is not None else None
    return {k: p for k, p in patterns.items() if p is not None}


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    data = actors_toml()
    actors = _parse_actors(data)
    by_key: dict[str, tuple[str, bool]] = {}
    adjective_key: dict[str, str] = {}
    for actor in actors.values():
        for alias in (actor.name, *actor.aliases):
            by_key.setdefault(phrase_key(alias), (actor.id, False))
        for metonym in actor.metonyms:
            by_key.setdefault(phrase_key(metonym), (actor.id, True))
        for adjective in actor.adjectives:
            adjective_key.setdefault(phrase_key(adjective), actor.id)
    cased = _case_patterns(n for a in actors.values() for n in (a.name, *a.aliases, *a.metonyms, *a.adjectives))

    compound, matching, backing = data["compound"], data["matching"], data["backing"]
    adj = trie_pattern(sorted({a for actor in actors.values() for a in actor.adjectives}))
    mod = trie_pattern(compound["modifiers"])
    # "rebel fire", but not "Israeli fire crews": a noun with words that may not follow it gets its own branch.
    not_before = compound.get("not_before", {})
    noun = "|".join(
        [trie_pattern([n for n in compound["nouns"] if n not in not_before])]
        + [f"{re.escape(n)}(?!\\s+(?:{trie_pattern(after)})(?!\\w))" for n, after in sorted(not_before.items())]
    )
    names = [n for actor in actors.values() for n in (actor.name, *actor.aliases, *actor.metonyms)]
    sep = r"(?:\s*,\s*|\s*,?\s+(?:and|or|&)\s+|\s*[/\-‐‑–]\s*)"

    # Backers are named by one word: "Turkish-backed", "Moscow-backed", "US-backed".
    backer_key: dict[str, str] = {}
    for actor_id in sorted({row["backer"] for row in data["backed"]}):
        for word in _backer_words(actors[actor_id]):
            backer_key.setdefault(phrase_key(word), actor_id)
    backed_nouns: dict[tuple[str, str], str] = {}
    for row in data["backed"]:
        for word in row["nouns"]:
            backed_nouns[(row["backer"], phrase_key(word))] = row["actor"]
    backer_pattern = trie_pattern(
        sorted({w for actor_id in {row["backer"] for row in data["backed"]} for w in _backer_words(actors[actor_id])})
    )
    suffixes = "|".join(re.escape(s) for s in backing["suffixes"])

    victim_key: dict[str, VictimGroup] = {}
    for group in VICTIM_GROUPS:
        for word in data["victims"][group]:
            victim_key.setdefault(phrase_key(word), group)  # type: ignore[arg-type]
    victim_words = [w for group in VICTIM_GROUPS for w in data["victims"][group]]

    return _Matcher(
        actors=actors,
        by_key=by_key,
        adjective_key=adjective_key,
        cased=cased,
        names=_compile(f"{_STARTS}(?:{trie_pattern(names)}){_ENDS}"),
        compound=_compile(f"(?<!\\w)(?P<adj>{adj})(?:\\s+(?:{mod}))?\\s+(?:{noun}){_ENDS}"),
        chain_tail=_compile(f"{_STARTS}(?:{adj})(?:{sep}(?:{adj}))*{sep}$"),
        adjective=_compile(f"(?<!\\w)(?:{adj})(?!\\w)"),
        backed=_compile(f"{_STARTS}(?P<backer>{backer_pattern})[\\-‐‑–](?:{suffixes})\\s+"),
        backed_hint=_compile(f"[\\-‐‑–](?:{suffixes})\\s"),
        backer_key=backer_key,
        backed_nouns=backed_nouns,
        backed_noun=_compile(f"(?:{trie_pattern({w for row in data['backed'] for w in row['nouns']})}){_ENDS}"),
        caps_words=frozenset(matching["caps_words"]),
        not_after=frozenset(w.lower() for w in matching["not_after"]),
        place_before=frozenset(matching["place_before"]),
        place_after=frozenset(matching["place_after"]),
        place_of=frozenset(matching["place_of"]),
        victims=_compile(f"{_STARTS}(?:{trie_pattern(victim_words)}){_ENDS}"),
        victim_key=victim_key,
        cased_victims=_case_patterns(victim_words),
        members_of=_compile(r"\bmembers?\s+of\s+(?:the\s+)?"),
    )


def _backer_words(actor: Actor) -> list[str]:
    return [w for w in (*actor.aliases, *actor.metonyms, *actor.adjectives) if len(w.split()) == 1]


def actor_registry() -> dict[str, Actor]:
    """Return every registry actor, keyed by id."""
    return dict(_matcher().actors)


def get_actor(name: str) -> Actor | None:
    """Return the registry entry for an id, a canonical name or any name that normalises to one."""
    actors = _matcher().actors
    if name in actors:
        return actors[name]
    canonical = normalise_actor(name)
    if canonical is None:
        return None
    return next((a for a in actors.values() if a.name == canonical), None)


# ---------------------------------------------------------------------------------------------
# Finding actors


_NEXT_WORD = re.compile(r"\s+([\w]+)")


def find_actors(text: str) -> list[ActorMention]:
    """Find every actor named in ``text``: longest match first, in text order, spans into ``text``."""
    m = _matcher()
    low = fold_case(text)
    # (start, end, actor id, metonym, backed_by id, rank): rank breaks ties, registry names first.
    found: list[tuple[int, int, str, bool, str | None, int]] = []
    for match in m.names.finditer(low):
        words = text[match.start() : match.end()]
        key = phrase_key(words)
        hit = m.by_key.get(key)
        if hit is not None and _case_ok(words, m.cased.get(key)):
            found.append((match.start(), match.end(), hit[0], hit[1], None, 0))
    for match in m.compound.finditer(low):
        adj_text = text[match.start("adj") : match.end("adj")]
        key = phrase_key(adj_text)
        actor_id = m.adjective_key.get(key)
        if actor_id is None or not _case_ok(adj_text, m.cased.get(key)):
            continue
        # "Russian and Syrian warplanes", "Syrian-Russian airstrikes": each adjective names its actor.
        tail = m.chain_tail.search(low, max(0, match.start() - 80), match.start())
        if tail is None and match.start() > 0 and text[match.start() - 1] in _HYPHENS:
            continue  # "pro-government forces" is no "government forces"
        found.append((match.start(), match.end(), actor_id, False, None, 1))
        if tail is not None:
            for adj in m.adjective.finditer(low, tail.start(), match.start()):
                adj_text = text[adj.start() : adj.end()]
                other = m.adjective_key.get(phrase_key(adj_text))
                if other is not None and _case_ok(adj_text, m.cased.get(phrase_key(adj_text))):
                    found.append((adj.start(), adj.end(), other, False, None, 1))
    if m.backed_hint.search(low) is None:
        return _resolve(text, found, m)
    for match in m.backed.finditer(low):
        backer_text = text[match.start("backer") : match.end("backer")]
        backer = m.backer_key.get(phrase_key(backer_text))
        if backer is None or not _case_ok(backer_text, m.cased.get(phrase_key(backer_text))):
            continue
        noun = m.backed_noun.match(low, match.end())
        target = m.backed_nouns.get((backer, phrase_key(noun.group()))) if noun else None
        if noun is not None and target is not None:
            found.append((match.start(), noun.end(), target, False, backer, -1))
            continue
        # "Moscow-backed regime": the backed actor is the name right after the hyphenated word.
        following = [f for f in found if f[0] == match.end()]
        if following:
            best = max(following, key=lambda f: (f[1], -f[5]))
            found.append((match.start(), best[1], best[2], False, backer, -1))
    return _resolve(text, found, m)


def _resolve(text: str, found: list[tuple[int, int, str, bool, str | None, int]], m: _Matcher) -> list[ActorMention]:
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[5]))
    out: list[ActorMention] = []
    last_end = -1
    for start, end, actor_id, metonym, backer, _rank in found:
        if start < last_end:
            continue
        words = text[start:end]
        if words.split()[0] in m.caps_words and _shouted(text, start, end):
            continue
        following = _NEXT_WORD.match(text, end)
        next_word = following.group(1).lower() if following is not None else ""
        if next_word in m.not_after:
            continue
        if metonym and _is_place(text, start, next_word, m):
            continue
        actor = m.actors[actor_id]
        backed_by = m.actors[backer].name if backer is not None else None
        out.append(ActorMention(actor.name, actor.kind, start, end, words, metonym, backed_by))
        last_end = end
    return out


_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_TWO_WORDS_BEFORE = re.compile(r"(?:(\w+)\W+)?(\w+)\W*$")
_WORD_AFTER = re.compile(r"\W*(\w+)")


def _is_place(text: str, start: int, next_word: str, m: _Matcher) -> bool:
    """A country or capital named as a place ("in Damascus", "Damascus countryside"), not as an actor."""
    if next_word in m.place_after:
        return True
    before = _TWO_WORDS_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(2).lower()
    if word == "and":  # "killed in Syria and Iraq": the second of two places a preposition names
        listed = _PLACE_AND.search(text, max(0, start - 60), start)
        return listed is not None and listed.group(1).lower() in m.place_before
    return word in m.place_before or (word == "of" and (before.group(1) or "").lower() in m.place_of)


_PLACE_AND = re.compile(r"\b(\w+)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?,?\s+and\s+$")


def _shouted(text: str, start: int, end: int) -> bool:
    """True where the words on both sides are capitals too (a headline, where IS and US are verbs)."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    words = [w.group(1) for w in (before, after) if w is not None]
    return bool(words) and all(w.isupper() for w in words)


@lru_cache(maxsize=4096)
def normalise_actor(name: str) -> str | None:
    """Return the canonical actor name for ``name`` ("the regime", "Russian jets", an ACLED name), or None."""
    m = _matcher()
    cleaned = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)
    for candidate in (name.strip(), cleaned):
        hit = m.by_key.get(phrase_key(candidate))
        if hit is not None:
            return m.actors[hit[0]].name
    for actor in m.actors.values():
        if phrase_key(candidate) in (phrase_key(actor.acled), phrase_key(actor.id)):
            return actor.name
    mentions = find_actors(name)
    # Only a name that is (nearly) all actor, and names one actor, normalises.
    named = {mention.actor for mention in mentions}
    covered = sum(mention.end - mention.start for mention in mentions)
    if len(named) == 1 and covered >= 0.6 * len(cleaned):
        return named.pop()
    return None


def actor_searched(text: str) -> str:
    """What a search for perpetrator ``text`` looks for: the canonical name of the actor it names ("the regime",
    "YPG", an adjective such as "Russian"), else the text itself, matched as part of names."""
    return normalise_actor(text) or normalise_actor(f"{text} forces") or text.strip()


# ---------------------------------------------------------------------------------------------
# Victims


def find_victims(text: str) -> list[VictimMention]:
    """Find words naming who suffered ("civilians", "children", "soldiers", "militants")."""
    m = _matcher()
    low = fold_case(text)
    out: list[VictimMention] = []
    for match in m.members_of.finditer(low):
        # "members of the regime forces", "members of Hezbollah": the actor's kind gives the group.
        actors = find_actors(text[match.end() : match.end() + 60])
        if actors and actors[0].start == 0:
            kind = actors[0].kind
            group: VictimGroup = "military" if kind == "state forces" else "armed group"
            if kind == "civilians":
                group = "civilians"
            end = match.end() + actors[0].end
            out.append(VictimMention(group, match.start(), end, text[match.start() : end]))
    for match in m.victims.finditer(low):
        if any(v.start <= match.start() < v.end for v in out):
            continue
        words = text[match.start() : match.end()]
        victim_group = m.victim_key.get(phrase_key(words))
        if victim_group is not None and _case_ok(words, m.cased_victims.get(phrase_key(words))):
            out.append(VictimMention(victim_group, match.start(), match.end(), words))
    out.sort(key=lambda v: v.start)
    return out
