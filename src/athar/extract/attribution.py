"""Who says it: cited sources, hedges, denials and allegations in one sentence (data in ``data/attribution.toml``).

Every function takes one sentence and returns spans into it. The work is a handful of
precompiled regular expressions that find the cue words ("said", "according to", "denied",
"accused … of"), then a short walk over the sentence's tokens to find the noun phrase that
names the source, the accused or the denied content. No statistical model: the cues are
closed-class words, and the noun-phrase walk needs only capitalisation and small word lists.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Literal

from athar.extract.actors import find_actors, fold_case, get_actor, phrase_key, trie_pattern

SourceKind = Literal["organisation", "official", "media", "person", "group-generic", "pronoun"]
Scope = Literal["before", "after", "both"]


@dataclass(frozen=True)
class SourceMention:
    """A source cited in a sentence and the words that cite it.

    ``start``/``end`` span the whole attribution phrase ("the Observatory said", "according to
    the White Helmets"); ``source_start``/``source_end`` the source's name alone. ``title`` is a
    person's title as written ("US Secretary of State"); ``via`` the outlet or relay the words
    pass through ("X told AFP", "SANA …, citing a military source"); ``generic`` marks a
    description that may refer back to a source named earlier ("the human rights group", "it");
    ``actor`` the belligerent the source belongs to, when it is one ("Russian Defence Ministry").
    ``scope``: where the attributed words lie — before the phrase, after it, or both.
    """

    source: str
    kind: SourceKind
    cue: str
    start: int
    end: int
    source_start: int
    source_end: int
    title: str | None = None
    via: str | None = None
    generic: bool = False
    actor: str | None = None
    scope: Scope = "before"


@dataclass(frozen=True)
class DenialMention:
    """Someone denies something: who (if named), the cue, and the denied words (if determinable)."""

    source: str | None
    kind: SourceKind | None
    cue: str
    start: int
    end: int
    source_start: int | None
    source_end: int | None
    content: str | None
    content_start: int | None
    content_end: int | None
    actor: str | None = None


@dataclass(frozen=True)
class AllegationMention:
    """Someone alleges that an actor did something ("accused X of", "there is new evidence that").

    ``source`` is None when nobody is named (the outlet itself speaks). ``against`` holds the
    canonical names of the accused actors found in ``target`` (or, for "evidence that …"
    forms, in the content); ``target`` is the accused as written.
    """

    source: str | None
    kind: SourceKind | None
    cue: str
    start: int
    end: int
    source_start: int | None
    source_end: int | None
    against: tuple[str, ...]
    target: str | None
    target_start: int | None
    target_end: int | None
    content: str | None
    content_start: int | None
    content_end: int | None
    actor: str | None = None
    # "Nobody blamed the rebels for the attack": the blame is denied, no one is accused.
    negated: bool = False

    @property
    def accused(self) -> str | None:
        """The first accused actor's canonical name, if any."""
        return self.against[0] if self.against else None


# ---------------------------------------------------------------------------------------------
# Vocabularies


@dataclass(frozen=True)
class _Vocab:
    cues: re.Pattern[str]
    between: dict[int, frozenset[tuple[str, ...]]]  # word sequences by length
    between_lengths: tuple[int, ...]  # longest first
    after: re.Pattern[str]
    passive: frozenset[str]
    audiences: re.Pattern[str]
    relay: frozenset[str]
    document_skip: re.Pattern[str]
    show_verb: re.Pattern[str]
    generic: frozenset[str]
    premodifiers: frozenset[str]
    pronouns: frozenset[str]
    titles: frozenset[str]
    official_titles: frozenset[str]
    organisation_heads: frozenset[str]
    official_heads: frozenset[str]
    media_heads: frozenset[str]
    known: dict[str, SourceKind]
    coreference: dict[str, tuple[str, ...]]
    coreference_order: tuple[str, ...]  # descriptors, longest first
    known_names: re.Pattern[str]
    hedges: re.Pattern[str]
    denial: re.Pattern[str]
    weak_denials: frozenset[str]
    denial_object: re.Pattern[str]
    denial_not_before: re.Pattern[str]
    denial_predicates: re.Pattern[str]
    accuse: re.Pattern[str]
    accuse_link: dict[str, str]
    accuse_reversed: dict[str, str]
    evidence_there: re.Pattern[str]
    evidence_shows: re.Pattern[str]
    nouns_that: re.Pattern[str]


_W = r"(?<![\w\-])"  # word start
_E = r"(?![\w\-])"  # word end


def _alt(words: list[str]) -> str:
    return trie_pattern(words)


def _document_phrase(documents: list[str]) -> str:
    """ "in its 40-page report issued September 30": where the words were said, kept in the span."""
    nouns = _alt([*documents, "interview", "speech", "briefing", "press conference", "press release", "remarks"])
    issued = r"(?:\s+(?:issued|published|released)(?:\s+on)?\s+[a-z]+\.?\s+\d{1,2}(?:,?\s+\d{4})?)?"
    return rf",?\s+(?:in|at)\s+(?:a|an|its|his|her|their|the)\s+(?:[\w\-]+\s+){{0,3}}?(?:{nouns}){_E}{issued}"


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    text = resources.files("athar.data").joinpath("attribution.toml").read_text(encoding="utf-8")
    d = tomllib.loads(text)
    sp, acc, src, hed, den, alg = (d[k] for k in ("speech", "according", "sources", "hedges", "denials", "allegations"))
    flags = 0  # hot patterns match text folded by fold_case: faster than IGNORECASE
    known: dict[str, SourceKind] = {}
    for key, kind in (("organisations", "organisation"), ("media", "media"), ("officials", "official")):
        for name in src[key]:
            known.setdefault(phrase_key(_strip_det(name)), kind)  # type: ignore[arg-type]
    for name in src["people_groups"]:
        known.setdefault(phrase_key(_strip_det(name)), "group-generic")
    names = [n for k in ("organisations", "media", "officials") for n in src[k]]
    ev = alg["evidence"]
    return _Vocab(
        # One pass finds every cue; the named group says which kind ("video released by" before "released").
        cues=re.compile(
            f"{_W}(?:(?P<acc>{_alt(acc['forms'])})"
            f"|(?P<rel>(?:{_alt(acc['released_objects'])})\\s+(?:{_alt(acc['released'])}))"
            f"|(?P<pub>(?:{_alt(acc['publish_verbs'])})\\s+(?:(?:new|the|a|an|its|aerial|several|some|more|"
            f"recent|dozens\\s+of|[\\w\\-]+)\\s+){{0,2}}?(?:{_alt(acc['released_objects'])}))"
            f"|(?P<sp>{_alt(sp['verbs'])})){_E}",
            flags,
        ),
        between={
            n: frozenset(tuple(p.split()) for p in sp["between"] if len(p.split()) == n)
            for n in {len(p.split()) for p in sp["between"]}
        },
        between_lengths=tuple(sorted({len(p.split()) for p in sp["between"]}, reverse=True)),
        after=re.compile(f"(?:,?\\s+(?:{_alt(sp['after'])}){_E}|{_document_phrase(acc['documents'])})+", flags),
        passive=frozenset(sp["passive"]),
        audiences=re.compile(f"\\s+(?:{_alt(sp['audiences'])}){_E}", flags),
        relay=frozenset(acc["relay"]),
        document_skip=re.compile(
            f"\\s*(?:(?:a|an|the|its|their|his|her)\\s+)?(?:[\\w\\-]+\\s+){{0,2}}?(?:{_alt(acc['documents'])})"
            f"\\s+(?:{_alt(acc['document_links'])}){_E}",
            flags,
        ),
        show_verb=re.compile(f"\\s+(?:{_alt(ev['verbs'])}){_E}", flags),
        generic=frozenset(src["generic"]),
        premodifiers=frozenset(src["premodifiers"]),
        pronouns=frozenset(src["pronouns"]),
        titles=frozenset(src["titles"]),
        official_titles=frozenset(src["official_titles"]),
        organisation_heads=frozenset(src["organisation_heads"]),
        official_heads=frozenset(src["official_heads"]),
        media_heads=frozenset(src["media_heads"]),
        known=known,
        coreference={k.lower(): tuple(v) for k, v in d["coreference"].items()},
        coreference_order=tuple(sorted((k.lower() for k in d["coreference"]), key=len, reverse=True)),
        known_names=re.compile(f"{_W}(?:{_alt(names)}){_E}", re.IGNORECASE),
        hedges=re.compile(f"{_W}(?:{_alt(hed['phrases'])}){_E}(?!\\s+(?:{_alt(hed['not_before'])}){_E})", flags),
        denial=re.compile(f"{_W}(?:{_alt(den['verbs'])}){_E}", flags),
        weak_denials=frozenset(den["weak_verbs"]),
        denial_object=re.compile(
            f"\\s+(?:(?:the|these|those|all|any|such|[\\w\\-'’]+)\\s+){{0,3}}?(?:{_alt(den['objects'])}){_E}"
        ),
        # "denied access", and with whom between: "denying Gaza food", "denied civilians humanitarian aid" (not
        # "denied that it blocked aid", "denied blocking aid convoys").
        denial_not_before=re.compile(
            f"\\s+(?:(?!(?:that|it|its|they|their|he|she|any|\\w+ing)\\b)[\\w'’-]+\\s+){{0,3}}?"
            f"(?:{_alt(den['not_before'])}){_E}",
            flags,
        ),
        denial_predicates=re.compile(f"{_W}(?:{_alt(den['predicates'])}){_E}", flags),
        accuse=re.compile(f"{_W}(?:{_alt(list(alg['verbs']))}){_E}", flags),
        accuse_link={k.lower(): v for k, v in alg["verbs"].items()},
        accuse_reversed={k.lower(): v for k, v in alg["reversed"].items()},
        evidence_there=re.compile(
            f"{_W}there\\s+(?:is|are|was|were|has\\s+been|have\\s+been)\\s+(?:(?:{_alt(ev['modifiers'])})\\s+)*"
            f"(?:{_alt(ev['nouns'])})\\s+(?:that|of){_E}",
            flags,
        ),
        evidence_shows=re.compile(
            f"{_W}(?:{_alt(ev['nouns'])})\\s+(?:(?:that|which)\\s+)?(?:{_alt(ev['verbs'])})(?:\\s+that)?{_E}", flags
        ),
        nouns_that=re.compile(f"{_W}(?:{_alt(ev['nouns_that'])})\\s+that{_E}", flags),
    )


# ---------------------------------------------------------------------------------------------
# Tokens


def _words(text: str) -> frozenset[str]:
    """A closed class of grammar words written as one string (vocabularies live in the data file)."""
    return frozenset(text.split())


_TOKEN = re.compile(
    r"(?=[A-Z])(?:(?:[A-Z]\.){2,}"  # U.S., U.N. (the lookahead keeps lowercase words off this branch)
    r"|(?:Gen|Lt|Col|Maj|Brig|Capt|Sgt|Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov|St)\.(?=\s))"
    r"|\w+(?:['’\-‐‑&.]\w+)*(?:['’](?:s\b)?)?"
    r"|[^\w\s]"
)
_BOUNDARY_PUNCT = frozenset(',;:()[]{}—–"“”‘«»!?.…|/')
_STOP = _words(
    "while but whereas as after before when since although though because that which who whom whose "
    "where so yet however if than or nor until unless once whether whilst meanwhile also said says told "
    "and"
)
_DETERMINERS = _words("the a an its their his her this these those our my one another")
_PP_IN_SOURCE = _words("within at in from inside for of with")
_CONNECTORS = _words("of for on in at de du la le al el bin ibn abu")
_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|ibn|bin|abu|de|di|van|von)[\-‐‑][A-Z]")
_TEMPORAL = _words(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight january february "
    "march april may june july august september october november december earlier later morning evening "
    "night"
)


