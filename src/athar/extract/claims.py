"""Assemble claims from a document: who says what happened, where, when, to whom, with its span.

The body is split into sentences, each sentence into clauses governed by one
source ("… killed three, rescuers said, while the Observatory said eight …"
gives two clauses). A clause becomes:

- a **denial** when a source denies something in it;
- an **allegation** when it accuses ("accused X of", "new evidence that");
- an **incident** claim when it names an event (an ACLED trigger) or a toll
  that belongs to the incident the text is telling; one claim per event and per
  place when a clause lists several ("clashes in Homs and Damascus"); and, with
  its event type left unknown, when people are killed or hurt at a named place
  by means the words do not name ("a man was killed in Daraa");
- a **figure** when it states an aggregate: a count with a period ("since
  2015"), a perfect tense ("have been displaced"), a share ("70 % of buildings").

What a clause leaves unsaid (place, date, event type) is carried from the
incident the text was last telling, never across to a different event type.
Only the body is read: reader comments are never claims.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from athar.extract.actors import ActorMention, VictimMention, find_actors, find_victims
from athar.extract.attribution import (
    AllegationMention,
    attribution_clauses,
    find_allegations,
    find_denials,
    find_hedges,
    resolve_generic,
)
from athar.extract.dates import DateMention, PeriodMention, find_dateline, find_dates, find_periods
from athar.extract.event_types import EventTrigger, find_event_triggers
from athar.extract.lexicon import find_targets
from athar.extract.numbers import PercentMention, SubCount, find_counts, find_percentages, find_subcounts
from athar.extract.sentences import split_sentences
from athar.extract.tolls import killed_injured, toll_asides, tolls_of
from athar.geo import ResolveContext, find_places
from athar.geo.gazetteer import Gazetteer
from athar.geo.normalize import tokenize
from athar.geo.world import default_world
from athar.reconcile.sources import SourceEntry, load_registry, normalise
from athar.records import Claim, Count, DateValue, Document, PlaceMention, sha256_hex

# v15: "Douma, where five people were killed, and Harasta" lists both places, the five Douma's, and no attack apart;
# "killed nine in Douma and wounded two in Harasta" is the event's at Harasta too, the two only Harasta's; the
# children and women a running total of the dead includes are figures of their own; a bare "the coalition" is the
# one coalition the report names before it (the Saudi-led one in Yemen); "Activists in Deir Ezzor said" is said by
# the activists, "SANA's correspondent" by SANA, "Deir Ezzor 24 said" by Deir Ezzor 24 (extract.attribution); a
# denied event is the one later sentences refer to ("the bombing" after "rejected accusations that it was behind
# Saturday's car bomb in Azaz"), the day after the denying word the event's; "the death toll from <up to 24 words>
# rose to 43" (lexicon) unless a war's or a week's (a figure); "35 civilians, most of them children, were killed"
# (tolls), and who the dead were, or what a place is ("Douma, which is held by rebels"), names no perpetrator;
# v14: an event of another kind told before the one blamed is told as fact ("fired cruise missiles at the base in
# response to the gas attack that Washington blamed on Assad's forces"), "since Sunday morning" told on Sunday is
# that day's toll, "destroyed 3 vehicles" destroys no buildings (measures.toml not_after), people who speak for a
# source are that source and an unnamed one the outlet's, "its jets" is a belligerent source's own, "Mansoura,
# Raqqa province," is one place, a toll told for several places is divided among them (qualifier "shared");
# v13: "the attack comes a day after an airstrike on Monday killed 12" dates the airstrike (the one event told),
# "a village near Syria's second city Aleppo" is near Aleppo (geo.resolver), a relative clause on a place tells its
# history, not the event's day ("Salaheddin, which was on the front line before the army retook the city in
# December"), a phrase opened by "after" reaches its date across twenty words, "Russia was on Monday accused
# of" accuses Russia (extract.attribution); v12: a sentence that turns to an
# event elsewhere ("In another incident, …") takes no place from the one before,
# a city's quarter named after it is the event's place ("raids on Aleppo's Marjeh district");
# v11: the day of a warning or an insistence ("warned on Tuesday that") is not the event's;
# v10: an allegation is said by its accuser and typed by the event it blames, "last week" is a week (not a
# month or a year); v9: a day before a saying is the saying's, an event talked about takes no clause's day, an
# event that kills and destroys is an incident and a figure, "killed and 25 others" (lexicon.measure_of); v8: "last
# Monday" is never yesterday, people killed "in the attack", a toll "from the strikes rose to"; v7: glued stamps
# ("Apr 052017"), follow-up leads, "said in a statement on"; v6: a dateline the text opens with, the day of a
# saying, tolls listed group by group; v5: sub-counts read through, deaths beside allegations, nouns that refer
# back; v4: perfect-tense ledes; v3: events per conjunct, earlier events' dates; v2: issue 4
NAME = "extract.claims.v16"

# A figure, not one event: running totals, "since" (but "since dawn" is one day's toll, and "the biggest
# massacre since the agreement" or "the first blast to hit the town since 2011" one event measured against
# others).
_AGGREGATE = re.compile(
    r"\bso far\b|\bin total\b"
    r"|(?<!\bmassacre )(?<!\battack )(?<!\bstrike )"
    r"\bsince\b(?!\s+(dawn|daybreak|midnight|noon|early|this\s+morning|the\s+morning|morning"
    r"|last\s+night|the\s+early))|\bcumulative\b|\bto date\b|\bare now\b|\bin the period\b"
    r"|\bper (week|day|month)\b",
    re.IGNORECASE,
)
# A death toll of a war, a campaign or a week, whatever day it is told on: "The death toll from the eight-year conflict
# … has reached 370,000", "the death toll from air strikes on Idlib province this week rose to 103".
_TOLL_TALLY = re.compile(
    r"\btoll\s+(?:from|of|in)\s+(?:[\w’'-]+\s+){0,24}?(?:war|conflict|offensive|campaign|fighting|violence|uprising"
    r"|crisis|siege|this\s+(?:week|month|year))\b",
    re.IGNORECASE,
)
# Words between the superlative and "since" hold no number and no toll's verb: "the deadliest strikes in
# Idlib killed 200 civilians since the truce collapsed" is a running total.
_MEASURED_AGAINST = re.compile(
    r"\b(biggest|largest|deadliest|worst|heaviest|bloodiest|first)\s+"
    r"((?!(?:killed|killing|kills|died|wounded|injured)\b)[^\W\d][\w’'-]*\s+){0,6}$",
    re.IGNORECASE,
)


def _aggregate(clause: str, one_day: Sequence[PeriodMention] = ()) -> bool:
    return any(
        not (
            m.group(0).lower() == "since"
            and (_MEASURED_AGAINST.search(clause, 0, m.start()) or any(p.start == m.start() for p in one_day))
        )
        for m in _AGGREGATE.finditer(clause)
    )


# A perfect tense is a figure too ("Russian strikes have killed thousands"), unless a news lede tells one
# event with it: an event word and a toll short of a running total ("airstrikes on Idlib have killed at
# least 24 people"). Not an infinitive's perfect: "believed to have been carried out by Russian aircraft".
_PERFECT = re.compile(
    r"(?<!\bto )\b(have|has) (been|resulted|displaced|returned|killed|left|caused|documented|recorded)\b",
    re.IGNORECASE,
)
# One event named in the singular ("the chemical attack on Ghouta", "a suicide bombing", "Saturday's convoy
# attack") may kill hundreds and is still one event: its toll is an incident's at any size.
_ONE_EVENT = re.compile(
    r"\b(?:the|a|an|this|that|[a-z]+day['’]s)\s+(?:[\w-]+\s+){0,3}"
    r"(?:attack|bombing|blast|explosion|massacre|strike|airstrike|air\s+strike|car\s+bomb|bomb)\b"
    r"(?!\s+(?:campaigns?|offensives?|operations?|war|siege)\b)",  # "the air strike campaign" is many events
    re.IGNORECASE,
)


def _one_event(sentence: str, trigger: EventTrigger, start: int, end: int) -> bool:
    """Whether the trigger's words are in a singular noun phrase that names one event."""
    return any(
        m.start() <= trigger.start < m.end() or _WEAPON_OF.fullmatch(sentence, m.end(), trigger.start)
        for m in _ONE_EVENT.finditer(sentence, max(start, trigger.start - 40), min(end, trigger.end + 30))
    )


# "an attack by toxic sarin gas", "a strike with chlorine": the event's noun, then its weapon (the trigger).
_WEAPON_OF = re.compile(r"\s+(?:by|with|of|using)\s+(?:[\w-]+\s+){0,2}", re.IGNORECASE)


# The least vague count ("hundreds") that, with no day named, is a running total rather than one event's toll.
_RUNNING_TOTAL = 100
# Measures that only figures have (an incident does not "return" people).
_FIGURE_MEASURES = {"displaced", "returned", "deployed_personnel", "destroyed_buildings"}
_BY_AGENT = re.compile(r"\bby\s+(the\s+|an?\s+)?$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(be|being|been|was|were|is|are)\s+$", re.IGNORECASE)
_OF_AGENT = re.compile(r"\b(of|from)\s+(the\s+|an?\s+)?$", re.IGNORECASE)
_SHARE_WORDS = re.compile(r"\b(destroyed|destructed|damaged|demolished)\b", re.IGNORECASE)
# Words that say people died or were hurt without a count ("human losses in Duma", "more martyrs").
_LOSS_WORDS = re.compile(
    r"\b(human losses|casualties|casualty|martyrs|martyred|killed|dead|died|wounded|injured|injuries|bodies)\b",
    re.IGNORECASE,
)
# A victim word used as an adjective of an attack or a place names no victim ("terrorist attacks in Aleppo").
_VICTIM_AS_ADJECTIVE = re.compile(
    r"[\s-]+(attacks?|bombings?|operations?|groups?|organi[sz]ations?|positions?|posts?|cells?|strongholds?|"
    r"headquarters|targets?|hideouts?|factions?|forces|militias?|commanders?|leaders?)\b",
    re.IGNORECASE,
)
# Words that open a phrase about another event than the clause's, up to four words before its date.
# "Since" reaches further: "the first explosion to hit the town since the outbreak of the war in 2011".
_OTHER_EVENTS_DATE = re.compile(
    r"\b((after|following|except(\s+for)?|apart\s+from)\s+([\w’'-]+\s+){0,4}"
    r"|since\s+((?!(?:and|but|while|then|killed|killing)\b)[\w’'-]+\s+){0,8})$",
    re.IGNORECASE,
)
# An "after" phrase reaches up to twenty words (no comma, no "and") where it tells what someone said ("began
# after the army said rebels killed a pilot when he ejected on Friday"), or where its date is plainly earlier
# ("after Kurdish militia expelled jihadists from Ras al-Ain last month"); not "shortly after noon prayers at the
# mosque on Friday", "after sirens sounded across the capital early on Monday", nor "killed after a shell hit
# their house while they were sleeping on Monday" (a "when" or "while" tells the event's own moment).
_AFTER_STORY = re.compile(r"\b(?:after|following)\s+((?:(?!(?:and|but)\b)[\w’'-]+\s+){5,20})$", re.IGNORECASE)
# Not a passive "reported", nor "claimed control", "a car bomb claimed by IS": a saying with its clause.
_STORY_MARKERS = re.compile(
    r"\b(?:said|says|told|announced|(?<!\bwas\s)(?<!\bwere\s)(?:claimed|reported)\s+(?:that|it|they|he|she)\b)",
    re.IGNORECASE,
)
_EARLIER_DATE = re.compile(r"(?:last|earlier)\b", re.IGNORECASE)


