"""Find the places a text names: spans, the place each means, and how exactly it is meant.

How a mention is found and resolved (``find_places``):

1. Words are reduced to spelling-independent keys (``normalize``) and the
   longest run of words whose key is a gazetteer name is taken, leftmost first.
2. Guards drop runs that are not place names: a lowercase word in running
   text, an ordinary English word matched only by key ("Home" ≠ Hama), a
   small place named by one bare word without a cue ("in", "village", a
   governorate nearby), a word inside a person's or group's name
   ("Richard Hass", "Ahrar al-Sham").
3. Candidates sharing the name are ranked by the exactness of the spelling,
   kind, population, the governorate named near the mention or elsewhere in
   the document, and closeness to the document's other places.
4. Words around the name set the relation and precision: "X countryside",
   "near X", "east of X" → 2 around X; "X province" → the governorate, 3.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from athar.geo.cues import Cues, group_names, load_cues, ruler_names
from athar.geo.gazetteer import Entry, Gazetteer, bearing_degrees, default_gazetteer, distance_km
from athar.geo.normalize import ENGLISH_ARTICLES, Token, joined_article_key, latin_key, tokenize
from athar.geo.world import World, default_world
from athar.records import Place, PlaceMention

logger = logging.getLogger(__name__)

COMPONENT = "geo.resolver.v1"

# A place this big, or of these kinds, is named in reports without a cue ("Homs", "Aleppo").
MAJOR_POPULATION = 20_000
MAJOR_KINDS = frozenset({"admin1", "admin2", "city", "airbase", "camp", "crossing", "region", "neighbourhood"})
KIND_PRIOR = {
    # A country written as itself ("Syria") outweighs any town whose spelling key it shares.
    "country": 4.0,
    "admin1": 1.0,
    "city": 2.0,
    "town": 1.2,
    "neighbourhood": 1.3,
    "airbase": 1.3,
    "camp": 1.3,
    "crossing": 1.3,
    "region": 1.2,
    "admin2": 0.8,
    "area": 0.7,
    "village": 0.6,
    "site": 0.3,
}
# Spelling keys are coarse ("Quriyah", "Qurayya", "Kayariyah" and "Kura" share one): of the places a key
# finds, the one spelled most like the text is favoured, and one spelled too unlike it ("al-Hialiyeh" for
# al-Houla) is no candidate. Likeness is difflib's ratio of the folded spellings (1.0: the same).
SPELLING_WEIGHT = 3.0
SPELLING_FLOOR = 0.5
# Fuzzy matching (one edit on the key) only for words this long and places this well known.
FUZZY_MIN_LETTERS = 6
# Kinds of places a misspelt name followed by "province" may be.
_PROVINCIAL = frozenset({"admin1", "admin2", "region", "city"})
# What a place is called after its name ("Hajjah province in Yemen").
_PLACE_NOUNS = frozenset({"province", "governorate", "city", "town", "village", "district", "region", "camp"})
# A word spelled this much like a country's or a foreign city's name (difflib ratio) is that name, not a typo.
FOREIGN_LIKENESS = 0.8
NEAR_KM = 40.0
# A quarter named as such ("al-Midan neighbourhood") lies within this distance of its city's centre, and a
# city hosts quarters when it is one, or a town this big.
HOST_KM = 12.0
# "al-Bureij, northeast of Aleppo": a place placed by a direction from another lies within this many degrees of
# it (Burayj in Homs, south-southwest of Aleppo, is not that village; Sukhnah, 200 km east of Homs, is Sukhnah).
DIRECTION_SLACK_DEGREES = 67.5
_BEARINGS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}  # fmt: skip
HOST_POPULATION = 100_000
_SENTENCE_BREAK = frozenset(".!?;:\n\r\t|•\u061f")
_JOINERS = frozenset(" -‐‑–\u00a0'’")
_SKIP_BEFORE = frozenset({"the", "a", "an"})
# "near the capital Damascus", "near Syria's second city Aleppo": words between "near" and a city's name.
_CAPITAL = frozenset({"capital"})
_CITY_ADJECTIVES = frozenset(
    {"nearby", "neighbouring", "neighboring", "second", "third", "largest", "biggest", "main", "provincial", "border"}
)
# Words right before a name that make it where people are, not who speaks.
_WHERE_PEOPLE_SPEAK = frozenset({"in", "of", "from", "on", "at", "near", "inside", "across", "around", "outside"})
# Words after "al-" that end a place's own name ("Moadamiyeh al-Sham", "Karak al-Sharqi"), not begin another's.
_NAME_SUFFIXES = frozenset(
    {
        "sham",
        "sharqi",
        "gharbi",
        "shamali",
        "janubi",
        "sharqiya",
        "gharbiya",
        "shamaliya",
        "janubiya",
        "sharqiyah",
        "gharbiyah",
        "shamaliyah",
        "janubiyah",
        "jadida",
        "jadidah",
        "qadima",
        "qadimah",
        "balad",
        "kabir",
        "kabira",
        "saghir",
        "saghira",
        "tahtani",
        "fawqani",
        "wusta",
        "mahatta",
    }
)
# Month and weekday names are capitalised and follow "on"/"in" like places, and never are one here.
_CALENDAR = frozenset(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    )
)


@dataclass(frozen=True)
class ResolveContext:
    """What is known about the document beyond the text being resolved.

    ``document``: the rest of the document (title, body) when ``text`` is one passage of it;
    ``admin1``: governorates the document is known to be about (dateline, metadata);
    ``country``: prefer places in this country (ISO 3166-1 alpha-2).
    """

    document: str = ""
    admin1: tuple[str, ...] = ()
    country: str | None = None


@dataclass
class _Match:
    """A run of words whose key is a gazetteer name, before and after resolution."""

    first: int  # index of the first word (article included) in tokens
    last: int  # index of the last word
    entries: list[Entry]
    key: str = ""  # the spelling key the entries were found under
    fuzzy: bool = False
    has_article: bool = False
    candidates: list[int] = field(default_factory=list)
    exact: set[int] = field(default_factory=set)
    exact_as_written: set[int] = field(default_factory=set)  # same words, article or not as in the text
    relation: str | None = None
    left_cue: bool = False
    right_type: str | None = None
    choice: int | None = None
    margin: float = 0.0
    speaker: bool = False  # "Qasim said", "the Assad clan": a person or a family (or a government by metonymy)
    abroad: bool = False  # "Ariha, the West Bank city": a place in another country
    host: Place | None = None  # a quarter the gazetteer lacks, placed in the city the text puts it in
    likeness: dict[int, float] = field(default_factory=dict)  # candidate -> its spelling nearest the text's
    written_key: str = ""  # the words as written, folded, articles dropped: one name however hyphenated
    score: float = 0.0


def find_places(
    text: str,
    *,
    context: ResolveContext | str | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[PlaceMention]:
    """Return the places named in ``text``, in text order, with character spans into it."""
    if isinstance(context, str):
        context = ResolveContext(document=context)
    context = context or ResolveContext()
    gaz = gazetteer or default_gazetteer()
    return _Resolver(text, context, gaz, load_cues()).run()


class _Resolver:
    def __init__(self, text: str, context: ResolveContext, gaz: Gazetteer, cues: Cues) -> None:
        self.text = text
        self.context = context
        self.gaz = gaz
        self.cues = cues
        self.world: World = default_world()
        self.tokens = tokenize(text)
        self.sentence_start = self._sentence_starts()
        self.title_case = self._is_title_case()
        self.lower_case = not any(ch.isupper() for ch in text)

    # -- text shape -------------------------------------------------------------------------

    def _sentence_starts(self) -> list[bool]:
        starts = []
        prev_end = 0
        for i, tok in enumerate(self.tokens):
            gap = self.text[prev_end : tok.start]
            starts.append(i == 0 or any(ch in _SENTENCE_BREAK for ch in gap))
            prev_end = tok.end
        return starts

    def _is_title_case(self) -> bool:
        """Headlines In Title Case (or CAPITALS) carry no capitalisation signal."""
        words = [
            t for i, t in enumerate(self.tokens) if not t.arabic and len(t.text) >= 4 and not self.sentence_start[i]
        ]
        if len(words) < 5:
            return False
        upper = sum(t.text[0].isupper() for t in words)
        return upper / len(words) >= 0.75

    def _capitalised(self, tok: Token) -> bool:
        return tok.arabic or tok.text[:1].isupper() or tok.text[:1].isdigit()

    def _joined(self, a: Token, b: Token) -> bool:
        """True when nothing but spaces, hyphens or apostrophes separate two words."""
        gap = self.text[a.end : b.start]
        return len(gap) <= 3 and all(ch in _JOINERS for ch in gap)

    def _is_article(self, i: int) -> bool:
        tok = self.tokens[i]
        if not tok.is_article or i + 1 >= len(self.tokens):
            return False
        nxt = self.tokens[i + 1]
        if not self._joined(tok, nxt):
            return False
        if tok.folded in ENGLISH_ARTICLES and not tok.hyphen_after:
            # "as"/"an"/"at" are English words unless written as part of a name: "As Suwayda".
            return tok.text[0].isupper() and nxt.text[:1].isupper() and not self.sentence_start[i]
        return True

    # -- finding runs of words that are names ----------------------------------------------------

    def _find_matches(self) -> list[_Match]:
        toks = self.tokens
        articles = [self._is_article(i) for i in range(len(toks))]
        # Content words with their original index; runs may skip article words inside a name.
        words = [i for i in range(len(toks)) if not articles[i]]
        matches: list[_Match] = []
        w = 0
        while w < len(words):
            found = self._longest_at(words, w, articles)
            if found is None:
                w += 1
                continue
            match, n = found
            matches.append(match)
            w += n
        return matches

    def _longest_at(self, words: list[int], w: int, articles: list[bool]) -> tuple[_Match, int] | None:
        toks = self.tokens
        first = words[w]
        if toks[first].folded.isdigit():
            return None
        head = toks[first]
        longest = self.gaz.first_words.get(head.key, 0)
        if not head.arabic and (alt := joined_article_key(head.folded)):
            longest = max(longest, self.gaz.first_words.get(alt, 0))
        elif head.arabic and len(head.key) > 3:
            longest = max(longest, self.gaz.first_words.get(head.key[1:], 0))
        if not longest:
            return self._fuzzy_at(words, w, articles)
        limit = min(longest, len(words) - w)
        for n in range(limit, 0, -1):
            run = words[w : w + n]
            if not self._contiguous(run, articles):
                continue
            keys = [toks[i].key for i in run]
            candidates = [" ".join(keys)]
            last = toks[run[-1]]
            if not last.arabic:
                stripped = joined_article_key(last.folded)
                if stripped and (n > 1 or (last.folded[:2] in ("al", "el") and len(last.folded) >= 6)):
                    candidates.append(" ".join([*keys[:-1], stripped]))
            elif n == 1 and len(last.text) > 3 and last.text[0] in "وبل":
                candidates.append(last.key[1:])  # the proclitics wa-/bi-/li- ("and", "in", "for")
            for key in candidates:
                entries = self.gaz.lookup(key)
                if entries:
                    start = first - 1 if first > 0 and articles[first - 1] else first
                    m = _Match(first=start, last=run[-1], entries=entries, key=key, has_article=start != first)
                    return m, n
        return self._fuzzy_at(words, w, articles)

    def _contiguous(self, run: list[int], articles: list[bool]) -> bool:
        for a, b in pairwise(run):
            # Allowed between two words of one name: spaces/hyphens, or an article word.
            if b != a + 1 and not all(articles[k] for k in range(a + 1, b)):
                return False
            for k in range(a, b):
                if not self._joined(self.tokens[k], self.tokens[k + 1]):
                    return False
        return True

    def _fuzzy_at(self, words: list[int], w: int, articles: list[bool]) -> tuple[_Match, int] | None:
        """One edit away from a well-known place's one-word key (typos, rare spellings)."""
        tok = self.tokens[words[w]]
        if tok.arabic or len(tok.folded) < FUZZY_MIN_LETTERS or len(tok.key) < 6 or not self._capitalised(tok):
            return None
        if tok.folded in self.gaz.english_collisions or tok.folded in _CALENDAR:
            return None
        if tok.folded in self.cues.not_misspellings:
            return None  # "Katyusha" rockets, "Sukhoi" jets, "Alawites": words of war, not a town misspelt
        if self._foreign_word(tok):
            return None  # "Ukraine", "Hodeidah": a name the world knows is no misspelt local place
        hits: list[Entry] = []
        for key in _fuzzy_index(self.gaz).get_near(tok.key):
            hits += [e for e in self.gaz.lookup(key) if _well_known(self.gaz.places[e.place])]
        if not hits:
            return None
        first = words[w] - 1 if words[w] > 0 and articles[words[w] - 1] else words[w]
        return _Match(
            first=first, last=words[w], entries=hits, key=tok.key, fuzzy=True, has_article=first != words[w]
        ), 1

    def _foreign_word(self, tok: Token) -> bool:
        """A country, its demonym or a big city, spelled like one: "Ukraine", "Yemeni", "Jabalia"."""
        if self.world.demonym_country(tok.folded):
            return True
        return any(_likeness(tok.folded, f.exact) >= FOREIGN_LIKENESS for f in self.world.lookup(tok.key))

    # -- guards ---------------------------------------------------------------------------------

    def _prepare(self, m: _Match) -> None:
        toks = self.tokens
        run_text = " ".join(t.folded for t in toks[m.first : m.last + 1] if not t.is_article or t is toks[m.last])
        seen: dict[int, None] = {}
        for e in m.entries:
            seen.setdefault(e.place)
            if not m.fuzzy and e.exact == run_text:
                m.exact.add(e.place)
                if e.article == m.has_article or m.has_article:
                    m.exact_as_written.add(e.place)
        m.written_key = " ".join(t.folded for t in toks[m.first : m.last + 1] if not t.is_article)
        for e in m.entries:
            if e.place not in m.exact:
                like = _likeness(run_text, e.exact)
                m.likeness[e.place] = max(like, m.likeness.get(e.place, 0.0))
        spelled = [c for c in seen if c in m.exact or m.likeness.get(c, 0.0) >= SPELLING_FLOOR]
        m.candidates = [c for c in spelled if not self._foreign_guard(m, c, run_text)]
        if self.context.country:
            local = [c for c in m.candidates if self.gaz.places[c].country == self.context.country]
            m.candidates = local or m.candidates
        self._read_cues(m)
        if m.relation == "province":
            # "Hajjah province": a name spelled only like a village's is no province (Al Hweja, in Hama).
            m.candidates = [c for c in m.candidates if c in m.exact or self.gaz.places[c].kind in _PROVINCIAL]

    def _foreign_guard(self, m: _Match, c: int, run_text: str) -> bool:
        """Is candidate ``c`` another country's place, by the spelling? "Jordan" is the country, not Jurin (same key);
        "Yemeni" a demonym, not a village; "Gaza" the Palestinian city, not the village of Ghazzawiyah. A place's own
        spelling stands (Homs, though Libya's Al Khums is also written so), and so does a place bigger than the foreign
        city whose name the text spells ("Hums" is Homs, 775,000 people, not Al Khums, 200,000)."""
        place = self.gaz.places[c]
        if c in m.exact:
            return False
        own = m.likeness.get(c, 0.0)
        if " " not in run_text and self.world.demonym_country(run_text) not in (None, place.country):
            return True
        for f in self.world.lookup(m.key):
            if f.country == place.country:
                continue
            if f.is_country and _likeness(run_text, f.exact) > own:
                return True
            if f.exact == run_text and (place.population or 0) < f.population:
                return True
        return False

    def _head(self, m: _Match) -> Token:
        return self.tokens[m.first + 1] if m.has_article else self.tokens[m.first]

    def _n_words(self, m: _Match) -> int:
        return sum(1 for t in self.tokens[m.first : m.last + 1] if not t.is_article)

    def _keep(self, m: _Match) -> bool:
        if not m.candidates:
            return False  # only places spelled unlike the text share its key
        head = self._head(m)
        major = any(_major(self.gaz.places[c]) for c in m.candidates)
        single = self._n_words(m) == 1
        cue = m.left_cue or m.right_type is not None or m.relation is not None
        if m.abroad or (m.speaker and single):
            return False
        if not m.exact and (self._written(m) in group_names() or self._written(m) in self.cues.not_misspellings):
            return False  # "al-Qaeda" is the group, not the village whose spelling key it shares; "Sarin" not Suran
        caps = len(head.text) > 1 and head.text.isupper() and not self.title_case
        if single and not head.arabic and caps and not m.exact_as_written:
            return False  # "SANA": an acronym (an agency, a group), not a place one spelling key away
        if not head.arabic:
            if self.lower_case:
                if not cue:
                    return False
            elif not self.title_case and not self._capitalised(head):
                return False
        if single and head.folded in _CALENDAR:
            return False  # "on November 2", "on Sunday": dates, whatever a place is called
        if single and not head.arabic and head.folded in self.gaz.english_collisions:
            # An ordinary English word: only its exact spelling, written with the article where every
            # spelling of the place has one ("al-Bab", not "the Bab"), and only as a place.
            if not m.exact_as_written:
                return False
            exact_major = any(_major(self.gaz.places[c]) for c in m.exact_as_written)
            # "in Meles", "the town of Meles": a word that names a place only with a place's cue before it.
            if not exact_major and not (
                m.has_article
                or m.right_type
                or ((m.left_cue or m.relation is not None) and not self.sentence_start[m.first])
            ):
                return False
        if self._inside_proper_name(m, major=major and not m.has_article and not m.fuzzy) and not (cue and not single):
            return False
        if single and not major and not m.has_article and not cue:
            return False
        if m.fuzzy and not (m.left_cue or m.right_type):
            return False
        return not (single and head.arabic and len(head.key) < 3)

    def _written(self, m: _Match) -> str:
        """The words of a mention as written, lowercase, hyphens as spaces: "al qaeda"."""
        return " ".join(t.folded for t in self.tokens[m.first : m.last + 1])

    def _inside_proper_name(self, m: _Match, *, major: bool) -> bool:
        """A name glued to capitalised words is part of a person's or group's name ("Ahrar al-Sham").

        A well-known place followed by a capitalised word ("Aleppo University") still names the place.
        """
        if self.title_case:
            return False
        toks, cues = self.tokens, self.cues
        i = m.first - 1
        if i >= 0 and not self.sentence_start[m.first] and self._joined(toks[i], toks[m.first]):
            prev = toks[i]
            if (
                not prev.arabic
                and prev.text[:1].isupper()
                and prev.folded != "the"  # "The Sukkari district was hit": a sentence's first word
                and prev.folded not in cues.locative_before
                and prev.folded not in cues.direction_adjectives
                and prev.folded not in cues.country_adjectives
                and not self._is_place_word(i)
                and not self._possessive_of_place(prev)
            ):
                return True
        j = m.last + 1
        if (
            j + 1 < len(toks)
            and self._is_article(j)
            and self._joined(toks[j], toks[j + 1])
            and toks[j + 1].folded not in _NAME_SUFFIXES
            and not self.gaz.lookup(latin_key(toks[j + 1].folded))
        ):
            j += 1  # "al-Khulafaa al-Rashideen Mosque": the name goes on past its article
        if not major and j < len(toks) and self._joined(toks[j - 1], toks[j]):
            nxt = toks[j]
            if (
                not nxt.arabic
                and nxt.text[:1].isupper()
                and nxt.folded not in cues.type_after
                and not self._is_place_word(j)
            ):
                return True
        return False

    def _possessive_of_place(self, tok: Token) -> bool:
        """ "Syrias Hama province", "Idlibs countryside": a well-known place's possessive, its apostrophe lost."""
        folded = tok.folded
        if len(folded) < 5 or not folded.endswith("s"):
            return False
        return any(p.kind == "country" or _major(p) for p in self._spelled(folded[:-1]))

    def _spelled(self, word: str) -> Iterator[Place]:
        """The places one of whose names is spelled exactly ``word`` (folded)."""
        return (self.gaz.places[e.place] for e in self.gaz.lookup(latin_key(word)) if e.exact == word)

    def _is_place_word(self, i: int) -> bool:
        """Part of another name: one already kept (before this one), or one that will stand (after it)."""
        for m in self._all:
            if m.first <= i <= m.last:
                if id(m) in self._decided:
                    return id(m) in self._kept
                return self._n_words(m) > 1 or any(_major(self.gaz.places[c]) for c in m.candidates)
        return False

    # -- cues: relation and precision ------------------------------------------------------------

    def _left_words(self, m: _Match, n: int = 4) -> list[str]:
        """Up to n folded words before the mention in its sentence, hyphenated words joined."""
        out: list[str] = []
        i = m.first - 1
        while i >= 0 and len(out) < n:
            tok = self.tokens[i]
            if self.sentence_start[i + 1] and i + 1 <= m.first:
                break
            word = tok.folded if not tok.arabic else tok.text
            if tok.hyphen_after and out and i + 1 < m.first:
                out[0] = f"{word}-{out[0]}"
            else:
                out.insert(0, word)
            if self.sentence_start[i]:
                break
            i -= 1
        return out

    def _right_words(self, m: _Match, n: int = 2) -> list[str]:
        out: list[str] = []
        j = m.last + 1
        text = self.text
        # "Idlib's countryside": the possessive was cut off the name by the tokenizer.
        while j < len(self.tokens) and len(out) < n and not self.sentence_start[j]:
            tok = self.tokens[j]
            if tok.folded == "s" and text[tok.start - 1 : tok.start] in ("'", "’"):
                j += 1
                continue
            out.append(tok.folded if not tok.arabic else tok.text)
            j += 1
        return out

    def _rulers(self, m: _Match) -> bool:
        """ "Assad's forces", "Putin's jets": a ruler's or a government's name (``ruler_names``) whose possessive
        owns forces is no place (but "Aleppo's government-held west", "Douma's men" are)."""
        end = self.tokens[m.last].end
        if self.text[end : end + 2] not in ("'s", "’s"):
            return False
        if self.text[self.tokens[m.first].start : end].lower() not in ruler_names():
            return False
        after = [t for t in self.tokens[m.last + 1 : m.last + 4] if t.start >= end + 2]
        return bool(after) and after[0].folded in self.cues.forces_after and not after[0].hyphen_after

    def _owned(self, m: _Match) -> bool:
        """The next word follows the name directly, a space between and no hyphen after: "the Assad clan",
        "its Damascus ally" (not "In Idlib, allies of …", "Aleppo's ally-held west")."""
        j = m.last + 1
        if j >= len(self.tokens):
            return False
        gap = self.text[self.tokens[m.last].end : self.tokens[j].start]
        return gap.isspace() and not self.tokens[j].hyphen_after

    def _abroad(self, m: _Match) -> bool:
        """'X, the West Bank city' / 'X in Iraq' / 'X province in Yemen': a foreign country right after the name."""
        j = m.last + 1
        gap = self.text[self.tokens[m.last].end : self.tokens[j].start] if j < len(self.tokens) else ""
        words = [t.folded for t in self.tokens[j : j + 5]]
        if words[:1] and words[0] in _PLACE_NOUNS and words[1:2] == ["in"]:
            words = words[1:]
        words = words[:4]
        if not words or not (gap.strip() in (",", "(") or words[0] == "in"):
            return False
        words = [w for w in words if w not in ("in", "the", "a")]
        return any(
            w in self.cues.foreign or " ".join(words[k : k + 2]) in self.cues.foreign for k, w in enumerate(words[:3])
        )

    def _read_cues(self, m: _Match) -> None:
        cues = self.cues
        left = [w for w in self._left_words(m) if w not in _SKIP_BEFORE]
        # Five words: two for the cues below, the rest for a speaker's verb after its auxiliaries and adverbs.
        right = self._right_words(m, 5)
        last1 = left[-1] if left else ""
        last2 = " ".join(left[-2:]) if len(left) >= 2 else ""
        m.left_cue = last1 in cues.locative_before or last1 in cues.arabic_before
        r1 = right[0] if right else ""
        r2 = right[1] if len(right) > 1 else ""
        if r1 in cues.type_after:
            m.right_type = r1
        elif r1 in cues.after_verbs and (
            r1 not in ("was", "were", "is", "are", "has", "had", "came", "comes")
            or r2 in cues.after_participles
            or r2 == "been"
        ):
            m.left_cue = True  # the subject of an attack: "Madaya was shelled"
        # "Damascus has repeatedly denied": the first word after the auxiliaries and adverbs.
        skipped = list(itertools.takewhile(lambda w: w in cues.speech_skip, right))
        verb = right[len(skipped)] if len(skipped) < len(right) else ""
        perfect = bool({"has", "have", "had"} & set(skipped))
        # Not a place in which people speak ("fighters in Afrin vowed", "residents of Raqqa have accused") nor one a
        # comma ends ("… air strikes on Douma, insisted the monitor").
        gap = (
            self.text[self.tokens[m.last].end : self.tokens[m.last + 1].start] if m.last + 1 < len(self.tokens) else ""
        )
        speaks = (
            "," not in gap
            and last1 not in _WHERE_PEOPLE_SPEAK
            and (verb in cues.speech_after or (perfect and verb in cues.speech_after_perfect))
        )
        m.speaker = (
            speaks
            or (r1 in cues.owner_after and self._owned(m))
            or self._rulers(m)
            or last2 in cues.blamed_before
            or last1 in cues.blamed_before
        )
        m.abroad = self._abroad(m)
        # Relation, most specific first.
        if last2.endswith(" of") and left[-2] in cues.directions:
            m.relation = f"{left[-2]} of"
        elif last2 in cues.countryside_before or last1 in cues.countryside_before:
            m.relation = "countryside"
        elif last2 in cues.near_before or last1 in cues.near_before:
            m.relation = "near"
        elif last2 in cues.province_before or last1 in cues.province_before or r1 in cues.province_after:
            m.relation = "province"
        elif r1 in cues.countryside_after:
            m.relation = "countryside"
        elif r1 in cues.near_after:
            m.relation = "near"
        elif r1 in cues.district_after:
            m.relation = "district"
        elif self._near_the_city(m):
            m.relation = "near"
        elif {last2, last1} & cues.city_before or r1 in cues.city_after or (m.left_cue and last1 == "in"):
            m.relation = "in"

    def _near_the_city(self, m: _Match) -> bool:
        """ "an airbase near the Syrian city of Homs", "a village near Syria's second city Aleppo", "near the capital
        Damascus": near the city, not in it."""
        words = [w for w in self._left_words(m, 8) if w not in _SKIP_BEFORE]
        if words and words[-1] == "of":
            words.pop()
        if not words or words[-1] not in self.cues.city_after | _CAPITAL:
            return False
        words.pop()
        adjectives = self.cues.country_adjectives | self.cues.direction_adjectives | _CITY_ADJECTIVES
        while words and (words[-1] in adjectives or self._country_word(words[-1])):
            words.pop()
        return bool(words) and (words[-1] in self.cues.near_before or " ".join(words[-2:]) in self.cues.near_before)

    def _country_word(self, word: str) -> bool:
        """ "Syria" or, its apostrophe lost, "Syrias" (the tokenizer drops "'s")."""
        stems = [stem for stem in (word, word[:-1] if word.endswith("s") else "") if len(stem) > 3]
        return any(p.kind == "country" for stem in stems for p in self._spelled(stem))

    def _spread_cues(self, matches: list[_Match]) -> None:
        """'the countrysides of Hama and Aleppo', 'Idlib and Hama provinces': one cue, two names."""
        coord = self.cues.coordinators
        shared = {"countryside", "province", "near"}
        for a, b in pairwise(matches):
            between = [t.folded for t in self.tokens[a.last + 1 : b.first]]
            gap = self.text[self.tokens[a.last].end : self.tokens[b.first].start]
            comma_only = not between and gap.strip() == ","
            coordinated = bool(between) and all(w in coord or w == "the" for w in between)
            if not (comma_only or (coordinated and not any(ch in ".;:\n" for ch in gap))):
                continue
            if a.left_cue and not b.left_cue:
                b.left_cue = True  # "in Khan Shaykhun and Sinjar"
            if a.relation in shared and b.relation in (None, "in"):
                b.relation = a.relation
                b.left_cue = True
            elif b.relation in shared and a.relation in (None, "in"):
                a.relation = b.relation
                a.right_type = a.right_type or b.right_type
        # "Saraqib, which was hit last week, and Ariha": a relative clause on the first name stands between the two.
        clauses = {
            c.end(): c.start() for c in _RELATIVE_THEN_AND.finditer(self.text) if c.end() - c.start() <= _RELATIVE_CHARS
        }
        ends = {self.tokens[m.last].end: m for m in matches}
        for b in matches:
            listed = ends.get(clauses.get(self.tokens[b.first].start, -1))
            if listed is not None and listed.left_cue and not b.left_cue:
                b.left_cue = True

    # -- choosing among candidates ---------------------------------------------------------------

    def _score(self, m: _Match, c: int, local: set[str], document: set[str], anchors: list[Place]) -> float:
        p = self.gaz.places[c]
        # The spelling written is one of the place's own names: stronger than any context.
        s = 5.0 if c in m.exact else SPELLING_WEIGHT * m.likeness.get(c, 0.0)
        s += KIND_PRIOR.get(p.kind, 0.5)
        s += math.log10((p.population or 0) + 1) / 3
        if "athar-curated" in p.source:
            s += 0.5
        if p.kind == "admin1":
            s += 10.0 if m.relation == "province" else -4.0
        elif m.relation == "province":
            s -= 2.0
        if p.kind == "admin2":
            s += 6.0 if m.relation == "district" else -1.0
        if m.relation == "in" and p.kind in ("admin1", "admin2", "region"):
            s -= 2.0
        if p.admin1 and p.admin1 in local:
            s += 3.0
        if p.admin1 and p.admin1 in document:
            s += 1.5
        if anchors:
            nearest = min(distance_km(p, a) for a in anchors)
            if nearest <= NEAR_KM:
                s += 1.0 + (NEAR_KM - nearest) / NEAR_KM
        return s

    def _admin1_signals(self, m: _Match, pool: list[_Match]) -> set[str]:
        """Governorates named in the same sentence as the mention (tentative choices)."""
        out: set[str] = set()
        lo, hi = self._sentence_bounds(m.first)
        for o in pool:
            if o is m or o.choice is None or not (lo <= o.first <= hi):
                continue
            p = self.gaz.places[o.choice]
            if p.admin1 and (p.kind == "admin1" or len(o.candidates) == 1 or _major(p)):
                out.add(p.admin1)
        return out

    def _sentence_bounds(self, i: int) -> tuple[int, int]:
        lo = i
        while lo > 0 and not self.sentence_start[lo]:
            lo -= 1
        hi = i + 1
        while hi < len(self.tokens) and not self.sentence_start[hi]:
            hi += 1
        return lo, hi - 1

    def _choose(self, matches: list[_Match], document: set[str]) -> None:
        for m in matches:  # tentative: priors only
            m.choice = max(m.candidates, key=lambda c: self._score(m, c, set(), document, []))
        for m in matches:
            local = self._admin1_signals(m, matches)
            anchors = [
                self.gaz.places[o.choice]
                for o in matches
                if o is not m and o.choice is not None and len(o.candidates) == 1 and o.choice not in m.candidates
            ]
            scored = sorted(((self._score(m, c, local, document, anchors), c) for c in m.candidates), reverse=True)
            m.choice = scored[0][1]
            m.score = scored[0][0]
            m.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0
        self._one_sense(matches)

    def _one_sense(self, matches: list[_Match]) -> None:
        """A name written twice in one text names one place: the one its best-evidenced mention chose
        ("the city of Al Quriyah" and, later, "Al-Quriyah southeast of Deir Ezzor city")."""
        by_name: dict[str, list[_Match]] = {}
        for m in matches:
            # "Hama countryside" and "Hama city" are two senses on purpose: governorates keep theirs.
            admin = m.relation in ("province", "district", "countryside") or (
                m.choice is not None and self.gaz.places[m.choice].kind in ("admin1", "admin2", "region")
            )
            if len(m.candidates) > 1 and not admin:
                by_name.setdefault(m.written_key, []).append(m)
        for same in by_name.values():
            if len({m.choice for m in same}) < 2:
                continue
            best = max(same, key=lambda m: (m.margin, m.score))
            for m in same:
                if best.choice in m.candidates:
                    m.choice = best.choice

    # -- the whole pass ------------------------------------------------------------------------

    def run(self) -> list[PlaceMention]:
        self._all = self._find_matches()
        for m in self._all:
            self._prepare(m)
        self._spread_cues(self._all)
        self._decided: set[int] = set()
        self._kept: set[int] = set()
        kept = []
        for m in self._all:  # in text order, so a name can see whether the word before it was kept
            if self._keep(m):
                kept.append(m)
                self._kept.add(id(m))
            self._decided.add(id(m))
        document = set(self.context.admin1) | self._document_admin1(kept)
        self._choose(kept, document)
        kept = self._within_governorate(kept)
        self._place_quarters(kept)
        mentions = []
        for m in kept:
            assert m.choice is not None
            place = m.host or self.gaz.places[m.choice]
            if m.host is not None:
                m.relation = "in"
            if place.kind == "admin1" and m.relation in (None, "in"):
                m.relation = "province"
            start, end = self.tokens[m.first].start, self.tokens[m.last].end
            mentions.append(
                PlaceMention(
                    text=self.text[start:end],
                    start=start,
                    end=end,
                    place=place,
                    precision=precision_of(place, m.relation),
                    relation=m.relation,
                    score=_confidence(m),
                    produced_by=COMPONENT,
                )
            )
        return mentions

    def _within_governorate(self, kept: list[_Match]) -> list[_Match]:
        """A place said to be in a governorate ("Shaer in Homs province", "Saraqeb, Idlib province") is in it:
        a namesake elsewhere (al-Shaar, a quarter of Aleppo) is not it, and with none there the name is left
        unplaced and the governorate stands for it. Likewise a place said to lie in a direction from another ("the
        village of al-Bureij northeast of Aleppo"): Burayj in Homs, south-southwest of it, is not it."""
        out = []
        for n, m in enumerate(kept):
            o = kept[n + 1] if n + 1 < len(kept) else None
            if o is not None and m.choice is not None and o.choice is not None and o.first > m.last:
                between = [t.folded for t in self.tokens[m.last + 1 : o.first]]
                gap = self.text[self.tokens[m.last].end : self.tokens[o.first].start].strip()
                governorate = self.gaz.places[o.choice]
                direction = (o.relation or "").removesuffix(" of").replace("-", "")
                if (
                    direction in _BEARINGS
                    and [w for w in between if w != ","] == (o.relation or "").split()
                    and governorate.kind != "admin1"
                    and not _lies_towards(self.gaz.places[m.choice], governorate, direction)
                ):
                    inside = [c for c in m.candidates if _lies_towards(self.gaz.places[c], governorate, direction)]
                    if not inside:
                        continue
                    m.choice = max(inside, key=lambda c: self._score(m, c, set(), set(), [governorate]))
                if (
                    (between in (["in"], ["in", "the"]) or (not between and gap == ","))
                    and (governorate.kind == "admin1" or o.relation == "province")
                    and (admin1 := governorate.admin1)
                    and self.gaz.places[m.choice].kind != "admin1"
                    and self.gaz.places[m.choice].admin1 != admin1
                ):
                    inside = [c for c in m.candidates if self.gaz.places[c].admin1 == admin1]
                    if not inside:
                        continue
                    m.choice = max(inside, key=lambda c: self._score(m, c, {admin1}, set(), []))
            out.append(m)
        return out

    # -- quarters of a city ------------------------------------------------------------------

    def _place_quarters(self, kept: list[_Match]) -> None:
        """A name the text calls a quarter of a city is taken in that city, not a homonymous town elsewhere.

        "al-Midan neighbourhood in the city" (of Aleppo, named before), "the neighbourhoods of al-Sabil and
        al-Zahraa" in a report on Homs, "Aleppo's Bustan al-Qasr": of the places the name may mean, one
        within a few kilometres of the city; if none is, the mention means the city itself (the gazetteer
        does not know the quarter, but the city is certain).
        """
        for m in kept:
            assert m.choice is not None
            chosen = self.gaz.places[m.choice]
            if _hosts_quarters(chosen) or chosen.kind in ("admin1", "admin2", "country", "region"):
                continue
            owner = self._quarter_of(m, kept)
            if owner is None:
                continue
            host = self.gaz.places[owner.choice] if owner.choice is not None else None
            if host is None or distance_km(chosen, host) <= HOST_KM:
                continue
            near = sorted((distance_km(self.gaz.places[c], host), c) for c in m.candidates)
            if near and near[0][0] <= HOST_KM:
                m.choice = near[0][1]
            else:
                m.host = host

    def _quarter_of(self, m: _Match, kept: list[_Match]) -> _Match | None:
        """The city a mention is a quarter of, if the words around it call it a quarter."""
        toks, hood, coord = self.tokens, self.cues.neighbourhood, self.cues.coordinators
        lo, hi = self._sentence_bounds(m.first)
        hosts = [
            o
            for o in kept
            if o is not m and not o.fuzzy and o.choice is not None and _hosts_quarters(self.gaz.places[o.choice])
        ]

        def in_list(tok: Token) -> bool:  # a word of a list of names: "al-Sabil, al-Furqan and X"
            return self._capitalised(tok) or tok.is_article or tok.folded in coord

        def before_hood(tok: Token) -> bool:  # ... or of what may qualify the quarter: "X residential neighborhood"
            return (
                in_list(tok)
                or tok.folded in self.cues.neighbourhood_adjectives
                or tok.folded in self.cues.direction_adjectives
            )

        quarter = False
        j = m.last + 1
        while j <= hi and j - m.last <= 8:  # "X neighbourhood", "X and Y neighbourhoods"
            tok = toks[j]
            if tok.folded in hood or tok.text in hood:
                quarter = True
                break
            if not before_hood(tok):
                break
            j += 1
        i = m.first - 1
        while not quarter and i >= lo and m.first - i <= 12:  # "the neighbourhoods of A, B and X", "حي X"
            tok = toks[i]
            if self.text[tok.end : toks[i + 1].start].strip()[:2] in ("'s", "’s"):
                # "Aleppo's X (and Y)": the city owns the names that follow, unless they are places of its
                # governorate ("Aleppo's Manbij": the possessive may mean the province).
                owner = next((o for o in hosts if o.last == i), None)
                mine, theirs = m.choice, owner.choice if owner is not None else None
                if mine is None or theirs is None or self.gaz.places[mine].admin1 == self.gaz.places[theirs].admin1:
                    return None
                return owner
            if tok.text in hood or (tok.folded == "of" and i > lo and toks[i - 1].folded in hood):
                quarter = True
            elif not in_list(tok):
                break
            i -= 1
        if not quarter or not hosts:
            return None
        # The city named in the same sentence, the nearest one; else the last one named before it.
        same = [o for o in hosts if lo <= o.first <= hi]
        if same:
            return min(same, key=lambda o: abs(o.first - m.first))
        # Not if the sentence names a city of its own that the gazetteer lacks ("X neighbourhood in al-Baath
        # city"); "in the city" refers back.
        city = self.cues.city_after
        if any(toks[k].folded in city and self._capitalised(toks[k - 1]) for k in range(lo + 1, hi + 1)):
            return None
        before = [o for o in hosts if o.last < m.first]
        return before[-1] if before else None

    def _document_admin1(self, kept: list[_Match]) -> set[str]:
        """Governorates the document names outright ("Idlib province", "Aleppo") or through context."""
        out: set[str] = set()
        for m in kept:
            places = [self.gaz.places[c] for c in m.candidates]
            if any(p.kind == "admin1" for p in places):
                out |= {p.admin1 for p in places if p.kind == "admin1" and p.admin1}
        if self.context.document:
            sub = _Resolver(self.context.document, ResolveContext(), self.gaz, self.cues)
            out |= {mn.place.admin1 for mn in sub.run() if mn.place and mn.place.admin1}
        return out