@dataclass(slots=True)
class _Tok:
    # Not frozen: frozen dataclasses are several times slower to build, and tokens are built per sentence.
    start: int
    end: int
    text: str
    low: str


# Noun-phrase walks never go further than this from a cue, so only this much is tokenised.
_WINDOW = 120


def _tokens(sentence: str, low: str, lo: int = 0, hi: int | None = None) -> list[_Tok]:
    """Tokens of ``sentence[lo:hi]`` with offsets into ``sentence``."""
    hi = len(sentence) if hi is None else hi
    return [_Tok(a, b, sentence[a:b], low[a:b]) for a, b in (m.span() for m in _TOKEN.finditer(sentence, lo, hi))]


def _is_cap(tok: _Tok) -> bool:
    c = tok.text[0]
    return (c.isupper() and c.isalpha()) or bool(_NAME_PARTICLE.match(tok.text))


def _is_boundary(tok: _Tok) -> bool:
    return tok.text in _BOUNDARY_PUNCT or (len(tok.text) == 1 and not tok.text.isalnum() and tok.text not in "&'’-")


_POSSESSIVE = re.compile(r"['’]s?$")


def _base(word: str) -> str:
    """A word without its possessive ending ("ministry's" → "ministry")."""
    return _POSSESSIVE.sub("", word)


