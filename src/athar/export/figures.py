"""Figure series as JSON Lines: one series per line, every source's figure with its words and date."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any

from athar.export.jsonl import write_lines
from athar.records import NO_LOCATION, Count, Document, FigureSeries


def _count(count: Count | None) -> dict[str, Any] | None:
    return {"min": count.min, "max": count.max, "qualifier": count.qualifier, "text": count.text} if count else None


def series_row(series: FigureSeries, documents: Mapping[str, Document]) -> dict[str, Any]:
    return {
        "id": series.id,
        "measure": series.measure,
        "victims": series.victims,
        "perpetrator": series.perpetrator,
        **(series.place.location() if series.place else NO_LOCATION),
        "sources": list(series.sources),
        "latest": _count(series.latest),
        "conceded_latest": _count(series.conceded_latest),
        "points": [
            {
                "said_on": p.said_on.value,
                "source": p.source,
                "value": _count(p.value),
                "percent": p.percent,
                "conceded": p.conceded,
                "period_start": p.period_start.value if p.period_start else None,
                "period_end": p.period_end.value if p.period_end else None,
                "claim": p.claim_id,
                "document": documents[p.document_id].url or p.document_id
                if p.document_id in documents
                else p.document_id,
                "text": p.text,
            }
            for p in series.points
        ],
        "produced_by": series.produced_by,
    }


def write_jsonl(series: Iterable[FigureSeries], documents: Mapping[str, Document], out: IO[str]) -> tuple[int, str]:
    return write_lines((series_row(s, documents) for s in series), out)
