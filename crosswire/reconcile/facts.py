"""A story's figures lined up: every source's value for each (type, group), a status and an estimate.

Each extracted count is read as the interval of values it plausibly stands for ("about 20" is
[16, 24], "dozens" [24, 100], and "at least 8" [8, 24]: a floor is what a reporter writes for the
tally as it stands, not for any number above it, so "more than 200" and "more than 2,000" are two
different tallies). Values that all allow one common number are `compatible`
(or `agree` when they say the same thing); values that cannot all be true are a `conflict`,
unless the count is a running tally (killed, detained, …) whose dated reports only ever rise,
which is the figure `evolving`. A source is who says the figure: an embedded post's author, else
the article's outlet, so the same post quoted by two articles is one source. A count that is a
part of another ("including 33 police cars", "two of them at the airport") is listed with its
fact's parts, never as a second value.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from crosswire.extract import infer_published
from crosswire.extract.counts import DEFAULT_GROUP
from crosswire.records import Article, Count, Estimate, Fact, FactValue
from crosswire.similarity import parse_published

# Types whose true value only grows as an event goes on: a higher later figure updates a lower one.
TALLIES = frozenset({"killed", "injured", "shot", "hospitalised", "detained", "missing", "evacuated",
                     "vehicles", "buildings", "flights"})
# Types left out of facts: background figures (a population, "0 resolutions") with no event type.
IGNORED_TYPES = frozenset({"other"})
# The spread an "about" allows on each side, how far above a floor the tally may be, and the ranges
# the vague words stand for.
ABOUT_SPREAD = 0.2
FLOOR_SPAN = 3.0
VAGUE = {"dozens": (24.0, 100.0), "hundreds": (200.0, 1000.0), "thousands": (2000.0, 1_000_000.0)}
_EARLIEST = datetime.min.replace(tzinfo=timezone.utc)
LEAD_FIRST = 2          # headline and first paragraph: what an article leads with
NOT_PEOPLE = frozenset({"vehicles", "aircraft", "buildings", "flights", "weapons", "money", "other"})


def interval(value: float | None, qualifier: str) -> tuple[float, float]:
    """The values a count stands for, as a closed interval (open ends nudged inward)."""
    if value is None:
        return VAGUE.get(qualifier, (0.0, math.inf))
    if qualifier == "at_least":
        return value, max(value * FLOOR_SPAN, value + 2)
    if qualifier == "more_than":
        return value + (1 if value == int(value) else 1e-9), max(value * FLOOR_SPAN, value + 2)
    if qualifier == "about":
        return value * (1 - ABOUT_SPREAD), value * (1 + ABOUT_SPREAD)
    if qualifier == "up_to":
        return 0.0, value
    return value, value


def written(value: float | None, qualifier: str) -> str:
    """A count as an editor would write it: "at least 8", "more than 2,000", "dozens"."""
    if value is None:
        return qualifier
    number = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    prefix = {"at_least": "at least ", "more_than": "more than ", "about": "about ", "up_to": "up to "}
    return prefix.get(qualifier, "") + number


@dataclass
class _Said:
    """One count as said by one source, before deduplication."""

    count: Count
    article: Article
    index: int                  # the count's index in its article

    @property
    def segment(self):
        return self.article.segments[self.count.segment]

    @property
    def source(self) -> str:
        seg = self.segment
        if seg.kind == "post" and (seg.author or seg.handle):
            return seg.author or seg.handle or ""
        return self.article.outlet or f"{self.article.language} article {self.article.id[:8]}"

    @property
    def published(self) -> str | None:
        seg = self.segment
        return seg.date if seg.kind == "post" and seg.date else self.article.published

    @property
    def dated(self) -> bool:
        """Whether `published` says when it was said: a post's date, the article's metadata, or
        what its own content dates it by; a date borrowed from the story does not."""
        seg = self.segment
        if seg.kind == "post" and seg.date:
            return True
        if self.article.published is None:
            return False
        return not self.article.published_inferred or infer_published(self.article.segments) is not None

    def value(self) -> FactValue:
        c, a = self.count, self.article
        return FactValue(value=c.value, qualifier=c.qualifier, text=c.text, object=c.object, article=a.id,
                         segment=c.segment, sentence=c.sentence, language=self.segment.language or a.language,
                         outlet=a.outlet, published=self.published, attribution=c.attribution,
                         hedged=c.hedged, source=self.source, articles=[a.id])


def group_of(count: Count) -> str:
    return count.group or DEFAULT_GROUP.get(count.type, "people")


def story_facts(members: Iterable[Article]) -> list[Fact]:
    """The facts of a story's articles, biggest first (most sources, then type and group)."""
    values: dict[tuple[str, str], list[_Said]] = {}
    parts: dict[tuple[str, str], list[_Said]] = {}
    for article in sorted(members, key=lambda a: (a.published or "", a.id)):
        for i, count in enumerate(article.counts):
            if count.type in IGNORED_TYPES:
                continue
            whole = _whole(article, count)
            if whole is not None:
                parts.setdefault((whole.type, group_of(whole)), []).append(_Said(count, article, i))
            else:
                values.setdefault((count.type, group_of(count)), []).append(_Said(count, article, i))
    _join_unnamed(values)
    facts = [_fact(key, said, parts.get(key, [])) for key, said in values.items()]
    return sorted(facts, key=lambda f: (-len({v.source for v in f.values}), f.type, f.group))