def _strip_det(name: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Noun phrases that name a source


def _head_ok(tok: _Tok, v: _Vocab) -> bool:
    if tok.low in _TEMPORAL or tok.low in _STOP or tok.low in _DETERMINERS:
        return False
    return _is_cap(tok) or tok.low in v.generic or _base(tok.low) in v.generic


_LY_NOUNS = _words("family assembly supply rally anomaly monopoly ally")


def _is_ly_adverb(tok: _Tok) -> bool:
    return tok.low.endswith("ly") and len(tok.low) > 4 and tok.text.islower() and tok.low not in _LY_NOUNS


_PROGRESSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were"})
# Between the auxiliary and the -ing cue: "was on Monday", "was last week", "were in March", "is already".
_BESIDE_PROGRESSIVE = frozenset(
    {"on", "in", "last", "this", "week", "month", "also", "again", "still", "now", "already"}
)


def _before_progressive(toks: list[_Tok], i: int, verb: str) -> int:
    """Where the subject of "Moscow is also denying", "Kyiv was on Monday blaming" ends: before the auxiliary and
    the words between it and the -ing cue at token ``i`` (``i`` itself for any other verb)."""
    if not verb.endswith("ing"):
        return i
    k = i
    while k > 0 and (
        toks[k - 1].low in _TEMPORAL or toks[k - 1].low in _BESIDE_PROGRESSIVE or _is_ly_adverb(toks[k - 1])
    ):
        k -= 1
    return k - 1 if k > 0 and toks[k - 1].low in _PROGRESSIVE_AUXILIARIES else i


def _relative_subject(toks: list[_Tok], i: int) -> int:
    """ "Moscow, which is denying …", "residents who blame …": the subject ends before the relative pronoun (and
    its comma)."""
    if i > 0 and toks[i - 1].low in ("who", "which", "that"):
        i -= 1
        if i > 0 and toks[i - 1].text == ",":
            i -= 1
    return i


def _left_np(toks: list[_Tok], i: int, v: _Vocab) -> tuple[int, int] | None:
    """Token range [a, b) of the subject noun phrase ending right before token ``i`` (the cue)."""
    k = i
    # Skip adverbs and auxiliaries between subject and verb ("the monitor also said", "has said").
    moved = True
    while moved and k > 0:
        moved = False
        for n in v.between_lengths:
            if k - n >= 0 and tuple(t.low for t in toks[k - n : k]) in v.between[n]:
                k -= n
                moved = True
                break
        # "Turkey has consistently denied": any -ly adverb may stand between subject and verb.
        if not moved and k > 0 and _is_ly_adverb(toks[k - 1]):
            k -= 1
            moved = True
    if k == 0:
        return None
    head = toks[k - 1]
    if head.low in v.pronouns:
        return (k - 1, k)
    # "Deir Ezzor 24 said", "Kurdistan 24 reported": a name that ends in a number.
    numbered = head.text.isdigit() and len(head.text) <= 3 and k >= 2 and _is_cap(toks[k - 2])
    if numbered:
        head = toks[k - 2]
    if not _head_ok(head, v):
        return _left_np_with_pp(toks, k, v)
    a = k - 2 if numbered else k - 1
    has_cap = _is_cap(head)
    while a > 0:
        t = toks[a - 1]
        if _is_boundary(t) or t.low in _TEMPORAL:
            break
        if t.low in _DETERMINERS:
            # "President of the Syrian Coalition": a determiner inside a name after of/for.
            if a - 2 >= 0 and toks[a - 2].low in ("of", "for") and a - 3 >= 0 and _is_cap(toks[a - 3]):
                a -= 2
                continue
            a -= 1
            break
        if t.low == "and" or t.text == "&":
            before = toks[a - 2] if a >= 2 else None
            if before is not None and (_is_cap(before) or before.low in v.generic or before.low in v.premodifiers):
                a -= 1
                continue
            break
        if t.low in _STOP:
            break
        if _is_cap(t):
            a -= 1
            has_cap = True
            continue
        if t.low in _CONNECTORS:
            before = toks[a - 2] if a >= 2 else None
            if (
                has_cap
                and before is not None
                and _is_cap(before)
                and t.low in ("of", "for", "al", "bin", "ibn", "abu", "de")
            ):
                a -= 1
                continue
            break
        if t.low in v.premodifiers or t.low in v.titles or t.low in v.generic or t.low.endswith("-based"):
            a -= 1
            continue
        break
    if toks[a].low in _STOP:
        a += 1
    if a >= k:
        return None
    # "an informed source within the UN", "a spokesman for the ministry": a generic head before.
    if a >= 2 and toks[a - 1].low in _PP_IN_SOURCE and toks[a - 2].low in v.generic:
        inner = _left_np(toks, a - 1, v)
        if inner is not None and inner[1] == a - 1:
            a = inner[0]
    # "The Syrian Observatory for Human Rights based in Britain said": the speaker is the one based there.
    if a >= 3 and toks[a - 1].low == "in" and toks[a - 2].low in ("based", "headquartered"):
        inner = _left_np(toks, a - 2, v)
        if (
            inner is not None
            and inner[1] == a - 2
            and any(_is_cap(t) and t.low not in _DETERMINERS for t in toks[inner[0] : inner[1]])
        ):
            return inner
    return (a, k)


def _left_np_with_pp(toks: list[_Tok], k: int, v: _Vocab) -> tuple[int, int] | None:
    """ "Local sources in the town told …": a generic head followed by a short place phrase."""
    for p in range(k - 2, max(k - 6, 0), -1):
        if toks[p].low in ("in", "at", "from", "inside", "near") and p > 0:
            head = toks[p - 1]
            if head.low in v.generic and not _is_cap(head):
                inner = _left_np(toks[:p], p, v)
                if inner is not None and inner[1] == p:
                    return (inner[0], k)
            return None
        if _is_boundary(toks[p]) or toks[p].low in _STOP:
            return None
    return None


def _right_np(toks: list[_Tok], j: int, v: _Vocab, *, limit: int = 12) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase starting at token ``j`` ("according to X …")."""
    n = len(toks)
    a = j
    if a < n and toks[a].low in _DETERMINERS:
        a += 1
    b = a
    has_cap = False
    while b < n and b - j < limit:
        t = toks[b]
        if _is_boundary(t) or t.low in _TEMPORAL or (t.low in _STOP and t.low != "and"):
            break
        if _is_cap(t):
            has_cap = True
            b += 1
            continue
        nxt = toks[b + 1] if b + 1 < n else None
        if t.low in _CONNECTORS or t.low == "and" or t.text == "&":
            # "Syrian Observatory for Human Rights", "Doctors Without Borders": only inside a name.
            if nxt is not None and nxt.low == "the" and b + 2 < n and _is_cap(toks[b + 2]) and has_cap:
                b += 2
                continue
            if nxt is not None and _is_cap(nxt) and nxt.low not in _TEMPORAL and (has_cap or t.low == "and"):
                b += 1
                continue
            if (
                t.low == "and"
                and nxt is not None
                and (nxt.low in v.generic or nxt.low in v.premodifiers)
                and not has_cap
            ):
                b += 1
                continue
            break
        if has_cap:
            # After a name, a generic head still belongs to it ("SANA reporter", "the UN mission").
            if t.low in v.generic and (nxt is None or not (nxt.low in v.generic or _is_cap(nxt))):
                b += 1
            break
        if t.low in v.premodifiers or t.low in v.generic or t.low in v.titles or t.low.endswith("-based"):
            b += 1
            continue
        break
    if b == a:
        return None
    # The phrase must end in a name or a generic head, not in a modifier.
    while b > a and not (_is_cap(toks[b - 1]) or toks[b - 1].low in v.generic):
        b -= 1
    return (j if toks[j].low in _DETERMINERS and b > a else a, b) if b > a else None


def _split_title(words: list[_Tok], v: _Vocab) -> int:
    """Index in ``words`` where a person's name starts after a title ("US Secretary of State | Mike Pompeo"), or 0."""
    if len(words) < 2 or not _is_cap(words[-1]):
        return 0
    heads = (v.organisation_heads, v.official_heads, v.media_heads, v.titles)
    cut = 0
    for idx, w in enumerate(words[:-1]):
        # A title ends at a title word, a lowercase word, or an organisation's head word
        # ("President of the Syrian Coalition | Anas al-Abdah").
        if not _is_cap(w) or any(_base(w.low) in h for h in heads):
            cut = idx + 1
    if cut == 0 or cut >= len(words):
        return 0
    if words[cut - 1].low in ("of", "for", "and", "the", "&"):
        return 0  # "Syrian Observatory for | Human Rights": a name inside an organisation's name
    last = _base(words[-1].low)
    # After a capitalised word a head word ends an organisation's name ("Syrian army General
    # Command"); after a lowercase descriptor it is a name ("local news outlet Anha").
    if _is_cap(words[cut - 1]) and any(last in h for h in heads):
        return 0
    name = words[cut:]
    if len(name) > 4 or not all(_is_cap(w) for w in name):
        return 0
    return cut


_OFFICIAL_WORDS = _words("official officials spokesman spokeswoman spokesperson")
_ORGANISATION_WORDS = _words(
    "group monitor observatory network watchdog mission report statement committee council organisation organization"
)
_MEDIA_WORDS = _words(
    "correspondent correspondents reporter reporters media outlet outlets channel tv television agency "
    "newspaper website broadcaster"
)


def _classify(words: list[_Tok], title: str | None, v: _Vocab) -> tuple[SourceKind, bool]:
    """Kind of a source named by ``words``, and whether it is a generic description."""
    name = " ".join(w.text for w in words)
    key = phrase_key(_strip_det(name))
    if len(words) == 1 and words[0].low in v.pronouns:
        return "pronoun", True
    known = v.known.get(key)
    if known is not None:
        generic = known == "group-generic" or (len(words) == 1 and not _is_cap(words[0]))
        # "the Observatory", "the coalition": short names that stand for a fuller one named earlier.
        return known, generic or key in ("observatory", "coalition")
    head = _base(words[-1].low)
    if not any(_is_cap(w) and w.low not in v.generic and w.low not in v.premodifiers for w in words):
        if head in v.official_heads or head in _OFFICIAL_WORDS:
            return "official", True
        if head in _ORGANISATION_WORDS:
            return "organisation", True
        if head in v.media_heads or head in _MEDIA_WORDS:
            return "media", True
        return "group-generic", True
    for w in words:
        if v.known.get(phrase_key(w.text)) == "media":
            return "media", False
    if title is not None:
        title_words = title.lower().split()
        if any(t in _MEDIA_WORDS for t in title_words):
            return "media", False  # "Lebanese TV channel Al-Mayadin"
        return ("official" if any(t in v.official_titles for t in title_words) else "person"), False
    actor = get_actor(name)
    if actor is not None:
        return ("official" if actor.kind in ("state forces", "coalition") else "organisation"), False
    if head in v.media_heads and not (head in v.organisation_heads and len(words) > 2):
        return "media", False
    if head in v.official_heads or any(w.low in ("ministry", "ministry's") for w in words):
        return "official", False
    if head in v.organisation_heads:
        return "organisation", False
    if any(w.low in v.generic for w in words):
        return "group-generic", False
    return "person", False


@dataclass
class _Found:
    source_a: int  # token range of the source words
    source_b: int
    cue: str
    start: int  # char span of the whole phrase
    end: int
    scope: Scope
    via: str | None = None
    relay: bool = False
    title_span: tuple[int, int] | None = None


def _mention(sentence: str, toks: list[_Tok], f: _Found, v: _Vocab) -> SourceMention | None:
    words = toks[f.source_a : f.source_b]
    while words and words[0].low in _DETERMINERS:
        words = words[1:]
    # "the Britain-based Syrian Observatory": where an organisation is based is no part of its name.
    while len(words) > 1 and words[0].low.endswith("-based"):
        words = words[1:]
    if not words:
        return None
    title: str | None = None
    cut = _split_title(words, v)
    if cut:
        title_words = words[:cut]
        title = sentence[title_words[0].start : title_words[-1].end]
        words = words[cut:]
    elif f.title_span is not None:
        title = _strip_det(sentence[f.title_span[0] : f.title_span[1]])
    s0, s1 = words[0].start, words[-1].end
    source = sentence[s0:s1]
    kind, generic = _classify(words, title, v)
    actor = None
    if kind in ("official", "organisation", "media") or title is not None:
        # The whole phrase, determiner and title included: "the coalition", "Russian Defence Ministry spokesman".
        phrase = sentence[toks[f.source_a].start : toks[f.source_b - 1].end]
        named = find_actors(phrase if title is None else f"{title} {phrase}")
        actor = named[0].actor if named and not named[0].metonym else None
        if actor is None and kind == "official" and named:
            actor = named[0].actor
    return SourceMention(
        source=source,
        kind=kind,
        cue=f.cue,
        start=f.start,
        end=f.end,
        source_start=s0,
        source_end=s1,
        title=title,
        via=f.via,
        generic=generic,
        actor=actor,
        scope=f.scope,
    )


# ---------------------------------------------------------------------------------------------
# Sources


def _tok_at(toks: list[_Tok], starts: list[int], pos: int) -> int:
    """Index of the first token starting at or after ``pos``."""
    return bisect_left(starts, pos)


def _after_scope(sentence: str, end: int) -> Scope:
    """Where the words a verb attributes lie, judged from what follows the phrase."""
    rest = sentence[end:].lstrip(" \t\n\"'”’“")
    if not rest or rest[0] in ".!?;)]…":
        return "before"
    if rest[0] == ",":
        after_comma = rest[1:].lstrip()
        return "after" if re.match(r"that\b", after_comma, re.IGNORECASE) else "before"
    return "after"


def _extend_after(low: str, end: int, v: _Vocab) -> int:
    m = v.after.match(low, end)
    return m.end() if m is not None else end


def find_sources(sentence: str) -> list[SourceMention]:
    """Find every source cited in ``sentence`` with the phrase that cites it, in text order."""
    v = _vocab()
    low = fold_case(sentence)
    cues: dict[str, list[re.Match[str]]] = {"acc": [], "rel": [], "pub": [], "sp": []}
    for cue_match in v.cues.finditer(low):
        cues[cue_match.lastgroup or "sp"].append(cue_match)
    if not any(cues.values()):
        return []
    every = [m for ms in cues.values() for m in ms]
    lo = max(0, min(m.start() for m in every) - _WINDOW)
    toks = _tokens(sentence, low, lo, max(m.end() for m in every) + _WINDOW)
    starts = [t.start for t in toks]
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < y and x < b for x, y in taken)

    if cues["acc"]:
        for m in cues["acc"]:
            cue = re.sub(r"\s+", " ", m.group().lower())
            pos = m.end()
            doc = v.document_skip.match(low, pos)
            if doc is not None:
                pos = doc.end()
            j = _tok_at(toks, starts, pos)
            np = _right_np(toks, j, v)
            if np is None:
                continue
            end = toks[np[1] - 1].end
            before = sentence[: m.start()].strip(" \"“”'")
            at_start = not before or before.lower() in ("and", "but", "also") or before.endswith((":", ";"))
            rest = sentence[end:].lstrip()
            if at_start:
                scope: Scope = "after"
            elif not rest or rest[0] in ".!?;)":
                scope = "before"
            else:
                scope = "both"
            found.append(_Found(np[0], np[1], cue, m.start(), end, scope, relay=cue in v.relay))
            taken.append((m.start(), end))

    if cues["rel"] or cues["pub"]:
        for m in cues["rel"]:
            # "a video released by local news outlet Anha showed": the source follows "by".
            j = _tok_at(toks, starts, m.end())
            np = _right_np(toks, j, v)
            if np is None or overlaps(m.start(), toks[np[1] - 1].end):
                continue
            end = toks[np[1] - 1].end
            verb = v.show_verb.match(low, end)
            if verb is not None:
                end = verb.end()
            cue = re.sub(r"\s+", " ", m.group().split(None, 1)[1].lower()) if " " in m.group() else m.group()
            found.append(_Found(np[0], np[1], cue, m.start(), end, _after_scope(sentence, end)))
            taken.append((m.start(), end))
        for m in cues["pub"]:
            i = _tok_at(toks, starts, m.start())
            np = _left_np(toks, i, v)
            if np is None or overlaps(toks[np[0]].start, m.end()):
                continue
            cue = m.group().split()[0].lower()
            found.append(_Found(np[0], np[1], cue, toks[np[0]].start, m.end(), "after"))
            taken.append((toks[np[0]].start, m.end()))

    if cues["sp"]:
        for m in cues["sp"]:
            if overlaps(m.start(), m.end()):
                continue
            f = _speech(sentence, low, toks, starts, m, v)
            if f is not None and not overlaps(f.start, f.end):
                found.append(f)
                taken.append((f.start, f.end))

    found.sort(key=lambda f: f.start)
    out: list[SourceMention] = []
    for f in found:
        mention = _mention(sentence, toks, f, v)
        if mention is not None:
            out.append(mention)
    return _link_relays(sentence, out)