def _lies_towards(place: Place, anchor: Place, direction: str) -> bool:
    """Does ``place`` lie in ``direction`` ("northeast") from ``anchor``, give or take DIRECTION_SLACK_DEGREES?"""
    if place.id == anchor.id:
        return True
    off = abs((bearing_degrees(anchor, place) - _BEARINGS[direction] + 180.0) % 360.0 - 180.0)
    return off <= DIRECTION_SLACK_DEGREES


def _major(p: Place) -> bool:
    """Named bare in reports: a division, a city, or a place checked by hand (not UCDP-only rows)."""
    if p.source == "ucdp":
        return False
    return p.kind in MAJOR_KINDS or (p.population or 0) >= MAJOR_POPULATION


def _hosts_quarters(p: Place) -> bool:
    """A city whose quarters reports name: a city, or a big town."""
    return p.kind == "city" or (p.kind == "town" and (p.population or 0) >= HOST_POPULATION)


_RELATIVE_THEN_AND = re.compile(r",\s*(?:which|where|whose)\b[^,;.:\n]*,\s*(?:and|or|&)\s+(?:the\s+)?", re.IGNORECASE)
_RELATIVE_CHARS = 120


def _well_known(p: Place) -> bool:
    """Worth a fuzzy match: a major place, or a town."""
    return _major(p) or p.kind in ("town", "city")