def _other_events_date(sentence: str, date: DateMention, triggers: list[EventTrigger]) -> bool:
    """Does the date date another event than the clause's? Not where that other event is the only one told: "the
    attack comes a day after a deadly airstrike on Monday killed 12 aid workers" dates the airstrike."""
    start = date.start
    phrase = _OTHER_EVENTS_DATE.search(sentence, 0, start)
    if phrase is None:
        story = _AFTER_STORY.search(sentence, 0, start)
        if story is None or not (_STORY_MARKERS.search(story.group(1)) or _EARLIER_DATE.match(date.text)):
            return False
        phrase = story
    told_alone = phrase.group(0).lower().startswith(("after", "following")) and triggers
    return not (told_alone and all(phrase.start() <= t.start < start for t in triggers))


# A relative clause on a place, after the event's words: "the neighbourhood of Salaheddin, which was on the front
# line before the army retook the city in December", "Ras al-Ain, from which the jihadists were expelled last month".
_PLACE_RELATIVE = re.compile(r"[\s,]*(?:(?:from|in)\s+)?(?:which|where|whose)\b", re.IGNORECASE)


def _place_history_date(sentence: str, start: int, places: list[PlaceMention], triggers: list[EventTrigger]) -> bool:
    """Does the date at ``start``, inside a relative clause on a place the event happened at, tell the place's
    history, not the event's day? Not after the clause's closing comma ("hit Douma, which is held by rebels, on
    Tuesday"), nor where the clause tells an event of the kind told before it ("hit Jayrud, where an air strike on
    Saturday killed 31"; "bombed Idlib, where a suicide bomber killed 15 on Wednesday")."""
    for place in places:
        relative = _PLACE_RELATIVE.match(sentence, place.end)
        if relative is None or relative.end() > start or "," in sentence[relative.end() : start]:
            continue
        told = {t.event_type for t in triggers if t.start < place.start}
        if told and not told & {t.event_type for t in _event_triggers(sentence[relative.end() : start])}:
            return True
    return False


# "…, the ambassador said on Wednesday": the day something was said, not the day it happened.
# Not a passive ("airstrikes were reported on Tuesday" dates the strikes), and "told" takes one name ("told AFP
# on Tuesday", not "told reporters the strike on Tuesday").
# The verbs of a saying, but "told", which each pattern below reads with what follows it.
_SAYING_VERBS = r"said|says|announced|reported|stated|added|confirmed|claimed|insisted|warned"
_SAID_ON = re.compile(
    r"\b(?:(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bis\s)(?<!\bare\s)|(?<=\bit\swas\s)|(?<=\bit\sis\s))"
    r"(told\s+(?:(?:the|a|an)\s+)?(?:(?!(?:that|the|a|an|this|his|her|their)\b)[\w’'-]+\s+){0,2}?"
    rf"(?!(?:that|the|a|an)\b)[\w’'-]+|{_SAYING_VERBS})\s+"
    # "said in a statement on Thursday", "told AFP in a phone interview on Monday"
    r"(?:in\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+)?(?:statement|report|interview|briefing|release"
    r"|communiqu[eé]|post|tweet)\s+)?(on\s+)?$",
    re.IGNORECASE,
)
# "Tuesday's airstrikes", "April 4 air strikes": a date that owns the event is the event's ("said on Tuesday
# air strikes killed …" is the day of the saying).
_DATE_OWNS = re.compile(r"['’]s\b", re.IGNORECASE)
_DATE_BEFORE_EVENT = re.compile(
    r"\s+(?:air\s*strikes?|air\s*raids?|attacks?|bombings?|bombardment|shelling|strikes?|raids?"
    r"|massacres?|explosions?|blasts?|assault)\b",
    re.IGNORECASE,
)


# "On Tuesday, the Observatory said air strikes killed 10", "On Tuesday, results were confirmed by officials who
# said sarin had been used": a day that opens a clause whose own verb is a saying, with the event told after
# it, is the saying's day, as in "… said on Tuesday" (a written date, "21.08.2013 …", "On December 29 2016 …",
# is more often a dateline or the event's own). The verbs are _SAID_ON's ("told to evacuate" is none).
_SAYING = re.compile(rf"\b(told|{_SAYING_VERBS})\b(?!\s+to\b)", re.IGNORECASE)
# Between the day and the saying only its subject, a few words with no clause of its own ("a convoy that the UN
# said was …", "hours after Russia announced a truce", "as the army announced gains", "what activists said was").
_NOT_A_SUBJECT = re.compile(
    r"\b(who|whom|whose|which|that|what|as|after|before|when|while|since|because|if|hours|days)\b|[;:]", re.IGNORECASE
)
_SUBJECT_WORDS = 8
# An adjective or a passive ("a reported 40 people", "there were reported air strikes"), unless the sayer
# follows ("results were confirmed by officials"). Case matters: "IS claimed the attack" is the Islamic State.
_NO_SAYER_BEFORE = re.compile(r"\b([Aa]n?|[Tt]he|was|were|been|is|are|be)\s+$")
_SAYER_AFTER = re.compile(r"\s+by\b", re.IGNORECASE)


def _dates_a_saying(sentence: str, end: int, triggers: list[EventTrigger]) -> bool:
    """Is the day ending at ``end``, with no event told before it, the day of a saying that tells the event?"""
    if any(t.start < end for t in triggers):
        return False
    said = _SAYING.search(sentence, end, min((t.start for t in triggers), default=len(sentence)))
    if said is None:
        return False
    subject = sentence[end : said.start()]
    if _NOT_A_SUBJECT.search(subject) or len(subject.split()) > _SUBJECT_WORDS:
        return False
    return not _NO_SAYER_BEFORE.search(sentence, 0, said.start()) or bool(_SAYER_AFTER.match(sentence, said.end()))


def _said_on(sentence: str, start: int, end: int) -> bool:
    """Is the date at sentence[start:end] the day something was said?"""
    said = _SAID_ON.search(sentence, 0, start)
    if said is None or _DATE_OWNS.match(sentence, end):
        return False
    return not (_DATE_BEFORE_EVENT.match(sentence, end) and not said.group(0).rstrip().lower().endswith(" on"))


# "People's Protection Units", "the people's council": a possessive names an owner, not a victim.
_POSSESSIVE = re.compile(r"['’]s?\b")
# A massacre is the killing of people who cannot defend themselves: its victims are civilians.
_MASSACRE = re.compile(r"\bmassacre[sd]?\b", re.IGNORECASE)
# A relative clause on the place before it, up to its next comma: ", where five people were killed", ", which is held
# by rebels". Its pronoun (group 1) says what it tells: "where" something there, "which" and "whose" the place.
_ON_PLACE = re.compile(r"\s*,\s*(where|which|whose)\b[^,;]*", re.IGNORECASE)
# Two places joined by "and" or a comma ("in Homs and Damascus", "on Arbin, Zamalka and Duma"): one event
# each, as ACLED and UCDP code one event per place and day; a relative clause on the first may stand between.
_PLACE_LIST = re.compile(
    r"(\s+(city|town|village|area|neighbou?rhood|camp|district))?"
    rf"(?:{_ON_PLACE.pattern})?"
    r"\s*(,|and|,\s*and|&)\s+(the\s+)?((city|town|village|area|areas|places|neighbou?rhoods?|camp|district)"
    r"\s+(of|in)\s+)?$",
    re.IGNORECASE,
)
# Events that kill nobody: a later toll or "the attack" never refers back to them ("shelling killed 31 as a
# two-year truce broke down. He said at least 31 people were killed" tells the shelling's toll).
_TELLS_NO_TOLL = frozenset(
    {"Agreement", "Change to group/activity", "Headquarters or base established", "Non-violent transfer of territory"}
)
# An "Attack" this weakly told (victims named, no weapon) gives way to the event a noun refers back to.
_WEAK = 0.5
# "… people were killed": victims that say nothing of who they were.
_ONLY_PEOPLE = re.compile(r"(?:people|persons)\b", re.IGNORECASE)
# A clause that says it tells another event than the one told before.
_ANOTHER_EVENT = re.compile(
    r"\W*(?:separately|elsewhere|in\s+(?:a|another)\s+(?:separate\s+)?(?:incident|attack|development))\b", re.IGNORECASE
)
# Nouns for an event that say nothing of its kind.
_REFERRING = re.compile(
    r"\b(the|this|that|its|his|their|[a-z]+day['’]?s|yesterday['’]?s)\s+(\w+\s+){0,2}?"
    r"(attack|assault|strike|raid|crime|massacre|incident|atrocity|tragedy|bombardment|bombing)\b",
    re.IGNORECASE,
)
# A referring noun after one of these is talked about ("an investigation into the attack"), not told ("five
# died in the attack on Tuesday" tells it).
_TALKED_ABOUT = re.compile(
    r"\b(?:of|from|into|about|over|for|after|following|against|behind|since|to)\s+$", re.IGNORECASE
)
# How many characters after a referring noun a date may start and still be the noun's ("the attack in Douma
# on Tuesday").
_BESIDE = 30
# Or anywhere in a relative clause about it ("the attack, which took place in the city on Saturday").
_RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:which|that)\b", re.IGNORECASE)
# A text that opens on "The attack …" tells of an event its readers already know: a follow-up.
_FOLLOW_UP = re.compile(
    r"(?:the|this|that)\s+(?:attacks?|assaults?|strikes?|raids?|massacres?|incidents?|crimes?|atrocit(?:y|ies)"
    r"|trag(?:edy|edies)|bombings?|bombardment|explosions?|blasts?)\b",
    re.IGNORECASE,
)
# "…, raising the death toll to 50 since the start of the clashes": what follows is a running total, what
# precedes it the event ("A massacre in Koayiah claims the lives of 8 citizens, raising to 50 …").
_RUNNING_TOTAL_CUE = re.compile(
    r"[,;]?\s*\b(rais(e|es|ed|ing)|bring(s|ing)?|brought|push(es|ed|ing)?|tak(e|es|ing)|took)\s+"
    r"((the\s+)?(\w+\s+){0,2}?(toll|number|total|tally)\b|to\s+(about\s+|more\s+than\s+|over\s+|at\s+least\s+)?\d)",
    re.IGNORECASE,
)


def _event_triggers(sentence: str) -> list[EventTrigger]:
    """The events a sentence names; a running total's words ("… since the start of clashes") are typed apart,
    so they never take the evidence of the event told before them ("A massacre in Koayiah claims 8 lives")."""
    cue = _RUNNING_TOTAL_CUE.search(sentence)
    if cue is None or not sentence[: cue.start()].strip():
        return find_event_triggers(sentence)
    cut = cue.start()
    later = [dataclasses.replace(t, start=t.start + cut, end=t.end + cut) for t in find_event_triggers(sentence[cut:])]
    return find_event_triggers(sentence[:cut]) + later