def _speech(sentence: str, low: str, toks: list[_Tok], starts: list[int], m: re.Match[str], v: _Vocab) -> _Found | None:
    """Attribution around one speech verb: "X said", "said X", "X told AFP", "quoted X as saying"."""
    verb = re.sub(r"\s+", " ", m.group().lower())
    i = _tok_at(toks, starts, m.start())
    nxt = sentence[m.end() :].lstrip()
    if re.match(r"to\b", nxt) and verb.split()[-1] in ("said", "reported", "claimed", "alleged", "believed", "thought"):
        return None  # "said to be": hedge, not citation
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and prev.low in v.passive and " as " not in verb:
        return None  # "were reported killed", "it was said"
    if prev is not None and sentence[m.start()].isupper() and _is_cap(prev):
        return None  # part of a name: "United States", "Daily Reports"
    if verb in ("claimed", "claims", "claim") and re.match(r"(?:the\s+)?(?:lives?|victory|control)\b", nxt, re.I):
        return None  # "claimed the lives of six": a count, not speech
    admission = re.match(r"(?:full\s+)?responsibility\b", nxt, re.I)
    if verb in ("reports", "report", "records", "documents", "claims", "claim", "notes", "posts", "estimates") and (
        prev is None or prev.low in _DETERMINERS or prev.low in ("of", "in", "on", "to", "by", "with")
    ):
        return None  # a noun here: "the report", "in its reports"
    if (
        verb in ("posts", "records", "documents", "notes")
        and prev is not None
        and prev.text[:1].islower()
        and re.match(r"(?:in|near|along|of|and|or|were|are|belonging|held|manned|at(?!\s+least))\b", nxt, re.I)
    ):
        return None  # a noun after a noun: "an attack on military posts in Deir Ezzor"
    cue = verb.split()[-1] if verb.endswith("saying") else verb
    if verb == "quoted" or verb == "cited":
        # "state media quoted a military official as saying": source after, relay before.
        j = i + 1
        np = _right_np(toks, j, v)
        if np is not None and np[1] + 2 <= len(toks) and toks[np[1]].low == "as" and toks[np[1] + 1].low == "saying":
            relay = _left_np(toks, i, v)
            via = sentence[toks[relay[0]].start : toks[relay[1] - 1].end] if relay else None
            via = _strip_det(via) if via else None
            end = toks[np[1] + 1].end
            return _Found(
                np[0],
                np[1],
                "quoted as saying",
                toks[relay[0]].start if relay else m.start(),
                end,
                _after_scope(sentence, end),
                via=via,
            )
        if verb == "cited":
            return None
    # Inverted: '"…," said the Observatory.' / 'said X, head of Y'.
    if prev is None or _is_boundary(prev):
        j = i + len(m.group().split())
        np = _right_np(toks, j, v)
        if np is not None:
            b = np[1]
            appended: tuple[int, int] | None = None
            if b + 1 < len(toks) and toks[b].text == ",":
                app = _right_np(toks, b + 1, v)
                if app is not None and any(t.low in v.titles or t.low in v.generic for t in toks[app[0] : app[1]]):
                    # "a doctor in Douma": the title runs to the next punctuation.
                    e = app[1]
                    while e < len(toks) and e - app[0] < 12 and not _is_boundary(toks[e]):
                        e += 1
                    appended = (toks[app[0]].start, toks[e - 1].end)
            end = toks[np[1] - 1].end
            rest = sentence[end:].lstrip(" \"”'")
            if not rest or rest[0] in ",.;!?)":
                phrase_end = appended[1] if appended else end
                return _Found(np[0], np[1], cue, m.start(), phrase_end, "before", title_span=appended)
        if prev is None:
            return None
    title_span: tuple[int, int] | None = None
    left = _left_np(toks, i, v)
    if left is not None:
        a, b = left
    else:
        appositive = _appositive_subject(toks, i, v)
        if appositive is None:
            return None
        a, b, title_span = appositive
    end = _extend_after(low, m.end(), v)
    if admission is not None:
        # "IS claimed responsibility for …": the actor admits the act (what Airwars grades "confirmed").
        cue = "claimed responsibility"
        end = _extend_after(low, sentence.index(admission.group(), m.end()) + len(admission.group()), v)
    via = None
    if verb in ("told", "tells", "tell"):
        aud = v.audiences.match(low, end)
        if aud is not None:
            end = aud.end()
        else:
            j = _tok_at(toks, starts, end)
            target = _right_np(toks, j, v, limit=5)
            if target is not None:
                via = _strip_det(sentence[toks[target[0]].start : toks[target[1] - 1].end])
                for name in v.known_names.finditer(via):
                    via = name.group()
                    break
                end = toks[target[1] - 1].end
        end = _extend_after(low, end, v)
    # Pre-posed titles: "the UN Special Envoy for Syria, Jan Egeland announced".
    if title_span is None and a >= 2 and toks[a - 1].text == ",":
        title_span = _title_before(toks, a - 1, v)
    start = toks[a].start if title_span is None else min(title_span[0], toks[a].start)
    return _Found(a, b, cue, start, end, _after_scope(sentence, end), via=via, title_span=title_span)