def precision_of(place: Place, relation: str | None = None) -> int:
    """1 the town or site itself, 2 near it, part of it or a district, 3 only the governorate (or country)."""
    # The scale stops at the governorate: a country named is no more exact than that.
    if place.kind in ("admin1", "country"):
        return 3
    if place.kind in ("admin2", "region") or relation in ("near", "countryside") or (relation or "").endswith(" of"):
        return 2
    return 1


def _confidence(m: _Match) -> float:
    base = 0.6 if m.fuzzy else 0.95 if m.exact else 0.8
    if len(m.candidates) > 1 and m.margin < 1.0:
        base -= 0.2
    return round(base, 2)


class _FuzzyIndex:
    """Keys of well-known one-word places by their one-deletion variants (SymSpell, distance 1)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.by_deletion: dict[str, set[str]] = {}
        for key, entries in gaz.index.items():
            if " " in key or len(key) < 4 or not any(_well_known(gaz.places[e.place]) for e in entries):
                continue
            for d in {key, *_deletions(key)}:
                self.by_deletion.setdefault(d, set()).add(key)

    def get_near(self, key: str) -> list[str]:
        if len(key) < 4:
            return []
        found: set[str] = set()
        for d in {key, *_deletions(key)}:
            found |= self.by_deletion.get(d, set())
        return sorted(k for k in found if k != key and _edit_distance_le1(k, key))


_FUZZY: dict[int, _FuzzyIndex] = {}


def _fuzzy_index(gaz: Gazetteer) -> _FuzzyIndex:
    idx = _FUZZY.get(id(gaz))
    if idx is None:
        idx = _FUZZY[id(gaz)] = _FuzzyIndex(gaz)
    return idx


@functools.lru_cache(maxsize=65536)
def _likeness(written: str, name: str) -> float:
    """How alike two folded spellings are (difflib's ratio: 1.0 the same); the same pairs recur in every text."""
    return SequenceMatcher(None, written, name, autojunk=False).ratio()


def _deletions(key: str) -> list[str]:
    return [key[:i] + key[i + 1 :] for i in range(len(key))]


def _edit_distance_le1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