def _running_totals_apart(sentence: str, clauses: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Each clause cut where a running total starts, both parts keeping the clause's source."""
    out = []
    for c_start, c_end, source in clauses:
        cue = _RUNNING_TOTAL_CUE.search(sentence, c_start, c_end)
        if cue is None or not sentence[c_start : cue.start()].strip():
            out.append((c_start, c_end, source))
            continue
        out.append((c_start, cue.start(), source))
        out.append((cue.start(), c_end, source))
    return out


@dataclass(frozen=True)
class _ClauseClaims:
    """What every claim of one clause shares: its span, its source, its hedges, targets and victims."""

    doc_id: str
    sentence: str
    offset: int
    span: tuple[int, int]
    source: tuple[str, str, str | None]
    hedges: tuple[str, ...]
    targets: tuple[str, ...]
    victims: str | None
    own_side: str | None = None  # the belligerent the source speaks for, when it is one (an army, a ministry)

    def claim(self, kind: str, *, key: str = "", **fields: Any) -> Claim:
        """One claim of this clause; ``key`` tells apart two claims of one kind in one clause."""
        start, end = _trim(self.sentence, *self.span)
        body_start, body_end = self.offset + start, self.offset + end
        name, source_kind, source_text = self.source
        values: dict[str, Any] = {
            "targets": self.targets,
            "victims": self.victims,
            **fields,
        }
        # "The Israel Defense Forces said its jets struck the facility": a belligerent tells of its own forces.
        own = _OWN_FORCES.search(self.sentence, start, end) if self.own_side else None
        if kind == "incident" and values.get("perpetrator") is None and own is not None:
            values["perpetrator"], values["perpetrator_text"] = self.own_side, own.group(1)
        return Claim(
            id=_claim_id(self.doc_id, kind, body_start, body_end, str(values.get("measure") or "") + key),
            document_id=self.doc_id,
            kind=kind,  # type: ignore[arg-type]
            start=body_start,
            end=body_end,
            text=self.sentence[start:end],
            source=name,
            source_kind=source_kind,
            source_text=source_text,
            hedged=bool(self.hedges),
            hedges=self.hedges,
            produced_by=NAME,
            **values,
        )


# … as the doers of the clause's verb: "its jets struck", not "attacked its troops", "its soldiers were killed".
_OWN_FORCES = re.compile(
    r"\b((?:its|our|their)\s+(?:own\s+)?(?:jets|warplanes|aircraft|planes|drones|forces|troops|units|artillery|army"
    r"|navy|air\s+force|fighters|soldiers))\s+(?:have\s+|had\s+|also\s+)?(?:struck|hit|bombed|attacked|targeted"
    r"|destroyed|killed|shelled|launched|fired|carried\s+out|conducted|raided|downed|shot\s+down|stormed|captured"
    r"|seized|repelled|ambushed)\b",
    re.IGNORECASE,
)
# Kinds of source that fight (their "its jets" are their own), unlike outlets aligned with a side.
_BELLIGERENT_SOURCES = frozenset({"military", "ministry", "armed-group media"})
# An unnamed source ("informed sources", "a local source") speaks through the outlet that quotes it; one of a
# side ("a military source", "security sources") only through an outlet of that side (SANA's military source is
# SANA's; Reuters' is not Reuters'); one that names its side ("Houthi sources", "rebel sources") keeps its name.
_UNNAMED = re.compile(
    r"(?:an?\s+|the\s+)?(?:(?:local|informed|medical|hospital|field|knowledgeable|reliable|credible|several|other"
    r"|unnamed|anonymous|diplomatic|humanitarian)\s+){0,2}sources?",
    re.IGNORECASE,
)
# A speaker's title that ends where a place is named: "Activists in", "SANA's correspondent in".
_AT_PLACE = re.compile(r"((?:[\w’'-]+\s+){0,2}[\w’'-]+?)\s+(?:in|at|from|inside)", re.IGNORECASE)
# Someone near a source, not the source: "a source close to the army", "sources close to the opposition".
_CLOSE_TO = re.compile(
    r"(?:\b(?:an?|the)\s+)?\b((?:[\w-]+\s+)?sources?\s+(?:close|loyal|linked)\s+to\s+)(?:the\s+)?$", re.IGNORECASE
)
_UNNAMED_OF_A_SIDE = re.compile(
    r"(?:an?\s+|the\s+)?(?:(?:local|informed|senior|high-ranking|official|military|security|army|government|police"
    r"|intelligence|defen[cs]e)\s+){1,2}sources?",
    re.IGNORECASE,
)


# "Separately, …", "Elsewhere in …", "In another incident, …": the text turns to an event somewhere else.
ELSEWHERE_WORDS = (
    r"separately|elsewhere|in\s+(?:another|other|a\s+separate)\s+"
    r"(?:incident|strike|air\s*strike|raid|attack|bombing|shelling|explosion|blast)s?"
)
ELSEWHERE = re.compile(rf"\W*(?:{ELSEWHERE_WORDS})\b", re.IGNORECASE)


@dataclass
class _Telling:
    """The incident the text is telling now: what later clauses may leave unsaid."""

    trigger: EventTrigger | None = None
    place: PlaceMention | None = None
    date: DateValue | None = None
    perpetrator: tuple[str | None, str | None] = (None, None)
    # Told only as what someone denies: later losses elsewhere are not its, unless a noun refers to it ("the bombing").
    denied: bool = False


# "for the strikes", "for Monday's attack": blame for an event told before (plurals too, unlike ``_REFERRING``).
_BLAMED_BACK = re.compile(
    r"\b(?:the|its|their|[a-z]+day['’]?s)\s+(?:(?!of\b)\w+\s+){0,2}?"
    r"(attack|assault|strike|airstrike|raid|massacre|bombardment|bombing|shelling|blast|explosion|incident)s?\b",
    re.IGNORECASE,
)


def _alleged_event(
    allegation: AllegationMention, triggers: list[EventTrigger], telling: _Telling, sentence: str
) -> EventTrigger | None:
    """What an allegation blames someone for: the event named in what it alleges ("accused rebels of using poison
    gas"), the event told before where that refers back ("blamed Russian warplanes for the strikes"), or, where
    the blame follows what is blamed ("the attack that the West blames on Assad's forces"), the event before it.
    None where it blames no event ("accused Moscow of war crimes")."""
    lo, hi = allegation.content_start, allegation.content_end
    if lo is not None and hi is not None and hi > lo:
        alleged = [t for t in triggers if t.start < hi and lo < t.end]
        # "blamed the attack on Assad's forces": a noun that names no kind of event is the one told before it.
        noun = _BLAMED_BACK.search(sentence, lo, hi)
        if noun is not None and all(t.score < _WEAK for t in alleged):
            # An event the sentence tells before the blame ("… were killed in a chemical attack, blaming the army
            # for the attack"): the last one named by the same noun ("a car bomb … and an air strike …, and
            # activists blamed the strike on Russia"), else the first; else the one told before the sentence.
            cue = re.compile(re.escape(allegation.cue), re.IGNORECASE).search(sentence, allegation.start)
            earlier = [t for t in triggers if cue is not None and t.end <= cue.start()]
            stem = noun.group(1).lower()[:5]
            named = [t for t in earlier if stem in t.text.lower()]
            if earlier:
                return named[-1] if named else earlier[0]
            return telling.trigger or (alleged[0] if alleged else None)
        return alleged[0] if alleged else None
    before = [t for t in triggers if t.end <= allegation.start]
    return before[-1] if before else None


def outlet_of(doc: Document) -> str:
    """Who speaks when nobody is cited: the outlet, else the site's registered source, else the document."""
    if doc.outlet:
        return canonical_source(doc.outlet)
    if doc.url:
        entry = load_registry().by_domain(doc.url)
        if entry is not None:
            return entry.name
        host = urlsplit(doc.url).hostname or ""
        return host.removeprefix("www.") or doc.url
    return f"document {doc.id}"


# People who speak for a source ("a correspondent for AFP", "rescuers from the Syria Civil Defence", "an AFP
# correspondent", "the RBSS group"): the source is the organisation they speak for.
_ROLE = (
    r"(?:correspondents?|reporters?|journalists?|photographers?|spokes(?:man|woman|person)|rescuers?|volunteers?"
    r"|members?|medics?|doctors?|officials?|workers?|staff|teams?|group|monitor|activists?|sources?)"
)
_ROLE_OF = re.compile(rf"(?:an?\s+|the\s+)?{_ROLE}\s+(?:from|for|of|with|at)\s+(?:the\s+)?(.+)", re.IGNORECASE)
_OF_ROLE = re.compile(rf"(?:an?\s+|the\s+)?(.+?)\s+{_ROLE}", re.IGNORECASE)
# How many words before a name may belong to it, cut short by a verb of its own ("the Raqqa is Being
# Slaughtered Silently group").
_CUT_WORDS = 4


def canonical_source(name: str) -> str:
    """The registry's name for a source ("the Observatory" → Syrian Observatory for Human Rights), also when the
    words name someone speaking for it ("a correspondent for AFP")."""
    entry, _ = _registered(name, "")
    return entry.name if entry is not None else name


def _registered(name: str, before: str) -> tuple[SourceEntry | None, int]:
    """The registry's entry for a cited name, and how many characters at the end of ``before`` (the text before
    the name) belong to it: a name cut short by a verb of its own ("the Raqqa is Being Slaughtered Silently")."""
    entry = load_registry().find(name)
    core = next((m.group(1) for m in (_ROLE_OF.fullmatch(name), _OF_ROLE.fullmatch(name)) if m), None)
    core = core and re.sub(r"['’]s$", "", core)  # "SANA's correspondent"
    if entry is None and core is not None:
        entry = _named(core)
    if entry is not None:
        return entry, 0
    words = list(re.finditer(r"\S+", before))[-_CUT_WORDS:]
    for k in range(1, len(words) + 1):
        entry = _named(" ".join([*(w.group(0) for w in words[-k:]), core or name]))
        if entry is not None:
            return entry, len(before) - words[-k].start()
    return None, 0


@functools.lru_cache(maxsize=4096)
def _named(words: str) -> SourceEntry | None:
    """The source these words name in full (a name or an alias), not one they share a word with ("local")."""
    entry = load_registry().find(words)
    key = normalise(words)
    return entry if entry is not None and key in {normalise(n) for n in (entry.name, *entry.aliases)} else None


def extract_claims(doc: Document, *, gazetteer: Gazetteer | None = None) -> list[Claim]:
    """Every claim in the document's body, in order of their spans."""
    body = doc.body
    if not body.strip():
        return []
    places = find_places(body, context=ResolveContext(document=doc.title or ""), gazetteer=gazetteer)
    outlet = outlet_of(doc)
    telling = _Telling()
    claims: list[Claim] = []
    published, dateline = _written(doc)
    for s_start, s_end in split_sentences(body):
        sentence = body[s_start:s_end]
        in_sentence = [
            replace(p, start=p.start - s_start, end=p.end - s_start)
            for p in places
            if p.start >= s_start and p.end <= s_end
        ]
        lead = None
        if dateline is not None and s_start <= dateline.start < s_end:
            lead = replace(dateline, start=dateline.start - s_start, end=dateline.end - s_start)
        if ELSEWHERE.match(sentence):  # the event told before says nothing of where this one was
            telling.place = None
        claims.extend(_sentence_claims(doc, sentence, s_start, in_sentence, outlet, telling, body, published, lead))
    return _unique_ids(_coalition_named(body, claims))


# "The coalition", "coalition warplanes", "Coalition air strikes": words that name no coalition, only the one the
# reader knows ("the international coalition" is the US-led one's name).
_BARE_COALITION = re.compile(r"(?:the\s+)?coalition(?:['’]s)?(?:\s+[\w-]+){0,3}", re.IGNORECASE)
_DEFAULT_COALITION = "US-led coalition"
# A source named only as "the coalition" ("the coalition said", "a coalition spokesman").
_BARE_SOURCE = re.compile(r"\b(?<![\w-]-)(?<!-)coalition\b(?!\s+(?:to|against|for)\b)", re.IGNORECASE)


def _coalition_named(body: str, claims: list[Claim]) -> list[Claim]:
    """A bare "the coalition" is the one coalition named in full before it ("The Saudi-led coalition said … Coalition
    warplanes struck"); with none, or two, named before it, the US-led one (the actors' table reads it so). A
    coalition named only after ("… Saudi Arabia, which leads the Arab coalition in Yemen, is also a member") is not
    its antecedent. So too for "the coalition said": the command of that coalition speaks, not the US-led one's."""
    default_source = load_registry().find("coalition")
    if not any(
        c.perpetrator == _DEFAULT_COALITION or (default_source and c.source == default_source.name) for c in claims
    ):
        return claims
    named = [
        (a.start, a.actor) for a in find_actors(body) if a.kind == "coalition" and not _BARE_COALITION.fullmatch(a.text)
    ]
    if all(actor == _DEFAULT_COALITION for _at, actor in named):
        return claims

    def antecedent(claim: Claim, until: int | None = None) -> str:
        before = {actor for at, actor in named if at < (claim.start if until is None else until)}
        return before.pop() if len(before) == 1 else _DEFAULT_COALITION  # two named before: neither for sure

    def command(claim: Claim) -> str:
        """The registry's name for the military command of the coalition the claim's bare "coalition" means (the
        one named before the saying, in its own sentence too: "A Saudi-led coalition air strike …, the coalition
        said")."""
        actor = antecedent(claim, claim.end)
        entry = next(
            (e for e in load_registry().entries if e.affiliation == actor and e.type == "military"), default_source
        )
        return entry.name if entry is not None else claim.source

    out = []
    for c in claims:
        if c.perpetrator == _DEFAULT_COALITION and _BARE_COALITION.fullmatch(c.perpetrator_text or ""):
            c = replace(c, perpetrator=antecedent(c))
        if default_source and c.source == default_source.name and _BARE_SOURCE.search(c.source_text or ""):
            c = replace(c, source=command(c))
        out.append(c)
    return out


def _written(doc: Document) -> tuple[DateValue, DateMention | None]:
    """The day the text's "on Tuesday" counts from, and the dateline it opens with, if any.

    A dateline ("Posted on July 2 2016 by …", "06.04.2017 The attack …") says when the text was written:
    its relative dates count from it, whatever date a listing or a crawl gave the document.
    """
    dateline = find_dateline(doc.body, published=doc.published)
    if dateline is None:
        return doc.published, None
    return dateline.value, dateline


def _unique_ids(claims: list[Claim]) -> list[Claim]:
    """Two claims the clause rules could not tell apart (two figures of one measure in one clause:
    "346 were killed … more than 170 had died") still get two ids, numbered in text order."""
    seen: Counter[str] = Counter()
    out = []
    for claim in claims:
        seen[claim.id] += 1
        if seen[claim.id] > 1:
            claim = dataclasses.replace(
                claim, id=_claim_id(claim.id, claim.kind, claim.start, claim.end, f"#{seen[claim.id]}")
            )
        out.append(claim)
    return out


def _sentence_claims(
    doc: Document,
    sentence: str,
    offset: int,
    places: list[PlaceMention],
    outlet: str,
    telling: _Telling,
    body: str,
    published: DateValue,
    dateline: DateMention | None,
) -> list[Claim]:
    conjuncts = _conjuncts(sentence, places)
    base_triggers = _event_triggers(sentence)
    triggers = _conjoined_triggers(sentence, base_triggers, conjuncts)
    # Triggers found only in a conjunct count as its event where they start one (see _event_groups).
    added_triggers = {(t.start, t.sub_event_type) for t in triggers} - {
        (t.start, t.sub_event_type) for t in base_triggers
    }
    # A relative date that the publication date cannot settle ("on Sunday" in a month-dated report) says nothing.
    # A date in a phrase that names an earlier event ("after yesterday's massacres", "except for the
    # bombardment of yesterday") is that event's, not the clause's.
    dates = [
        d
        for d in find_dates(sentence, published=published)
        if d.value.value is not None
        and not _other_events_date(sentence, d, base_triggers)
        and not _place_history_date(sentence, d.start, places, base_triggers)
        and not _said_on(sentence, d.start, d.end)
    ]
    said_days = [d for d in dates if d.relative and _dates_a_saying(sentence, d.end, base_triggers)]
    dates = [d for d in dates if d not in said_days]
    # A dateline dates the lead only where the lead gives no date of its own ("8 Jun 2016 Russian air
    # strikes killed ten civilians on Tuesday" tells of Tuesday); a saying's day is nearer than the dateline
    # ("4 Apr 2017 On Monday, SANA reported that …" tells of Monday at the latest). Nor a lead that opens on
    # an event told before ("06.04.2017 The attack in Idlib claimed the lives of 27 children, UNICEF said"):
    # a follow-up, written days after it.
    if dateline is not None:
        follows_up = _FOLLOW_UP.match(sentence[dateline.end :].lstrip())
        said_in_lead = [d for d in said_days if d.start >= dateline.end][:1]
        dates = [d for d in dates if d.start >= dateline.end] or ([] if follows_up else said_in_lead or [dateline])
    counts = find_counts(sentence)
    subcounts = find_subcounts(sentence)
    actors = find_actors(sentence)
    # Who the dead were ("12 people, mostly fighters from Hayat Tahrir al-Sham,") or what a place is ("Douma, which
    # is held by rebels,") names no perpetrator.
    asides = [m.span() for m in toll_asides(sentence)] + [
        m.span() for p in places if (m := _ON_PLACE.match(sentence, p.end)) is not None and m[1].lower() != "where"
    ]
    victims = find_victims(sentence)
    hedges = find_hedges(sentence)
    denials = find_denials(sentence)
    allegations = find_allegations(sentence)
    found: list[Claim] = []

    for c_start, c_end, source in _running_totals_apart(sentence, attribution_clauses(sentence)):

        def inside(span_start: int, span_end: int, a: int = c_start, b: int = c_end) -> bool:
            return a <= span_start and span_end <= b

        clause = sentence[c_start:c_end]
        source_name, source_kind, source_text = outlet, "outlet", None
        own_side: str | None = None
        skip: tuple[int, int] = (0, 0)
        if source is not None:
            name = source.source
            if source.generic:
                name = resolve_generic(source, body[:offset]) or name
            # "Activists in Deir Ezzor said", "medics in Harasta said": the speakers are the activists, not the place.
            at_place = _AT_PLACE.fullmatch(source.title or "")
            if at_place and any(p.start == source.source_start and p.place is not None for p in places):
                name = at_place.group(1)
            close = _CLOSE_TO.search(sentence, 0, source.source_start)
            if close is not None:  # "a source close to the army" is not the army
                entry, cut = None, source.source_start - close.start()
                name = sentence[close.start(1) : source.source_end]
            else:
                entry, cut = _registered(name, sentence[: source.source_start])
            source_name, source_kind = (entry.name if entry is not None else name), "cited"
            unnamed = _UNNAMED.fullmatch(name) is not None
            if entry is None and (unnamed or _UNNAMED_OF_A_SIDE.fullmatch(name)):
                # … or the agency it told ("a security source told AFP", reprinted by another outlet).
                relay = canonical_source(source.via) if source.via else outlet
                relayed = load_registry().find(relay)
                if unnamed or (relayed is not None and relayed.aligned):
                    source_name, source_kind = (relay, "cited") if source.via else (outlet, "outlet")
            if entry is not None and entry.type in _BELLIGERENT_SOURCES and entry.aligned:
                own_side = entry.affiliation
            source_text = sentence[min(source.start, source.source_start - cut) : source.end]
            skip = (source.source_start - cut, source.source_end)

        # The source's own name tells no event and no place ("Raqqa is Being Slaughtered Silently").
        clause_triggers = [
            t for t in triggers if inside(t.start, t.end) and not (skip[0] <= t.start and t.end <= skip[1])
        ]
        clause_places = [p for p in places if inside(p.start, p.end) and not (skip[0] <= p.start and p.end <= skip[1])]
        # "Two women and two soldiers were killed in the attack", "He said at least 31 people were killed", "At
        # least 30 people were killed in Saraqeb": victims with no weapon named, and a noun that refers back, no
        # place of their own, or only "people", tell the event told before (the suicide bombing, the shelling, the
        # air strikes), not an attack of their own — unless the clause says it is another ("Separately, …").
        if (
            telling.trigger is not None
            and clause_triggers
            and all(t.sub_event_type == "Attack" and t.score < _WEAK for t in clause_triggers)
            and (
                _REFERRING.search(sentence, c_start, c_end)
                or not clause_places
                or all(_ONLY_PEOPLE.match(t.text) for t in clause_triggers)
            )
            and not _ANOTHER_EVENT.match(sentence, c_start)
        ):
            clause_triggers = []
        clause_dates = [d for d in dates if inside(d.start, d.end)]
        clause_actors = [
            a
            for a in actors
            if inside(a.start, a.end)
            and not (skip[0] <= a.start < skip[1])
            and not any(lo <= a.start < hi for lo, hi in asides)
        ]
        clause_victims = [v for v in victims if inside(v.start, v.end)]
        clause_hedges = tuple(h[0] for h in hedges if inside(h[1], h[2]))
        sub = [s for s in subcounts if inside(s.start, s.end)]
        # "six civilians including a child": the child is inside the toll, not a second toll.
        included = [s for s in sub if s.included]
        clause_counts = [
            c
            for c in counts
            if inside(c.start, c.end)
            and not any(s.start <= c.start < s.end for s in included)
            and c.start not in range(*skip)
        ]
        placed_tolls = tolls_of(sentence, clause_counts, c_start, c_end, included)
        tolls = [(measure, count) for measure, count, _ in placed_tolls]
        percents = find_percentages(clause)
        # "the deadliest attack since 2013" measures one event against others: no period of its own.
        periods = [
            p for p in find_periods(clause, published=published) if not _MEASURED_AGAINST.search(clause, 0, p.start)
        ]
        # "bombing since Sunday morning, killing 19" told on Sunday is that day's toll, as "since dawn" is.
        one_day = [
            p
            for p in periods
            if p.start_value == p.end_value and p.start_value is not None and p.start_value.precision == "day"
        ]
        periods = [p for p in periods if p not in one_day]
        if one_day and not clause_dates and (day := one_day[0].start_value) is not None:
            lone = one_day[0]
            clause_dates = [DateMention(day, c_start + lone.start, c_start + lone.end, lone.text, True)]

        claim = _ClauseClaims(
            doc_id=doc.id,
            sentence=sentence,
            offset=offset,
            span=(c_start, c_end),
            source=(source_name, source_kind, source_text),
            hedges=clause_hedges,
            targets=tuple(t.target for t in find_targets(clause)),
            victims=clause_victims[0].group if clause_victims else None,
            own_side=own_side,
        ).claim

        denial = next((d for d in denials if inside(d.start, d.end) or d.start <= c_start < d.end), None)
        if denial is not None:
            accused = clause_actors[0] if clause_actors else None
            # "The YPG on Sunday rejected accusations that it was behind Saturday's car bomb": the day told after the
            # denying word is the event's; the one before it, the denial's.
            denied_dates = [d for d in clause_dates if d.start >= (denial.content_start or denial.end)] or clause_dates
            found.append(
                replace(
                    claim(
                        "denial",
                        event_type=clause_triggers[0].event_type if clause_triggers else None,
                        sub_event_type=clause_triggers[0].sub_event_type if clause_triggers else None,
                        places=_own_places(clause_places),
                        date=denied_dates[0].value if denied_dates else DateValue(None),
                        perpetrator=accused.actor if accused else None,
                        perpetrator_text=accused.text if accused else None,
                    ),
                    source=canonical_source(denial.source) if denial.source else source_name,
                    source_kind="cited" if denial.source else source_kind,
                )
            )
            # The event denied is the one the text now tells: "the bombing" after it is that car bomb in Azaz.
            denied_place = _best_place(clause_places)
            if clause_triggers and denied_place is not None and clause_triggers[0].sub_event_type not in _TELLS_NO_TOLL:
                telling.trigger, telling.place = clause_triggers[0], denied_place
                telling.date = denied_dates[0].value if denied_dates else None
                telling.perpetrator, telling.denied = (None, None), True
            continue

        allegation = next((a for a in allegations if inside(a.start, a.end)), None)
        # "killing thousands" with no day named is a running total, not one event's toll.
        # (Killed and wounded counted together, "kill and wound dozens", say nothing of a total; nor do
        # "several" or "dozens", which one attack may kill: only hundreds and more are a running total.)
        measured = [c for m, c in tolls if m != "casualties"]
        vague_only = (
            bool(measured)
            and all(c.qualifier == "vague" and (c.min or 0) >= _RUNNING_TOTAL for c in measured)
            and not clause_dates
        )
        # The dead decide: one attack may wound hundreds ("27 children killed … 546 people have been injured").
        deaths = [c for m, c in tolls if m == "killed"] or measured
        # "13,617 civilians were killed in Syria in 2016", "Russian air strikes killed 300 civilians in Idlib in
        # March 2017": the dead of a month or a year are that stretch's total, unless one event named in the
        # singular ("a car bomb killed eight in Azaz in March 2017") tells them, or a toll short of a running
        # total is told with a weapon or a town.
        if (
            deaths
            and clause_dates
            and all(d.value.precision in ("month", "year") for d in clause_dates)
            and not any(_one_event(sentence, t, c_start, c_end) for t in clause_triggers)
            and (
                # A year's dead, or a month's hundreds in a whole country or province or nowhere named (a month's
                # hundreds in one town may be one massacre: "in Daraya in August 2012").
                (
                    any((c.max or c.min or 0) >= _RUNNING_TOTAL for c in deaths)
                    and (
                        any(d.value.precision == "year" for d in clause_dates)
                        or all(p.precision >= 3 for p in clause_places)
                    )
                )
                # People killed by no weapon named, in a whole country or province or nowhere named.
                or (
                    all(t.sub_event_type == "Attack" and t.score < _WEAK for t in clause_triggers)
                    and all(p.precision >= 3 for p in clause_places)
                )
            )
        ):
            periods = [
                PeriodMention(d.value, d.value, d.start - c_start, d.end - c_start, d.text) for d in clause_dates[:1]
            ]
            clause_dates = []
        lede = (
            bool(clause_triggers)
            and bool(deaths)
            and (
                all((c.max or c.min or 0) < _RUNNING_TOTAL for c in deaths)
                or any(_one_event(sentence, t, c_start, c_end) for t in clause_triggers)
            )
        )
        # Buildings destroyed or people displaced are a figure, and the clause with them too, unless it tells one
        # event's dead or wounded, short of a running total ("The shelling injured 20 civilians and damaged a
        # number of houses"): then both.
        figure_tolls = [(m, c) for m, c in tolls if m in _FIGURE_MEASURES]
        told_beside = lede and any(m in ("killed", "injured") for m, _ in tolls)
        tally = _TOLL_TALLY.search(clause) is not None
        is_figure = bool(
            periods
            or tally
            or vague_only
            or _aggregate(clause, one_day)
            or (_PERFECT.search(clause) and not lede)
            or (bool(figure_tolls) and not told_beside)
        )
        share = next((p for p in percents if _SHARE_WORDS.search(clause)), None)

        if allegation is not None and allegation.negated:
            # "Nobody blamed the rebels for the attack that killed 12": the attack is told, but no one is accused,
            # and no actor the clause names did it.
            allegation, clause_actors = None, []
        if allegation is not None:
            # The accused, else an actor told where the accused is ("blamed the attack on Assad's forces"), never
            # the accuser ("Russia accused the White Helmets of staging …").
            lo, hi = allegation.target_start, allegation.target_end
            targeted = [a for a in clause_actors if lo is not None and hi is not None and lo <= a.start < hi]
            accused_actor = allegation.accused or (targeted[0].actor if targeted else None)
            # Who accuses is the allegation's source ("The government has accused rebels of …"), as who denies
            # is a denial's; "it said, blaming …" is the clause's.
            accuser = allegation.source if allegation.source and allegation.kind != "pronoun" else None
            alleged = _alleged_event(allegation, clause_triggers, telling, sentence)
            # "The military fired cruise missiles at the base on Friday in response to the gas attack that Washington
            # blamed on Assad's forces": an event of another kind, told before the blamed one, is told as fact, and
            # the days told before the blamed event are that event's.
            fact = next(
                (
                    t
                    for t in clause_triggers
                    if alleged is not None
                    and t.end <= min(alleged.start, allegation.start)
                    and t.sub_event_type != alleged.sub_event_type
                ),
                None,
            )
            blamed_dates = [d for d in clause_dates if alleged is None or fact is None or d.start >= alleged.start]
            # "Damascus accused rebels of shelling Aleppo": the accuser's capital is no place of the event.
            s0, s1 = allegation.source_start or 0, allegation.source_end or 0
            blamed_places = [p for p in clause_places if not (s0 <= p.start < s1)]
            found.append(
                replace(
                    claim(
                        "allegation",
                        event_type=alleged.event_type if alleged else None,
                        sub_event_type=alleged.sub_event_type if alleged else None,
                        places=(
                            _ordered(_event_place(sentence, blamed_places, alleged.start), blamed_places)
                            if alleged is not None and alleged in clause_triggers
                            else _own_places(blamed_places)
                        ),
                        date=blamed_dates[0].value if blamed_dates else DateValue(None),
                        perpetrator=accused_actor,
                        perpetrator_text=allegation.target,
                        measure=_measure_words(clause),
                    ),
                    source=canonical_source(accuser) if accuser else source_name,
                    source_kind="cited" if accuser else source_kind,
                )
            )
            # "At least 87 people died in the attack that the West blames on Assad's forces": the deaths are
            # told as fact beside the blame, so the incident is claimed too, its perpetrator as alleged where the
            # teller is the one who blames.
            killed, injured = killed_injured(tolls, clause)
            event = clause_triggers[0] if clause_triggers else telling.trigger
            doer = next(
                (
                    a
                    for a in clause_actors
                    if a.actor != "Civilians"
                    and a.actor != accused_actor
                    and not (lo is not None and hi is not None and lo <= a.start < hi)
                    and not (s0 <= a.start < s1)
                    and a.start < allegation.start
                ),
                None,
            )
            if (killed or injured) and event is not None and not is_figure:
                place = _event_place(sentence, clause_places, event.start if clause_triggers else c_start)
                if not clause_triggers:
                    place = place or telling.place
                found.append(
                    replace(
                        claim(
                            "incident",
                            event_type=event.event_type,
                            sub_event_type=event.sub_event_type,
                            date=(clause_dates[0].value if clause_dates else None)
                            or (telling.date if not clause_triggers else None)
                            or DateValue(None),
                            places=_ordered(place, clause_places),
                            # Blamed by another ("Turkish media accused the YPG of …" in a YPG outlet): the blame is
                            # the accuser's, in the allegation; the teller names only a doer of its own ("Rebel
                            # shelling killed 5; the government accused Turkey of supplying the shells").
                            perpetrator=accused_actor if accuser is None else (doer.actor if doer else None),
                            perpetrator_text=allegation.target if accuser is None else (doer.text if doer else None),
                            victims=_victims(clause_victims, None, sub, clause, sentence),
                            killed=killed,
                            injured=injured,
                            children_killed=_sub(sub, "children"),
                            women_killed=_sub(sub, "women"),
                        ),
                        hedged=True,
                        hedges=(*clause_hedges, allegation.cue),
                    )
                )
            if fact is not None and not (fact is event and (killed or injured) and not is_figure):
                assert alleged is not None  # a fact is told before the blamed event
                perp = _perpetrator_mention(clause_actors, sentence, (fact.start, fact.end))
                told = [p for p in clause_places if p.start < alleged.start]
                found.append(
                    claim(
                        "incident",
                        key="|fact",
                        event_type=fact.event_type,
                        sub_event_type=fact.sub_event_type,
                        date=next((d.value for d in clause_dates if d.start < alleged.start), DateValue(None)),
                        places=_ordered(_event_place(sentence, told, fact.start), told),
                        perpetrator=perp.actor if perp else None,
                        perpetrator_text=perp.text if perp else None,
                    )
                )
            continue

        if share is not None or (
            tolls and (periods or tally or (is_figure and not (clause_triggers and clause_dates)))
        ):
            found.extend(
                _figures(
                    claim,
                    tolls,
                    share,
                    periods,
                    _one_country_of_two(sentence, clause_places),
                    _not_counted(sentence, clause_actors),
                    published,
                    _of_the_dead(included, placed_tolls),
                )
            )
            continue
        if not tolls and any(_weeks_long(p) for p in periods):
            continue  # "Since January, coalition strikes have destroyed 140 oil trucks": a tally of no one event

        killed, injured = killed_injured(tolls, clause)
        if clause_triggers:
            first_claim = len(found)
            groups = _event_groups(clause_triggers, clause_places, sentence, conjuncts if len(conjuncts) > 1 else None)
            segments = _segments(sentence, groups, c_start, c_end)
            for index, group in enumerate(groups):
                seg_start, seg_end = segments[index]
                # Each event of several keeps the toll and the victims told in its own stretch of the clause.
                several = len(groups) > 1
                killed, injured = (
                    killed_injured(
                        [(m, c) for m, c, at in placed_tolls if seg_start <= at < seg_end], sentence[seg_start:seg_end]
                    )
                    if several
                    else (killed, injured)
                )
                seg_victims = (
                    [v for v in clause_victims if seg_start <= v.start < seg_end] if several else clause_victims
                )
                seg_sub = [x for x in sub if seg_start <= x.start < seg_end] if several else sub
                seg_text = sentence[seg_start:seg_end] if several else clause
                trigger = group[0]
                g_start = trigger.start
                g_end = groups[index + 1][0].start if index + 1 < len(groups) else c_end
                later = [p for p in clause_places if p.start >= _group_start(group, clause_triggers, c_start)]
                # The event's own stretch first: a place after the next event's words is that event's.
                own = [p for p in later if p.start < g_end] if several else []
                place = _event_place(sentence, own or later or clause_places, trigger.start)
                date = clause_dates[0].value if clause_dates else None
                if trigger.sub_event_type == (telling.trigger.sub_event_type if telling.trigger else None):
                    place = place or telling.place
                    date = date or telling.date
                perp = _perpetrator_mention(clause_actors, sentence, (g_start, trigger.end))
                listed = _listed_places(sentence, place, clause_places, g_end)
                parts = _tolls_by_place(sentence, listed, clause_places, placed_tolls, killed, injured, seg_sub)
                for n, where in enumerate(listed):
                    found.append(
                        claim(
                            "incident",
                            key="" if index == 0 and n == 0 else f"|{index}|{n}",
                            event_type=trigger.event_type,
                            sub_event_type=trigger.sub_event_type,
                            date=date or DateValue(None),
                            places=_ordered(where, clause_places),
                            perpetrator=perp.actor if perp else None,
                            perpetrator_text=perp.text if perp else None,
                            co_perpetrators=_partners(clause_actors, sentence, perp),
                            victims=_victims(seg_victims, perp, seg_sub, seg_text, sentence),
                            **parts[n],
                        )
                    )
                if trigger.sub_event_type in _TELLS_NO_TOLL:
                    continue
                telling.trigger, telling.place, telling.date = trigger, place, date
                telling.perpetrator = (perp.actor, perp.text) if perp else (None, None)
                telling.denied = False
            if figure_tolls and told_beside:
                # The destruction is the event's, on its day where the clause names one.
                day = clause_dates[0].value if clause_dates else None
                found.extend(
                    replace(f, period_start=day, period_end=day) if day else f
                    for f in _figures(
                        claim,
                        figure_tolls,
                        None,
                        [],
                        _one_country_of_two(sentence, clause_places),
                        _not_counted(sentence, clause_actors),
                        published,
                    )
                )
            # "Clashes in Daraa and human losses in Damascus": a stretch joined on with its own place and
            # losses but no event words is another incident, of a type the words leave unknown.
            claimed = {c.place.place.id for c in found if c.place and c.place.place}
            heads = {(g[0].start, g[0].sub_event_type) for g in groups}
            telling_triggers = [
                t
                for t in clause_triggers
                if (t.start, t.sub_event_type) not in added_triggers or (t.start, t.sub_event_type) in heads
            ]
            for n, (lo, hi) in enumerate(conjuncts):
                lo, hi = max(lo, c_start), min(hi, c_end)
                if lo >= hi or any(lo <= t.start < hi for t in telling_triggers):
                    continue
                where = _event_place(sentence, [p for p in clause_places if lo <= p.start < hi], lo)
                if where is None or where.place is None or where.place.id in claimed:
                    continue
                placed = [(m, c, at) for m, c, at in placed_tolls if lo <= at < hi]
                losses = [(m, c) for m, c, _at in placed]
                if not (
                    any(m in ("killed", "injured", "casualties") for m, _ in losses)
                    or _LOSS_WORDS.search(sentence, lo, hi)
                ):
                    continue
                # "… and wounded 12 others who were taken to hospitals in Idlib": a place told of the people
                # afterwards is not where they were hurt.
                if placed and _RELATIVE_BETWEEN.search(sentence, placed[0][2], where.start):
                    continue
                killed, injured = killed_injured(losses, sentence[lo:hi])
                part_sub = [x for x in sub if lo <= x.start < hi]
                # "Shelling killed nine in Douma and wounded two in Harasta": the shelling's too, as the subject is,
                # and the two are Harasta's, not Douma's as well (unless Douma's own were told before: "killed two
                # in Douma and killed two more in Harasta").
                verb = groups[-1][0] if _SAME_SUBJECT.match(sentence, lo) and len(groups) == 1 else None
                # So are those a stretch tells of the place it names after them ("… and a sniper wounded two in
                # Harasta"), unlike a toll told after a place ("… province of Idlib, adding that 20 were wounded").
                if verb is not None or (placed and placed[0][2] < where.start):
                    told_before = {m for m, _c, at in placed_tolls if c_start <= at < lo}
                    moved = [None if m in told_before else c for m, c in ((("killed", killed), ("injured", injured)))]
                    found[first_claim:] = [_without(c, *moved) for c in found[first_claim:]]
                perp = _perpetrator_mention(clause_actors, sentence, (c_start, verb.end)) if verb else None
                found.append(
                    claim(
                        "incident",
                        key=f"|loss|{n}",
                        event_type=verb.event_type if verb else None,
                        sub_event_type=verb.sub_event_type if verb else None,
                        perpetrator=perp.actor if perp else None,
                        perpetrator_text=perp.text if perp else None,
                        date=clause_dates[0].value if clause_dates else DateValue(None),
                        places=_ordered(where, clause_places),
                        victims=_victims(
                            [v for v in clause_victims if lo <= v.start < hi], None, part_sub, sentence[lo:hi], sentence
                        ),
                        killed=killed,
                        injured=injured,
                        children_killed=_sub(part_sub, "children"),
                        women_killed=_sub(part_sub, "women"),
                    )
                )
            continue

        # "The horrific crime his forces committed in Khan Sheikhoun at dawn today", "bodies were pulled from
        # the rubble in al-Quria": a noun that names no kind of event, or losses, with a place or a day,
        # refer back to the incident the text is telling.
        named = _REFERRING.search(clause)
        noun = named or _LOSS_WORDS.search(clause)
        # A day that is a saying's still says the noun is told of ("On Saturday IS claimed responsibility for the
        # attack" names its perpetrator).
        dated = bool(clause_dates) or any(inside(d.start, d.end) for d in said_days)
        referring = noun is not None and bool(clause_places or dated) and not is_figure
        if (killed or injured or referring) and telling.trigger is not None and (named or not telling.denied):
            # A toll with no event named: the incident the text is telling, in this source's words.
            trigger = telling.trigger
            near = _event_place(sentence, clause_places, c_start + noun.start()) if noun is not None else None
            place = near or _best_place(clause_places) or telling.place
            perp = _perpetrator_mention(clause_actors, sentence, (c_start, c_start))
            # "On Wednesday Moscow vetoed a resolution demanding an investigation into the attack": an event
            # talked about, after a preposition, is not dated by the clause's verb, only by a date of its own
            # ("Tuesday's attack", "the attack on Tuesday", "the attack, which took place on Saturday"). Not
            # where the clause tells its own dead ("On Friday, three were killed in retaliation for the strike").
            if named is not None and not (killed or injured) and _TALKED_ABOUT.search(clause, 0, named.start()):
                noun_end = c_start + named.end()
                beside = c_end if _RELATIVE_AFTER.match(sentence, noun_end) else noun_end + _BESIDE
                clause_dates = [d for d in clause_dates if c_start + named.start() <= d.start <= beside]
            found.append(
                claim(
                    "incident",
                    event_type=trigger.event_type,
                    sub_event_type=trigger.sub_event_type,
                    date=(clause_dates[0].value if clause_dates else None) or telling.date or DateValue(None),
                    places=_ordered(place, clause_places),
                    perpetrator=perp.actor if perp else telling.perpetrator[0],
                    perpetrator_text=perp.text if perp else telling.perpetrator[1],
                    victims=_victims(clause_victims, perp, sub, clause, sentence),
                    killed=killed,
                    injured=injured,
                    children_killed=_sub(sub, "children"),
                    women_killed=_sub(sub, "women"),
                )
            )
            continue

        place = _event_place(sentence, clause_places, c_start)
        if (
            (telling.trigger is None or telling.denied)
            and place is not None
            and not is_figure
            and (any(m in ("killed", "injured", "casualties") for m, _ in tolls) or _LOSS_WORDS.search(clause))
        ):
            # People killed or hurt at a place, by means the words do not name ("a man was killed in
            # Daraa", "human losses in Duma"): an incident whose type is left unknown.
            perp = _perpetrator_mention(clause_actors, sentence, (c_start, c_start))
            listed = _listed_places(sentence, place, clause_places, c_end)
            parts = _tolls_by_place(sentence, listed, clause_places, placed_tolls, killed, injured, sub)
            for n, where in enumerate(listed):
                found.append(
                    claim(
                        "incident",
                        key="" if n == 0 else f"|0|{n}",
                        date=clause_dates[0].value if clause_dates else DateValue(None),
                        places=_ordered(where, clause_places),
                        perpetrator=perp.actor if perp else None,
                        perpetrator_text=perp.text if perp else None,
                        victims=_victims(clause_victims, perp, sub, clause, sentence),
                        **parts[n],
                    )
                )
            continue

        if tolls:
            found.extend(
                _figures(
                    claim,
                    tolls,
                    None,
                    periods,
                    _one_country_of_two(sentence, clause_places),
                    _not_counted(sentence, clause_actors),
                    published,
                    _of_the_dead(included, placed_tolls),
                )
            )
    return found


# A number, and perhaps "of" or one word, right before an actor: the actor is who was counted ("400 Houthi
# fighters", "dozens of IS militants"), not who did it.
_COUNTED = re.compile(
    r"(?:(?<![\d,.])(?!(?:19|20)\d\d\b)\d[\d,.]*|hundreds|thousands|dozens|scores)\s+(?:of\s+)?(?:[^\W\d][\w-]*\s+)?$",
    re.IGNORECASE,
)  # not a year: "17 Sep 2014 Syrian air strikes …"


def _not_counted(sentence: str, actors: list[ActorMention]) -> list[ActorMention]:
    """The actors, less those a figure counts: a figure's doer is never its dead."""
    return [a for a in actors if not _COUNTED.search(sentence, max(0, a.start - 30), a.start)]


# "in Iraq and Syria", "Syria and Iraq": a country named with another.
_AND_BEFORE = re.compile(r"([^\W\d_]+)\s+and\s+$")
_AND_AFTER = re.compile(r"\s+and\s+([^\W\d_]+)")


def _one_country_of_two(sentence: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """The places, less a country named with another one ("killed in Iraq and Syria since 2014"): the figure is
    both countries', and filing it under one would set it beside that country's own counts."""

    def foreign_country(word: str) -> bool:
        tokens = tokenize(word)
        return bool(tokens) and any(
            f.is_country and f.exact == tokens[0].folded for f in default_world().lookup(tokens[0].key)
        )

    kept = []
    for p in places:
        if p.place is not None and p.place.kind == "country":
            before = _AND_BEFORE.search(sentence, 0, p.start)
            after = _AND_AFTER.match(sentence, p.end)
            if (before and foreign_country(before[1])) or (after and foreign_country(after[1])):
                continue
        kept.append(p)
    return kept


def _of_the_dead(included: Sequence[SubCount], tolls: list[tuple[str, Count, int]]) -> list[SubCount]:
    """The children and women a death toll includes: those told after a toll of the killed, not after the wounded,
    the displaced or the rescued ("2,000 wounded, including 130 children")."""
    out = []
    for sub in included:
        before = [(at, measure) for measure, _count, at in tolls if at < sub.start]
        if before and max(before)[1] == "killed":
            out.append(sub)
    return out


def _figures(
    make: Callable[..., Claim],
    tolls: list[tuple[str, Count]],
    share: PercentMention | None,
    periods: list[PeriodMention],
    places: list[PlaceMention],
    actors: list[ActorMention],
    published: DateValue,
    included: Sequence[SubCount] = (),
) -> list[Claim]:
    """One figure per measured count (and one for a share destroyed), with the clause's period; the children
    and women a death toll includes ("6,500 civilians, including 1,928 children") are figures of their own."""
    period = periods[0] if periods else None
    end = period.end_value if period and period.end_value and period.end_value.value else None
    # A figure's doer is its subject, named first ("Russian military operations have resulted in …").
    doer = next((a for a in actors if a.actor != "Civilians"), None)
    perpetrator = (doer.actor, doer.text) if doer else (None, None)
    common: dict[str, Any] = {
        "places": _ordered(_best_place(places), places),
        "period_start": period.start_value if period else None,
        # A running total ("have been displaced") runs up to the day it was published.
        "period_end": end or (published if published.value else None),
        "perpetrator": perpetrator[0],
        "perpetrator_text": perpetrator[1],
    }
    out: list[Claim] = []
    if share is not None:
        whole = round(share.value)
        out.append(
            make(
                "figure",
                measure="destroyed_buildings_pct",
                percent=share.value,
                value=Count(whole, whole if share.high is None else round(share.high), share.qualifier, share.text),
                **common,
            )
        )
    out.extend(make("figure", measure=measure, value=count, **common) for measure, count in tolls)
    if any(measure == "killed" for measure, _ in tolls):
        out.extend(
            make("figure", key=f"|{s.group}", measure="killed", value=s.count, **{**common, "victims": s.group})
            for s in included
        )
    return out


_JOIN = re.compile(r"\band\b|[,;]", re.IGNORECASE)


def _segments(sentence: str, groups: list[list[EventTrigger]], c_start: int, c_end: int) -> list[tuple[int, int]]:
    """The stretch of a clause that tells each event: events are cut apart at the last "and" or comma
    before the next event's words ("3 killed in the bombing of Nawa and 4 in a mine blast in Tasil")."""
    bounds = [c_start]
    for previous, group in itertools.pairwise(groups):
        lo, hi = previous[-1].end, group[0].start
        joins = list(_JOIN.finditer(sentence, lo, hi))
        bounds.append(joins[-1].start() if joins else hi)
    bounds.append(c_end)
    return list(itertools.pairwise(bounds))


def _victims(
    victims: list[VictimMention], perpetrator: ActorMention | None, sub: list[SubCount], clause: str, sentence: str
) -> str | None:
    """Who suffered: the first group named that is not the doer ("Rebels commit a massacre against
    civilians"); else civilians when children or women are counted or the words say massacre. People or
    persons hurt, no group named, stay unknown: UCDP codes them so (deaths_unknown) as often as civilians."""
    for victim in victims:
        if perpetrator is not None and victim.start < perpetrator.end and perpetrator.start < victim.end:
            continue
        if _VICTIM_AS_ADJECTIVE.match(sentence, victim.end) or _POSSESSIVE.match(sentence, victim.end):
            continue  # "a terrorist attack", "militant positions": the word names the doer or the target
        return victim.group
    if sub or _MASSACRE.search(clause):
        return "civilians"
    return None


def _listed_places(
    sentence: str, place: PlaceMention | None, places: list[PlaceMention], end: int
) -> list[PlaceMention | None]:
    """The event's place and the places listed with it ("in Homs and Damascus"): one event each."""
    if place is None:
        return [place]
    out = [place]
    last_end = place.end
    for other in sorted(places, key=lambda p: p.start):
        if other.start <= out[-1].start or other.start >= end or other.place is None:
            continue
        if _PLACE_LIST.fullmatch(sentence[last_end : other.start]) is None:
            break
        last_end = other.end
        apposed = _apposed(sentence, out[-1], other)
        if apposed and (word := _PLACE_TYPE_WORD.match(sentence, other.end)):
            last_end = word.end()  # "Saraqeb, Idlib province, and Kafranbel": the list goes on after "province"
        if all(other.place.id != p.place.id for p in out if p.place) and not apposed:
            out.append(other)
    return list(out)


def _tolls_by_place(
    sentence: str,
    listed: list[PlaceMention | None],
    places: list[PlaceMention],
    tolls: list[tuple[str, Count, int]],
    killed: Count | None,
    injured: Count | None,
    subcounts: list[SubCount],
) -> list[dict[str, Count | None]]:
    """Each listed place's tolls (killed, injured, children and women killed): the whole toll where one place is
    told, else each place's share or the toll of the place it names (``_shared``, ``_toll_owner``)."""
    dead = _toll_owner(sentence, listed, places, tolls, "killed")
    hurt = _toll_owner(sentence, listed, places, tolls, "injured")
    children, women = _sub(subcounts, "children"), _sub(subcounts, "women")
    return [
        {
            "killed": _shared(killed, len(listed), n, dead),
            "injured": _shared(injured, len(listed), n, hurt),
            "children_killed": _shared(children, len(listed), n, dead),
            "women_killed": _shared(women, len(listed), n, dead),
        }
        for n in range(len(listed))
    ]


def _shared(count: Count | None, places: int, n: int, owner: int | None = None) -> Count | None:
    """The n-th place's part of a toll told for several ("shelling hit Douma, Harasta and Arbin, killing nine"):
    divided evenly, as ACLED divides a total told for several locations, the remainder to the first places told,
    so that the parts add up to the total. The words stay as written (``text``). Where the toll names its own
    place (``owner``, the index of that place), all of it is that place's."""
    if count is None or places < 2:
        return count
    if owner is not None:
        return count if n == owner else None

    def part(value: int | None) -> int | None:
        return None if value is None else value // places + (1 if n < value % places else 0)

    return Count(part(count.min), part(count.max), "shared", count.text)


def _weeks_long(period: PeriodMention) -> bool:
    """A stretch of time longer than a week ("since January"), not the few days one event may last."""
    first = period.start_value.first_day if period.start_value else None
    last = period.end_value.last_day if period.end_value else None
    return first is None or last is None or (last - first).days > 7


# How far after a toll's number its own place may be named ("killing five people in Douma").
_TOLL_PLACE_CHARS = 40


def _toll_owner(
    sentence: str,
    listed: list[PlaceMention | None],
    places: list[PlaceMention],
    tolls: list[tuple[str, Count, int]],
    measure: str,
) -> int | None:
    """Which of the listed places a toll of ``measure`` names again as its own ("air strikes hit Douma and Harasta,
    killing five people in Douma and wounding three in Harasta") or is told of ("… Saraqeb and Ariha, where three
    children died"): the index of that place, or None where the toll is the list's ("killed nine in Douma,
    Harasta and Arbin", where the mention after the number is the list)."""
    at = next((at for told, _count, at in tolls if told == measure), None)
    if at is None or len(listed) < 2:
        return None
    for n, place in enumerate(listed):
        if place is None or place.end >= at:
            continue
        if (m := _ON_PLACE.fullmatch(sentence, place.end, at)) is not None and m[1].lower() == "where":
            return n
    ids = [p.place.id if p is not None and p.place is not None else None for p in listed]
    for mention in places:
        near = at < mention.start <= at + _TOLL_PLACE_CHARS and mention not in listed
        if near and mention.place is not None and mention.place.id in ids:
            return ids.index(mention.place.id)
    return None


def _apposed(sentence: str, inner: PlaceMention, outer: PlaceMention) -> bool:
    """``outer``, set after ``inner`` by a comma and a few words, only says where it is (``_locates``)."""
    return _APPOSITION.fullmatch(sentence, inner.end, outer.start) is not None and _locates(outer, inner)


def _locates(outer: PlaceMention, inner: PlaceMention) -> bool:
    """The second place only says where the first is ("Mansoura, Raqqa province", "Kafranbel, in the southern
    Idlib countryside"): one place, not a list of two, and no join between two events' stretches."""
    return (
        outer.place is not None
        and (outer.precision >= 3 or outer.relation == "countryside" or outer.place.kind in ("region", "admin2"))
        and inner.place is not None
        and outer.place.id != inner.place.id
        and bool(inner.place.admin1)
        and inner.place.admin1 == outer.place.admin1
    )


def _without(claim: Claim, killed: Count | None, injured: Count | None) -> Claim:
    """``claim`` without the tolls another stretch of its sentence tells of its own place."""
    if (killed is None or claim.killed != killed) and (injured is None or claim.injured != injured):
        return claim
    return replace(
        claim,
        killed=None if killed is not None and claim.killed == killed else claim.killed,
        injured=None if injured is not None and claim.injured == injured else claim.injured,
    )


def _sub(subcounts: list[SubCount], group: str) -> Count | None:
    return next((s.count for s in subcounts if s.group == group), None)


def _measure_words(clause: str) -> str | None:
    targets = find_targets(clause)
    return f"attacks_on_{targets[0].target.replace(' ', '_')}s" if targets else None


_RELATIVE_BETWEEN = re.compile(r"\b(?:who|whom|which|that|after|before|as)\b", re.IGNORECASE)
# A stretch that goes on the verb of the sentence's subject ("Shelling killed nine in Douma | and wounded two …").
_SAME_SUBJECT = re.compile(r"[\s,]*and\s+(?:also\s+)?(?:killed|wounded|injured|killing|wounding|injuring|left)\b", re.I)


def _conjuncts(sentence: str, places: list[PlaceMention]) -> list[tuple[int, int]]:
    """The stretches of a sentence joined by "and" or a comma between two places ("clashes in Daraa |
    and shelling targets Aleppo"); one stretch, the whole sentence, when no join stands between places."""
    resolved = [p for p in places if p.place is not None]
    cuts = [
        join.start()
        for first, second in itertools.pairwise(resolved)
        if not _apposed(sentence, first, second)
        for join in _JOIN.finditer(sentence, first.end, second.start)
        # ", where five people were killed" tells of the place before it, not another event.
        if not _ON_PLACE.match(sentence, join.start())
    ]
    return list(itertools.pairwise([0, *cuts, len(sentence)]))


def _conjoined_triggers(
    sentence: str, triggers: list[EventTrigger], conjuncts: list[tuple[int, int]]
) -> list[EventTrigger]:
    """Events joined by "and" at different places ("clashes in Daraa and shelling targets Aleppo") are
    two events, even where the typer merges their words into one (it reads a sentence as one event's
    words: clashes beside a bombardment are the bombardment). Each conjunct between two places is typed
    on its own, and a type it finds that the whole sentence lost is added."""
    if len(conjuncts) < 2 or not triggers:
        return triggers
    have = {t.sub_event_type for t in triggers}
    added: list[EventTrigger] = []
    for lo, hi in conjuncts:
        # A type already found, but in another conjunct ("shelling on Nawa and shelling on Tasil"), is
        # this conjunct's own event too: _event_groups tells whether it is another one.
        here = {t.sub_event_type for t in triggers if lo <= t.start < hi}
        for t in find_event_triggers(sentence[lo:hi]):
            # "Shelling hit Douma and Arbin, killing nine people": the killing told as the shelling's result is the
            # shelling's, not an attack of its own in the last conjunct ("… and guards kill a child in Aleppo" is).
            # So is a killing told of a place named ("… and Douma, where five people were killed").
            told_of = _RESULT.match(t.text) or _ON_PLACE.search(sentence, lo, t.start + lo)
            if t.sub_event_type == "Attack" and t.score < _WEAK and have - {"Attack"} and told_of:
                continue
            if t.sub_event_type not in have or (lo > 0 and t.sub_event_type not in here):
                have.add(t.sub_event_type)
                here.add(t.sub_event_type)
                added.append(replace(t, start=t.start + lo, end=t.end + lo))
    return sorted(triggers + added, key=lambda t: t.start) if added else triggers


_PLACE_TYPE_WORD = re.compile(r"\s+(?:province|governorate|countryside|district|region|area)\b", re.IGNORECASE)
# A participle telling what the event before it did ("…, killing nine people").
_RESULT = re.compile(r"(?:killing|wounding|injuring|leaving)\b", re.IGNORECASE)
# Words between a place and the one that says where it is: a comma and at most three words, none a join
# ("Mansoura, Raqqa province", "Kafranbel, in the southern Idlib countryside"; not "Homs and airstrikes …").
_APPOSITION = re.compile(r"\s*,\s*(?:(?!(?:and|or|but|while)\b)[\w’'-]+\s+){0,3}", re.IGNORECASE)


def _event_groups(
    triggers: list[EventTrigger],
    places: list[PlaceMention],
    sentence: str = "",
    conjuncts: list[tuple[int, int]] | None = None,
) -> list[list[EventTrigger]]:
    """Triggers that tell one event stay together; a new type after a new place and a join ("and", a
    comma) is another event ("shelling on Nawa and clashes in Tasil"), while "an explosion in Azaz
    kills 7 fighters" is one."""
    groups: list[list[EventTrigger]] = [[triggers[0]]]
    for i, (previous, trigger) in enumerate(itertools.pairwise(triggers)):
        place_between = [p for p in places if previous.end <= p.start < trigger.start]
        joined = bool(place_between) and (
            not sentence or _JOIN.search(sentence, place_between[-1].end, trigger.start) is not None
        )
        # Conjuncts are typed on their own: words in two of them ("casualties in Hasakah after the clashes
        # in it, and shells target Suwaida") tell two events even with no place between the words.
        joined = joined or (
            conjuncts is not None and _conjunct_of(conjuncts, previous.start) != _conjunct_of(conjuncts, trigger.start)
        )
        # The same type told again with its own place after a join ("air strikes target Idlib and
        # warplanes renew the strikes on Homs") is another event, at that place.
        until = triggers[i + 2].start if i + 2 < len(triggers) else len(sentence) or math.inf
        between = {p.place.id for p in place_between if p.place is not None}
        own_place = any(
            p.place is not None and p.place.id not in between and trigger.end <= p.start < until for p in places
        )
        if joined and (trigger.sub_event_type != groups[-1][0].sub_event_type or (sentence and own_place)):
            groups.append([trigger])
        else:
            groups[-1].append(trigger)
    return groups


def _conjunct_of(conjuncts: list[tuple[int, int]], pos: int) -> int:
    return next((n for n, (lo, hi) in enumerate(conjuncts) if lo <= pos < hi), len(conjuncts))


def _group_start(group: list[EventTrigger], triggers: list[EventTrigger], clause_start: int) -> int:
    return clause_start if group[0] is triggers[0] else group[0].start


# At most this many characters between a town and the place that says where it is ("Jayrud near Damascus",
# "Kafr Zita, north of Hama").
_PLACE_ANCHOR_GAP = 20
_LIST_WORD = re.compile(r"\b(and|or)\b|[;]", re.IGNORECASE)


def _event_place(sentence: str, places: list[PlaceMention], trigger_start: int) -> PlaceMention | None:
    """Where the event happened: the first place named after its words ("used chlorine … in Latakia"),
    else the nearest before them; a country only when nothing closer is named."""
    resolved = [p for p in places if p.place is not None]
    # A place with no governorate is the country itself ("in Syria"): the last resort.
    specific = [p for p in resolved if p.place and p.place.admin1] or resolved
    after = [p for p in specific if p.start >= trigger_start]
    if after:
        return _quarter_of(sentence, after) or after[0]
    before = [p for p in specific if p.start < trigger_start]
    if not before:
        return None
    last = before[-1]
    # "killed 43 in the town of Jayrud near Damascus in a shelling attack": the nearest place only says
    # where the town is.
    town = before[-2] if len(before) > 1 else None
    if (
        town is not None
        and last.relation not in (None, "in")
        and town.precision < last.precision
        and last.start - town.end <= _PLACE_ANCHOR_GAP
        and not _LIST_WORD.search(sentence, town.end, last.start)  # "in Hama and near Aleppo": two places
    ):
        return town
    return last


# "Aleppo's Marjeh district", "Aleppos Marjeh district" (the apostrophe lost): a city's own quarter follows it.
_POSSESSIVE_GAP = re.compile(r"(?:['’]s?)?\s+")


def _quarter_of(sentence: str, places: list[PlaceMention]) -> PlaceMention | None:
    """The quarter a city's name introduces ("raids on Aleppo's Marjeh district"): the more exact place."""
    if len(places) < 2:
        return None
    city, quarter = places[0], places[1]
    assert city.place is not None and quarter.place is not None
    if (
        city.place.kind == "city"
        and (quarter.place.kind == "neighbourhood" or quarter.relation == "district")
        and quarter.place.admin1 == city.place.admin1
        and _POSSESSIVE_GAP.fullmatch(sentence, city.end, quarter.start) is not None
    ):
        return quarter
    return None


def _best_place(places: list[PlaceMention]) -> PlaceMention | None:
    """The most exact resolved place (a town over its governorate), first named on ties."""
    resolved = [p for p in places if p.place is not None]
    return min(resolved, key=lambda p: p.precision) if resolved else None


def _own_places(places: list[PlaceMention]) -> tuple[PlaceMention, ...]:
    return _ordered(_best_place(places), places)


def _ordered(first: PlaceMention | None, others: list[PlaceMention]) -> tuple[PlaceMention, ...]:
    rest = [p for p in others if p is not first and p.place is not None]
    return ((first,) if first else ()) + tuple(rest)


def _perpetrator_mention(actors: list[ActorMention], sentence: str, trigger: tuple[int, int]) -> ActorMention | None:
    """The mention that names who did it (see :func:`_perpetrator`)."""
    actor, text = _perpetrator(actors, sentence, trigger)
    if actor is None:
        return None
    return next(a for a in actors if a.actor == actor and a.text == text)


# Between two actors named as acting together: "Russian and Syrian government warplanes", "Syrian-Russian strikes",
# "Turkish, rebel and allied forces" ("or" names either, not both).
_TOGETHER = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)|-", re.IGNORECASE)


def _partners(actors: list[ActorMention], sentence: str, perp: ActorMention | None) -> tuple[str, ...]:
    """The actors named with the perpetrator as acting together, in the order named."""
    if perp is None:
        return ()
    ordered = sorted((a for a in actors if not a.metonym or a is perp), key=lambda a: a.start)
    at = next((n for n, a in enumerate(ordered) if a is perp), None)
    if at is None:
        return ()
    chain = [perp]
    for step in (-1, 1):
        n = at
        while 0 <= n + step < len(ordered):
            a, b = sorted((ordered[n], ordered[n + step]), key=lambda m: m.start)
            if _TOGETHER.fullmatch(sentence, a.end, b.start) is None:
                break
            n += step
            chain.append(ordered[n])
    names = [a.actor for a in sorted(chain, key=lambda m: m.start) if a.actor not in (perp.actor, "Civilians")]
    return tuple(dict.fromkeys(names))


def _perpetrator(actors: list[ActorMention], sentence: str, trigger: tuple[int, int]) -> tuple[str | None, str | None]:
    """Who did it, by English word order around the event words.

    The agent of a passive ("pelted … by residents") first; else the nearest
    actor before or within the event words (the subject: "a Russian air
    strike", "the regime used chlorine"); else one joined by "of"/"from"
    ("bombing of the international coalition"). An actor right after the verb
    is its object ("pelting Russian troops"), not its doer.
    """
    # "Russia", "Damascus" name a state by metonymy: a perpetrator only when nothing plainer is named.
    candidates = [a for a in actors if a.actor != "Civilians"]
    pool = [a for a in candidates if not a.metonym] or candidates
    start, end = trigger
    # Actors that start at or before the event words are their subject ("Russian air strike");
    # one inside them after their first word is their object ("pelting Russian troops").
    before = [a for a in pool if a.start <= start]
    after = [a for a in pool if a.start > start]
    for actor in after:
        if _BY_AGENT.search(sentence[max(0, actor.start - 16) : actor.start]):
            return actor.actor, actor.text
    if _PASSIVE.search(sentence[max(0, start - 12) : start]):
        return None, None  # "Russian vehicles being pelted": the subject suffered it
    if before:
        nearest = max(before, key=lambda a: a.start)
        return nearest.actor, nearest.text
    for actor in after:
        if actor.start >= end and _OF_AGENT.search(sentence[max(0, actor.start - 16) : actor.start]):
            return actor.actor, actor.text
    return None, None


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start] in " ,;:—–-":
        start += 1
    while end > start and sentence[end - 1] in " ,;:—–-":
        end -= 1
    return start, end


def _claim_id(document_id: str, kind: str, start: int, end: int, measure: str) -> str:
    """Stable ids: one document's clause gives one claim of a kind (figures: one per measure).

    The extractor's version is not part of the id: a new version that finds the
    same claim in the same words keeps its id, so the incidents built on it and
    the analysts' decisions anchored on it hold across re-extraction.
    """
    key = f"{document_id}|{kind}|{start}|{end}|{measure}"
    return sha256_hex(key.encode()).removeprefix("sha256:")[:24]