def _appositive_subject(toks: list[_Tok], i: int, v: _Vocab) -> tuple[int, int, tuple[int, int]] | None:
    """'Rami Abdel Rahman, head of the Observatory, said': the name before a title set off by commas."""
    if i < 2 or toks[i - 1].text != ",":
        return None
    c = i - 1
    p = c - 1
    while p >= 0 and toks[p].text != "," and c - p <= 10:
        p -= 1
    if p < 1 or toks[p].text != ",":
        return None
    title = toks[p + 1 : c]
    if not any(t.low in v.titles or t.low in v.generic for t in title):
        return None
    name = _left_np(toks, p, v)
    if name is None:
        return None
    return (name[0], name[1], (title[0].start, title[-1].end))


def _title_before(toks: list[_Tok], comma: int, v: _Vocab) -> tuple[int, int] | None:
    p = comma - 1
    while p >= 0 and not _is_boundary(toks[p]) and comma - p <= 9:
        p -= 1
    chunk = toks[p + 1 : comma]
    if chunk and chunk[0].low in _DETERMINERS and any(t.low in v.titles for t in chunk):
        return (chunk[0].start, chunk[-1].end)
    return None


def _link_relays(sentence: str, mentions: list[SourceMention]) -> list[SourceMention]:
    """ "SANA reported, citing a military source": the cited source's ``via`` is the relay."""
    out = list(mentions)
    v = _vocab()
    for idx, mention in enumerate(out):
        if mention.cue not in v.relay or mention.via is not None:
            continue
        others = [o for o in out if o is not mention and o.cue not in v.relay]
        before = [o for o in others if o.end <= mention.start]
        after = [o for o in others if o.start >= mention.end]
        relay = before[-1] if before else (after[0] if after else None)
        if relay is None:
            continue
        scope = relay.scope
        if relay.end <= mention.start and relay.scope == "before" and mention.start - relay.end < 4:
            # "SANA reported, citing a military source, that …": judge the scope after the chain.
            scope = _after_scope(sentence, mention.end)
            out[out.index(relay)] = replace(relay, scope=scope)
        out[idx] = replace(mention, via=relay.source, scope=scope)
    return out


# ---------------------------------------------------------------------------------------------
# Clauses


_CLAUSE_BREAK = re.compile(r";|,?\s+(?:while|whereas|but|although|though)\s+|,\s+and\s+|\.\s", re.IGNORECASE)
_CONTINUES = re.compile(
    r"\s*,?\s*(?:adding|saying|noting|stressing|explaining|warning|claiming|citing)\b", re.IGNORECASE
)


def _has_words(text: str) -> bool:
    return re.search(r"\w{2,}", text) is not None


def attribution_clauses(sentence: str) -> list[tuple[int, int, SourceMention | None]]:
    """Split ``sentence`` into clauses, each governed by one cited source (None: the outlet speaks).

    A relay and the source it cites ("SANA reported, citing a military source") govern one clause,
    given to the cited source.
    """
    mentions = find_sources(sentence)
    if not mentions:
        return [(0, len(sentence), None)] if sentence.strip() else []
    groups = _group_relays(mentions)
    regions: list[tuple[int, int, SourceMention | None]] = []
    prev = 0
    for n, (g_start, g_end, mention) in enumerate(groups):
        scope = mention.scope
        nxt = groups[n + 1] if n + 1 < len(groups) else None
        if scope == "before" or (scope == "both" and nxt is None and not _has_words(sentence[g_end:])):
            regions.append((prev, g_end, mention))
            prev = g_end
            continue
        # The clause before an "after"-scoped phrase is the outlet's only if a clause break separates them.
        lead = sentence[prev:g_start]
        start = prev
        if scope == "after" and _has_words(lead):
            breaks = list(_CLAUSE_BREAK.finditer(lead))
            if breaks:
                cut = prev + breaks[-1].end()
                regions.append((prev, prev + breaks[-1].start(), None))
                start = cut
        if nxt is None:
            end = len(sentence)
        elif nxt[2].scope == "before":
            between = sentence[g_end : nxt[0]]
            breaks = list(_CLAUSE_BREAK.finditer(between))
            end = g_end + breaks[-1].start() if breaks else nxt[0]
        else:
            end = nxt[0]
        regions.append((start, end, mention))
        prev = end
    if prev < len(sentence) and _has_words(sentence[prev:]):
        last = regions[-1][2] if regions else None
        if last is not None and _CONTINUES.match(sentence, prev):
            s, _, m = regions.pop()
            regions.append((s, len(sentence), m))
        else:
            regions.append((prev, len(sentence), None))
    return [_trim(sentence, s, e, m) for s, e, m in regions if _has_words(sentence[s:e])]