def _join_unnamed(values: dict[tuple[str, str], list[_Said]]) -> None:
    """Figures of "people" (nobody named: "2000 people jailed") join the one named group of the
    same type they are about ("more than 2,000 protesters detained"): the only one whose figures
    are within a factor of two of theirs. With several such groups (killed: police, protesters)
    it is unclear which, and "people" stays a fact of its own."""
    for kind in {k for k, _ in values}:
        unnamed = values.get((kind, "people"))
        if not unnamed:
            continue
        near = [key for key in values if key[0] == kind and key[1] not in NOT_PEOPLE | {"people"}
                and any(_within(a, b, 2.0) for a in unnamed for b in values[key])]
        if len(near) == 1:
            values[near[0]] = sorted(values[near[0]] + values.pop((kind, "people")),
                                     key=lambda s: (s.article.published or "", s.article.id, s.index))


def _within(a: _Said, b: _Said, factor: float) -> bool:
    low_a, high_a = interval(a.count.value, a.count.qualifier)
    low_b, high_b = interval(b.count.value, b.count.qualifier)
    return low_a <= high_b * factor and low_b <= high_a * factor


def _whole(article: Article, count: Count) -> Count | None:
    """The count this one is a part of, if any (and a real one: not itself, in range)."""
    index = count.part_of
    if index is None or not 0 <= index < len(article.counts) or article.counts[index] is count:
        return None
    return article.counts[index]


def _dedupe(said: list[_Said]) -> list[tuple[_Said, list[str]]]:
    """One value per source and figure: the same post quoted by two articles, or an outlet
    repeating its figure in headline and body, is one statement (with every article carrying it)."""
    merged: dict[tuple, tuple[_Said, list[str]]] = {}
    for s in said:
        key = (s.source, s.count.value, s.count.qualifier)
        if key in merged:
            if s.article.id not in merged[key][1]:
                merged[key][1].append(s.article.id)
        else:
            merged[key] = (s, [s.article.id])
    return list(merged.values())


def _fact(key: tuple[str, str], said: list[_Said], parts: list[_Said]) -> Fact:
    kind, group = key
    statements = _dedupe(said)
    values = []
    for s, articles in statements:
        v = s.value()
        v.articles = articles
        values.append(v)
    said = _per_source([s for s, _ in statements])
    status, explanation = _status(kind, said)
    if len(said) < len(statements):
        explanation += "; other figures from the same sources are read as sub-counts"
    return Fact(type=kind, group=group, status=status, explanation=explanation,
                estimate=_estimate(status, said), values=values,
                parts=[p.value() for p, _ in _dedupe(parts)])


def _per_source(said: list[_Said]) -> list[_Said]:
    """Each source's own figure for the fact: its first firm one. Several figures from one source
    are most often details of the first (120 shops, 180 restaurants), earlier events or other
    incidents it recalls, not the source contradicting itself; reporters lead with the figure of
    the event (on the gun-violence bench, the first mention beats the highest)."""
    best: dict[str, tuple[tuple, _Said]] = {}
    for s in said:
        rank = (s.count.hedged, s.article.published or "", s.count.segment, s.index)
        if s.source not in best or rank < best[s.source][0]:
            best[s.source] = (rank, s)
    return [s for _, s in best.values()]


def _common(intervals: list[tuple[float, float]]) -> tuple[float, float] | None:
    low, high = max(i[0] for i in intervals), min(i[1] for i in intervals)
    return (low, high) if low <= high else None


def _time(s: _Said) -> datetime | None:
    return parse_published(s.published) if s.dated else None


def _status(kind: str, said: list[_Said]) -> tuple[str, str]:
    figures = sorted({written(s.count.value, s.count.qualifier) for s in said})
    sources = {s.source for s in said}
    if len(said) == 1:
        return "single", f"only {next(iter(sources))} gives a figure"
    intervals = [interval(s.count.value, s.count.qualifier) for s in said]
    if len(figures) == 1:
        return "agree", f"{len(sources)} sources all say {figures[0]}"
    if _common(intervals) is not None:
        return "compatible", f"{', '.join(figures)} can all be true at once"
    if kind in TALLIES and _rose(said):
        first, last = _ordered(said)[0], _ordered(said)[-1]
        return "evolving", (f"the figure rose as the story went on: {written(first.count.value, first.count.qualifier)}"
                            f" then {written(last.count.value, last.count.qualifier)}")
    return "conflict", f"{' vs '.join(figures)} cannot all be true"


def _ordered(said: list[_Said]) -> list[_Said]:
    """A tally's reports from lowest to highest (for one that rose, the order they were made)."""
    return sorted(said, key=lambda s: (interval(s.count.value, s.count.qualifier)[0], _time(s) or _EARLIEST))