_TRAILING_CONJUNCTION = re.compile(r"[\s,;]+(?:and|but|while|whereas|although|though)$", re.IGNORECASE)


def _trim(sentence: str, s: int, e: int, m: SourceMention | None) -> tuple[int, int, SourceMention | None]:
    while s < e and sentence[s] in " ,;\t\n":
        s += 1
    while e > s and sentence[e - 1] in " ,;\t\n":
        e -= 1
    conj = _TRAILING_CONJUNCTION.search(sentence, s, e)
    if conj is not None and conj.start() > s:
        e = conj.start()
    return (s, e, m)


def _group_relays(mentions: list[SourceMention]) -> list[tuple[int, int, SourceMention]]:
    v = _vocab()
    groups: list[tuple[int, int, SourceMention]] = []
    for mention in mentions:
        if (
            groups
            and mention.cue in v.relay
            and mention.via == groups[-1][2].source
            and mention.start - groups[-1][1] < 4
        ):
            # "SANA reported, citing a military source, that …": scope is judged after the whole chain.
            start, _, _relay = groups.pop()
            groups.append((start, mention.end, mention))
        else:
            groups.append((mention.start, mention.end, mention))
    return groups


# ---------------------------------------------------------------------------------------------
# Hedges


def find_hedges(sentence: str) -> list[tuple[str, int, int]]:
    """Find words that hedge a statement ("reportedly", "is believed to", "unconfirmed reports")."""
    return [(sentence[m.start() : m.end()], m.start(), m.end()) for m in _vocab().hedges.finditer(fold_case(sentence))]


# ---------------------------------------------------------------------------------------------
# Denials


# Where a content clause ends: a sentence stop, a contrast, or a participle that starts a new
# clause ("denied it, calling the reports fake"; wire copy often drops the comma).
_CLAUSE_END = re.compile(
    r"[;.!?](?:\s|$)|,\s+(?:but|although)\s"
    r"|,?\s+(?:while|whereas|calling|saying|adding|describing|insisting|stressing|dismissing|blaming)\s"
)


_QUOTES = frozenset("\"“”'")


def _content(sentence: str, start: int) -> tuple[int, int] | None:
    """Span from ``start`` to the end of its clause, trimmed."""
    m = _CLAUSE_END.search(sentence, start)
    end = m.start() if m is not None else len(sentence)
    while start < end and sentence[start] in " ,":
        start += 1
    while end > start and sentence[end - 1] in " ,.":
        end -= 1
    # Drop a quote mark only where it closes or opens nothing inside the span.
    if start < end and sentence[start] in _QUOTES and not any(c in _QUOTES for c in sentence[start + 1 : end]):
        start += 1
    if end > start and sentence[end - 1] in _QUOTES and not any(c in _QUOTES for c in sentence[start : end - 1]):
        end -= 1
    return (start, end) if end - start > 2 else None


_VERDICT = re.compile(
    r"\s+as\s+(?:a\s+|an\s+)?(?:[\w\-]+\s+){0,2}?"
    r"(?:fabricat|fake|false|baseless|groundless|unfounded|lie|propaganda|provocation|absurd|nonsense|staged|disinformation)"
)
_PRONOUN_OBJECTS = frozenset(
    ["it", "them", "this", "that", "the claims", "the reports", "the accusations", "the allegations", "the report"]
)


def find_denials(sentence: str) -> list[DenialMention]:
    """Find denials: who denies (if named) and what is denied (if determinable)."""
    v = _vocab()
    low = fold_case(sentence)
    out: list[DenialMention] = []
    toks: list[_Tok] = []
    for m in v.denial.finditer(low):
        verb = re.sub(r"\s+", " ", m.group())
        if v.denial_not_before.match(low, m.end()):
            continue  # "denied access"
        if not toks:
            toks = _tokens(sentence, low)
        i = bisect_left([t.start for t in toks], m.start())
        obj = v.denial_object.match(low, m.end())
        if verb in v.weak_denials and obj is None:
            continue
        sm: SourceMention | None = None
        span: tuple[int, int] | None = None
        if _passive(low, m.start(), verb) is not None:
            # "the claim was swiftly denied by Brussels": the denier follows "by"; else nobody is named.
            by = re.match(r"\s+by\s+", low[m.end() :])
            if by is None:
                continue
            np = _right_np(toks, bisect_left([t.start for t in toks], m.end() + by.end()), v)
            if np is not None:
                sm = _mention(sentence, toks, _Found(np[0], np[1], verb, m.start(), toks[np[1] - 1].end, "before"), v)
        else:
            span = _denied_content(sentence, low, m.end())
            np = _left_np(toks, _relative_subject(toks, _before_progressive(toks, i, verb)), v)
            if np is not None:
                sm = _mention(sentence, toks, _Found(np[0], np[1], verb, toks[np[0]].start, m.end(), "after"), v)
        actor = sm.actor if sm is not None else None
        if sm is not None and actor is None:
            named = find_actors(sm.source)
            actor = named[0].actor if named else None
        out.append(
            DenialMention(
                source=sm.source if sm else None,
                kind=sm.kind if sm else None,
                cue=verb,
                start=min(m.start(), sm.start) if sm else m.start(),
                end=max(m.end() if obj is None else obj.end(), sm.end if sm else 0),
                source_start=sm.source_start if sm else None,
                source_end=sm.source_end if sm else None,
                content=sentence[span[0] : span[1]] if span else None,
                content_start=span[0] if span else None,
                content_end=span[1] if span else None,
                actor=actor,
            )
        )
    out.extend(_denial_predicates(sentence, low, out, v))
    out.sort(key=lambda d: d.start)
    # "X denied that …, dismissing the accounts as propaganda": one denial, not two.
    kept: list[DenialMention] = []
    for d in out:
        if d.source is None and any(k.start < d.start < max(k.end, k.content_end or 0) + 3 for k in kept):
            continue
        kept.append(d)
    return kept


# "denied that …", "denied reports that …", "rejected the accusations that …": where the denied clause starts.
_DENIED_THAT = re.compile(
    r"\s+(?:(?:the\s+|any\s+|these\s+|those\s+|such\s+)?(?:[\w\-'’]+\s+){0,3}?"
    r"(?:reports?|accusations?|allegations?|claims?|suggestions?|charges?|assertions?|statements?)\s+)?that\s"
)


def _denied_content(sentence: str, low: str, end: int) -> tuple[int, int] | None:
    """What a denial verb ending at ``end`` denies: the "that" clause, else its object clause."""
    that = _DENIED_THAT.match(low, end)
    if that is not None:
        return _content(sentence, that.end())
    span = _content(sentence, end)
    if span is not None:
        # "dismissed the claims as baseless": the verdict is no part of what is denied.
        verdict = _VERDICT.search(low, span[0], span[1])
        if verdict is not None:
            span = (span[0], verdict.start())
    if span is not None and low[span[0] : span[1]] in _PRONOUN_OBJECTS:
        return None  # "denied it", "rejected the claims": what is denied is named elsewhere
    return span


def _denial_predicates(sentence: str, low: str, found: list[DenialMention], v: _Vocab) -> list[DenialMention]:
    """A source says the report is false ("the ministry said its jets did not carry out any strikes")."""
    if v.denial_predicates.search(low) is None:
        return []
    out: list[DenialMention] = []
    for c_start, c_end, mention in attribution_clauses(sentence):
        if mention is None:
            continue
        for m in v.denial_predicates.finditer(low, c_start, c_end):
            if mention.start <= m.start() < mention.end:
                continue
            if any(d.start <= m.start() < (d.content_end or d.end) for d in found):
                continue
            content = (c_start, mention.start) if mention.scope == "before" else (mention.end, c_end)
            content = _trim(sentence, content[0], content[1], None)[:2]
            that = re.match(r"(?:[\w\s]{0,25}?\s)?that\s+", low[content[0] : content[1]])
            if that is not None:
                content = (content[0] + that.end(), content[1])  # "said on Tuesday that …"
            out.append(
                DenialMention(
                    source=mention.source,
                    kind=mention.kind,
                    cue=m.group(),
                    start=m.start(),
                    end=m.end(),
                    source_start=mention.source_start,
                    source_end=mention.source_end,
                    content=sentence[content[0] : content[1]] or None,
                    content_start=content[0],
                    content_end=content[1],
                    actor=mention.actor,
                )
            )
            break
    return out


# ---------------------------------------------------------------------------------------------
# Allegations


def _actors_in(text: str) -> tuple[str, ...]:
    seen: list[str] = []
    for mention in find_actors(text):
        if mention.actor not in seen and mention.kind != "civilians":
            seen.append(mention.actor)
    return tuple(seen)


_STRONG_EVIDENCE = (
    "evidence",
    "proof",
    "prove",
    "reveal",
    "confirm",
    "document",
    "demonstrat",
    "investigation",
    "findings",
)
_BLAME_AGENT = re.compile(r"\b(?:caused|carried\s+out|committed|perpetrated|conducted|launched|dropped|fired)\s+by\b")
_FIRST_VERB = re.compile(
    r"\b(?:\w+ed|hit|struck|used|fired|dropped|shot|led|carried|made|committed|killed|has|have|had|is|are|was|were)\b"
)
_AGENT = re.compile(r"\b(?:by|of)\s+")


def _accused_in(text: str, *, strict: bool = False) -> tuple[str, ...]:
    """Actors a content clause makes the doers: the subject before its verb, else the agent after "by".

    Not ``strict``: failing both, every actor the clause names.
    """
    verb = _FIRST_VERB.search(text)
    if verb is not None:
        subject = _actors_in(text[: verb.start()])
        if subject:
            return subject
        agent = _AGENT.search(text, verb.end())
        if agent is not None:
            by = _actors_in(text[agent.end() :])
            if by:
                return by[:1]
    return () if strict else _actors_in(text)


_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_NOUN_MARKERS = _words("the a an any no his her its their our on of to")
# "Russia was accused", "was repeatedly accused", "was on Monday accused", "were also accused" (see ``_passive``).
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|is|are|been|being|be)\s+(?:(?:\w+ly|also|again|on\s+\w+day|today|yesterday)\s+)?$"
)


def _passive(low: str, start: int, verb: str) -> re.Match[str] | None:
    """The auxiliary before a cue verb that makes it passive: "was on Monday accused", not "is also denying"."""
    if not (verb.endswith("ed") or verb == "held"):
        return None
    return _PASSIVE_BEFORE.search(low, max(0, start - 30), start)


# "neither al-Sham nor the Islamic Front blamed any group", "has not blamed anyone": the verb itself is
# denied (not "did not use chemical weapons and blamed rebels", nor "officials who did not want to be named blamed").
_NEGATED_BEFORE = re.compile(
    r"(?:\b(?:not|never)|n't)\s+(?!only\b)(?:(?:yet|so\s+far|\w+ly|been)\s+){0,2}$"
    r"|\b(?:nobody|no\s+one|no\s+group|neither|nor|none\s+of)\s+"
    r"(?:(?!(?:but|and|while|as|when|who|which|that|was|were|is|are|has|have|had|said|claimed)\b)[\w-]+\s+){0,5}$",
    re.IGNORECASE,
)
# These verbs accuse only when what follows them names an actor ("condemned the attack" does not).
_NOT_ACCUSED_WITHOUT_ACTOR = _words(
    "condemned condemns criticised criticized criticises criticizes held holds hold holding charged "
    "slammed slams denounced denounces pinned faulted attributed attributes"
)
_PREPOSITIONS = _words("into in on at to from with by over under through across")


def find_allegations(sentence: str) -> list[AllegationMention]:
    """Find allegations: "accused X of", "blamed X for", "held X responsible", "there is new evidence that"."""
    v = _vocab()
    low = fold_case(sentence)
    out: list[AllegationMention] = []
    toks: list[_Tok] = []

    def source_of(cue_start: int, verb: str) -> SourceMention | None:
        if not toks:
            toks.extend(_tokens(sentence, low))
        i = bisect_left([t.start for t in toks], cue_start)
        if _passive(low, cue_start, verb):
            return None  # "X was accused of", "X was on Monday accused of": the accuser is not before the verb
        i = _before_progressive(toks, i, verb)
        if i > 1 and toks[i - 2].low == "on" and toks[i - 1].low in _TEMPORAL:
            i -= 2  # "Aljaafari who on Monday blamed France"
        i = _relative_subject(toks, i)
        if i > 2 and toks[i - 1].text == ")" and toks[i - 3].text == "(":
            i -= 3  # "The Syrian National Coalition (SNC) accused …"
        np = _left_np(toks, i, v)
        if np is None:
            if verb.endswith("ing"):
                # "the Observatory said, blaming the attack on …": the participle's subject is the speaker.
                cited = [s for s in find_sources(sentence) if s.end <= cue_start]
                return cited[-1] if cited else None
            return None
        return _mention(sentence, toks, _Found(np[0], np[1], "", toks[np[0]].start, cue_start, "after"), v)

    for m in v.accuse.finditer(low):
        before = _WORD_BEFORE.search(low, max(0, m.start() - 20), m.start())
        if before is not None and before.group(1) in _NOUN_MARKERS:
            continue  # "split the blame", "the charges": a noun, not an accusation
        spans = _accusation_spans(sentence, low, m, v)
        if spans is None:
            continue
        target, content = spans
        passive = _passive(low, m.start(), m.group())
        reversed_by = v.accuse_reversed.get(m.group())
        if passive is not None and reversed_by and low.startswith(f" {reversed_by} ", m.end()):
            passive = None  # "The bombing was on Sunday blamed on IS": the accused follows "on"
        if passive is not None:
            # "Russia was accused of bombing hospitals": the accused is the subject, the accuser unnamed.
            subject = [a for a in find_actors(sentence[: passive.start()]) if a.kind != "civilians"]
            if not subject:
                continue
            target = (subject[-1].start, subject[-1].end)
        if target is None:
            continue
        t0, t1 = target
        against = _actors_in(sentence[t0:t1])
        if not against and m.group() in _NOT_ACCUSED_WITHOUT_ACTOR:
            continue  # "condemned the attack for …" accuses no one
        sm = source_of(m.start(), m.group())
        found = _allegation(sentence, sm, m.group(), m.start(), m.end(), against, (t0, t1), content)
        negated = _NEGATED_BEFORE.search(low, max(0, m.start() - 60), m.start()) is not None
        out.append(replace(found, negated=True) if negated else found)

    for m in v.evidence_there.finditer(low):
        cue = re.sub(r"\s+", " ", m.group())
        if " no " in f" {cue} ":
            continue  # "there is no evidence that" claims nothing
        span = _content(sentence, m.end())
        against = _accused_in(sentence[span[0] : span[1]]) if span else ()
        out.append(_allegation(sentence, None, cue, m.start(), m.end(), against, None, span))

    for m in v.evidence_shows.finditer(low):
        if any(a.start <= m.start() < a.end for a in out):
            continue
        span = _content(sentence, m.end())
        shown = sentence[span[0] : span[1]] if span else ""
        # "Videos show residents throwing stones" describes; "photos that prove …", "evidence shows …"
        # or "… caused by the coalition" blames.
        strong = any(w in m.group() for w in _STRONG_EVIDENCE) or _BLAME_AGENT.search(shown) is not None
        against = _accused_in(shown, strict=True) if strong else ()
        if not against:
            continue
        # "X published photos that prove …": X, the source of the publication, alleges.
        sources = [s for s in find_sources(sentence) if s.end <= m.end() + 1]
        cue = re.sub(r"\s+", " ", m.group())
        out.append(
            _allegation(sentence, sources[-1] if sources else None, cue, m.start(), m.end(), against, None, span)
        )

    for m in v.nouns_that.finditer(low):
        span = _content(sentence, m.end())
        against = _accused_in(sentence[span[0] : span[1]]) if span else ()
        if against:
            cue = re.sub(r"\s+", " ", m.group())
            out.append(_allegation(sentence, None, cue, m.start(), m.end(), against, None, span))
    out.sort(key=lambda a: a.start)
    return out