def _rose(said: list[_Said]) -> bool:
    """A running tally seen to rise: two dated reports that cannot both be true, the later one
    higher; no dated report below an earlier one, and none contradicting another made at the same
    time (undated reports fit wherever their value puts them)."""
    dated = sorted(((t, interval(s.count.value, s.count.qualifier)) for s in said if (t := _time(s))),
                   key=lambda x: x[0])
    rose = False
    for i, (t1, (low1, high1)) in enumerate(dated):
        for t2, (low2, high2) in dated[i + 1:]:
            if high2 < low1 or (t2 == t1 and low2 > high1):
                return False        # fell, or two figures at once that cannot both be true
            if t2 > t1 and low2 > high1:
                rose = True
    return rose


def _estimate(status: str, said: list[_Said]) -> Estimate:
    """The value a careful editor would print now, and why."""
    if status == "single":
        s = said[0]
        return Estimate(s.count.value, s.count.qualifier, f"the only figure, from {s.source}")
    if status == "agree":
        s = said[0]
        return Estimate(s.count.value, s.count.qualifier,
                        f"{len({x.source for x in said})} sources agree")
    if status == "compatible":
        return _tightest(said)
    if status == "evolving":
        latest = _ordered(said)[-1]
        when = f" ({latest.published[:10]})" if latest.published else ""
        return Estimate(latest.count.value, latest.count.qualifier,
                        f"the latest and highest report, from {latest.source}{when}")
    return _best_supported(said)


def _tightest(said: list[_Said]) -> Estimate:
    """Compatible figures: an exact figure inside what all allow (firm, attributed first), else
    the narrowest bound they imply."""
    intervals = [interval(s.count.value, s.count.qualifier) for s in said]
    low, high = _common(intervals) or (0.0, math.inf)
    exact = [s for s in said if s.count.qualifier == "exact" and s.count.value is not None
             and low <= s.count.value <= high]
    others = sorted({written(s.count.value, s.count.qualifier) for s in said} - {written(s.count.value, "exact") for s in exact})
    if exact:
        best = max(exact, key=lambda s: (not s.count.hedged, s.count.attribution is not None,
                                         len([x for x in exact if x.count.value == s.count.value])))
        by = f"{best.count.attribution}, via {best.source}" if best.count.attribution else best.source
        return Estimate(best.count.value, "exact",
                        f"the exact figure ({by}), consistent with {', '.join(others)}" if others
                        else f"the exact figure ({by})")
    floors = [s for s in said if s.count.qualifier in ("at_least", "more_than")]
    if floors:
        best = max(floors, key=lambda s: interval(s.count.value, s.count.qualifier)[0])
        return Estimate(best.count.value, best.count.qualifier,
                        f"the highest floor any source gives, from {best.source}")
    best = min(said, key=lambda s: (lambda i: i[1] - i[0])(interval(s.count.value, s.count.qualifier)))
    return Estimate(best.count.value, best.count.qualifier, f"the most precise figure, from {best.source}")


def _best_supported(said: list[_Said]) -> Estimate:
    """Conflicting figures: the one most sources allow; among equals the one an article leads with
    (headline or first paragraph), then the firm, attributed, latest."""
    def support(s: _Said) -> int:
        mine = interval(s.count.value, s.count.qualifier)
        return len({x.source for x in said if _common([mine, interval(x.count.value, x.count.qualifier)])})

    best = max(said, key=lambda s: (support(s), s.count.segment < LEAD_FIRST, not s.count.hedged,
                                    s.count.attribution is not None, _time(s) or _EARLIEST))
    rivals = sorted({written(s.count.value, s.count.qualifier) for s in said} - {written(best.count.value, best.count.qualifier)})
    n = support(best)
    return Estimate(best.count.value, best.count.qualifier,
                    f"disputed ({', '.join(rivals)} elsewhere); given by {n} source{'s' if n > 1 else ''}, "
                    f"{best.source}{' among them' if n > 1 else ''}")


LEAD_SEGMENTS = 3       # a figure in an article's first segments is about its own event


def headline_figure(facts: list[Fact], kind: str) -> float | None:
    """A story's one figure for a type (how many were killed): the estimate of its best-attested
    fact of that type — most sources, then nearest the articles' leads. Groups overlap ("a man",
    "the victim") so they are not summed, and a fact only one source gives deep in its article
    ("the city recorded 305 homicides that year") is background, not the story's figure. Without
    an injured figure, the injured are those shot who did not die ("four people were shot", one
    killed: three), else those taken to hospital."""
    def best(of: str) -> float | None:
        attested = [f for f in facts if f.type == of and f.estimate.value is not None
                    and (_sources(f) >= 2 or _lead(f) <= LEAD_SEGMENTS)]
        if not attested:
            return None
        return max(attested, key=lambda f: (_sources(f), -_lead(f), f.estimate.value)).estimate.value

    found = best(kind)
    if kind == "injured" and found is None:
        shot = best("shot")
        found = max(shot - (best("killed") or 0), 0) if shot is not None else best("hospitalised")
    return found


def _sources(fact: Fact) -> int:
    return len({v.source for v in fact.values})


def _lead(fact: Fact) -> int:
    return min(v.segment for v in fact.values)