def _accusation_spans(
    sentence: str, low: str, m: re.Match[str], v: _Vocab
) -> tuple[tuple[int, int] | None, tuple[int, int] | None] | None:
    """The accused and the accusation after an accusing verb: "accused X of Y", "blamed Y on X"."""
    verb = m.group()
    link = v.accuse_link.get(verb, "of")
    links = "of|for" if link in ("of", "for") else link  # "blamed X of …" is common enough
    window = low[m.end() : m.end() + 120]
    forward = re.search(rf"\s({links})\b", window)
    reverse = v.accuse_reversed.get(verb)
    backs = (
        [b for b in re.finditer(rf"\s{reverse}\s", window) if not re.search(r"[,;]", window[: b.start()])]
        if reverse
        else []
    )

    def names_actor(b: re.Match[str]) -> bool:
        """An actor (not civilians) right after the "on"."""
        start = m.end() + b.end()
        named = [a for a in find_actors(sentence[start : start + 60]) if a.kind != "civilians"]
        return bool(named) and named[0].start <= 4

    # "blamed the shelling on civilians in Aleppo on Sunday on the army", "blamed the attack on Kurdish fighters
    # in Afrin on Turkey": the last "on" an actor follows is the one before whom it is blamed on.
    backward = next((b for b in reversed(backs) if names_actor(b)), backs[0] if backs else None)
    if forward is not None and not re.search(r"[,;.]", window[: forward.start()]):
        target = (m.end(), m.end() + forward.start())
        rest = m.end() + forward.end()
        if link == "responsible":
            fr = re.match(r"\s+for\s", low[rest:])
            content = _content(low, rest + fr.end()) if fr else None
        else:
            content = _content(low, rest)
    elif backward is not None:
        content = (m.end(), m.end() + backward.start())
        tail = _content(low, m.end() + backward.end())
        if tail is None:
            return None
        target = tail
    else:
        return None
    t0, t1 = _trim(low, target[0], target[1], None)[:2]
    words = low[t0:t1].split()
    if words and words[0] in _PREPOSITIONS:
        return None  # "a rocket slammed into a hospital": no one accused
    while len(words) > 1 and words[-1].endswith("ly") and len(words[-1]) > 4 and words[-1] not in _LY_NOUNS:
        t1 = low.rindex(words.pop(), t0, t1)  # "hold Moscow fully responsible"
        t1 = _trim(low, t0, t1, None)[1]
    if t1 - t0 > 90:
        return None
    return ((t0, t1) if t1 > t0 else None), content


def _allegation(
    sentence: str,
    sm: SourceMention | None,
    cue: str,
    cue_start: int,
    cue_end: int,
    against: tuple[str, ...],
    target: tuple[int, int] | None,
    content: tuple[int, int] | None,
) -> AllegationMention:
    if content is not None:
        content = _trim(sentence, content[0], content[1], None)[:2]
        if content[1] <= content[0]:
            content = None
    start = min(cue_start, sm.source_start if sm is not None else cue_start, target[0] if target else cue_start)
    end = max(cue_end, target[1] if target else cue_end)
    actor = None
    if sm is not None:
        actor = sm.actor
        if actor is None:
            named = find_actors(sm.source)
            actor = named[0].actor if named else None
    return AllegationMention(
        source=sm.source if sm else None,
        kind=sm.kind if sm else None,
        cue=cue,
        start=start,
        end=end,
        source_start=sm.source_start if sm else None,
        source_end=sm.source_end if sm else None,
        against=against,
        target=sentence[target[0] : target[1]] if target else None,
        target_start=target[0] if target else None,
        target_end=target[1] if target else None,
        content=sentence[content[0] : content[1]] if content else None,
        content_start=content[0] if content else None,
        content_end=content[1] if content else None,
        actor=actor,
    )


# ---------------------------------------------------------------------------------------------
# Generic descriptions


_ORG_NAME = re.compile(
    r"(?<![\w\-])(?:[A-Z][\w'’\-]*|of|for|the|and|on|in)(?:\s+(?:[A-Z][\w'’\-]*|of|for|the|and|on|in))*"
)


def resolve_generic(source: SourceMention | str, previous_text: str) -> str:
    """Return the named source a generic description refers back to, else the source as given.

    "the human rights group" → the last organisation named in ``previous_text`` whose name fits
    the description ("Syrian Network for Human Rights"); "he"/"she" → the last person or official
    cited; "it"/"they" → the last organisation, outlet or official body cited.
    """
    v = _vocab()
    name = source.source if isinstance(source, SourceMention) else _strip_det(source)
    low = name.lower()
    if isinstance(source, SourceMention) and not source.generic:
        return name
    if low in v.pronouns:
        people = low in ("he", "she", "i")
        for _, cited, is_person in reversed(_named_sources(previous_text)):
            if is_person == people:
                return cited
        return name
    words = next((v.coreference[d] for d in v.coreference_order if re.search(rf"\b{re.escape(d)}\b", low)), None)
    if words is None:
        return name
    candidates: list[tuple[int, str]] = [
        (m.start(), _strip_det(m.group())) for m in v.known_names.finditer(previous_text)
    ]
    for m in _ORG_NAME.finditer(previous_text):
        # A run of capitalised words with an organisation's head word: "Syrian Network for Human Rights".
        tail = m.group().split()
        while tail and tail[-1].lower() in _NAME_GLUE:
            tail.pop()
        while tail and tail[0].lower() in _NAME_GLUE:
            tail.pop(0)
        if len(tail) >= 2 and any(t.lower() in v.organisation_heads or t.lower() in v.official_heads for t in tail):
            candidates.append((m.start(), " ".join(tail)))
    candidates.sort()
    for _, candidate in reversed(candidates):
        if phrase_key(candidate) != phrase_key(name) and any(w.lower() in candidate.lower() for w in words):
            return candidate
    return name


_NAME_GLUE = frozenset(("of", "for", "the", "and", "on", "in"))


def _named_sources(text: str) -> list[tuple[int, str, bool]]:
    """Every named (non-generic) source cited in ``text``, in order, and whether it is a person."""
    out: list[tuple[int, str, bool]] = []
    offset = 0
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        start = text.find(sentence, offset)
        for s in find_sources(sentence):
            if not s.generic:
                out.append((start + s.source_start, s.source, s.kind == "person" or s.title is not None))
        offset = start + len(sentence)
    return out
