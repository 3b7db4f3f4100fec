"""`athar media`: photos and video as evidence (issue 7).

Metadata, frames, near-duplicates, text in frames and content credentials
are made at ingest; these verbs show them, find re-uploads, link media to
incidents and flag graphic content. Every change is a custody entry.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from athar.cli.base import cli, clip, handle_errors, media_summary, output_file, settings_for
from athar.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from athar.media.records import IncidentMedia
    from athar.records import Item


@cli.group()
def media() -> None:
    """Photos and videos: metadata, frames, re-uploads, links to incidents, graphic flags.

    Example:

        athar media similar 3fa9c2e1
    """


def _item(workspace: Any, ref: str) -> Any:
    """The one item ``ref`` (a sha256 or enough of its start) names."""
    from athar.media.ingest import MEDIA_TYPES

    found = workspace.db.find_items(ref) if len(ref.removeprefix("sha256:")) >= 4 else []
    if not found:
        raise NotFoundError("ATH401", ref=ref)
    if len(found) > 1:
        raise NotFoundError("ATH402", ref=ref, matches=", ".join(i.short_id for i in found))
    item = found[0]
    if item.media_type not in MEDIA_TYPES:
        raise InputError("ATH225", ref=ref, media_type=item.media_type)
    return item


def _incident(workspace: Any, ref: str) -> str:
    from sqlalchemy import select

    from athar.store.schema import incidents

    with workspace.db.engine.connect() as conn:
        found = list(
            conn.execute(
                select(incidents.c.id).where(incidents.c.id.startswith(ref, autoescape=True)).limit(2)
            ).scalars()
        )
    if len(found) != 1:
        raise NotFoundError("ATH405", ref=ref)
    return str(found[0])


def _open(ctx: click.Context) -> Any:
    from athar.workspace import Workspace

    return Workspace.open(settings_for(ctx), create=False)


def _capture(item: Any) -> str:
    m = item.media
    if m is None:
        return ""
    bits = [media_summary(m)]
    if m.captured_at_source:
        bits.append(f"(time from {m.captured_at_source})")
    if m.device:
        bits.append(f"device {m.device}")
    if m.codecs:
        bits.append("codecs " + ",".join(m.codecs))
    return " ".join(bits)


# -- show / analyse ------------------------------------------------------------------


@media.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print item, analysis and custody as JSON.")
@click.option("--exiftool", is_flag=True, help="Also print exiftool's full JSON.")
@click.pass_context
@handle_errors
def show_media(ctx: click.Context, ref: str, as_json: bool, exiftool: bool) -> None:
    """Show what Athar knows of a photo or video: metadata, hashes, frames, credentials, links.

    Example:

        athar media show 3fa9c2e1 --exiftool
    """
    from athar.media import store

    with _open(ctx) as workspace:
        item = _item(workspace, ref)
        analysis = store.load_analysis(workspace.db, item.sha256)
        flag = store.flags(workspace.db, [item.sha256]).get(item.sha256)
        linked = store.links(workspace.db, item_sha256=item.sha256)
        history = list(workspace.db.iter_custody(item_sha256=item.sha256))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "item": item.to_dict(),
                    "analysis": analysis.to_dict() if analysis else None,
                    "graphic": flag.to_dict() if flag else None,
                    "incidents": [link.to_dict() for link in linked],
                    "custody": [e.to_dict() for e in history],
                },
                ensure_ascii=False,
            )
        )
        return
    m = item.media
    rows = [
        ("item", item.sha256),
        ("name", item.original_name),
        ("type", f"{item.media_type}, {item.size:,} bytes"),
        ("source", item.source),
    ]
    if m is not None:
        rows += [
            ("media", media_summary(m)),
            ("captured", f"{m.captured_at} (from {m.captured_at_source})" if m.captured_at else "unknown"),
            ("GPS", f"{m.latitude:.6f},{m.longitude:.6f}" if m.latitude is not None else None),
            ("device", m.device),
            ("codecs", ", ".join(m.codecs) if m.codecs else None),
            ("read by", m.produced_by),
        ]
    if flag is not None and flag.graphic:
        rows.append(("graphic", f"yes ({flag.reason}; {flag.actor}, {flag.at})"))
    if analysis is not None:
        rows.append(
            (
                "C2PA",
                analysis.provenance.status
                + (f" ({', '.join(analysis.provenance.reasons)})" if analysis.provenance.reasons else ""),
            )
        )
        if analysis.hashes:
            first = analysis.hashes[0]
            label = "PDQ" if len(analysis.hashes) == 1 else f"PDQ ({len(analysis.hashes)} frames; first)"
            rows.append((label, f"{first.pdq} quality {first.quality}"))
            rows.append(("pHash", first.phash))
        rows.append(
            (
                "text",
                f"document {analysis.ocr_document} (athar show {analysis.ocr_document})"
                if analysis.ocr_document
                else "none found",
            )
        )
        if analysis.problems:
            rows.append(("problems", ", ".join(analysis.problems)))
    else:
        rows.append(("analysis", "not analysed yet (athar media analyse)"))
    for label, value in rows:
        if value:
            click.echo(f"{label + ':':<10} {value}")
    if analysis is not None and analysis.derivations:
        click.echo(f"\n-- {len(analysis.derivations)} derived item(s) --")
        for d in analysis.derivations:
            at = f"{d.time_s:8.2f}s" if d.time_s is not None else " " * 9
            click.echo(f"{d.kind:<14} {d.position:>4} {at}  {d.derived_sha256}")
    for link in linked:
        click.echo(f"\nincident {link.incident_id}: {link.reason} ({link.actor}, {link.at})")
    if exiftool and m is not None:
        click.echo("\n-- exiftool --")
        click.echo(json.dumps(m.raw.get("exiftool", {}), indent=1, ensure_ascii=False))
    click.echo("\n-- custody --")
    for entry in history:
        click.echo(f"#{entry.seq:<6} {entry.time}  {entry.actor}  {entry.action:<14} {entry.hash[:23]}…")


@media.command("analyse")
@click.argument("refs", nargs=-1)
@click.option("--redo", is_flag=True, help="Analyse again even if analysed (a new version, new settings).")
@click.pass_context
@handle_errors
def analyse_media(ctx: click.Context, refs: tuple[str, ...], redo: bool) -> None:
    """Analyse stored photos and videos (all not analysed yet, or those named).

    Ingest does this by itself; run it for items an interrupted ingest left
    unanalysed, or with --redo after changing the [media] settings.

    Example:

        athar media analyse
    """
    from athar.media.ingest import Analyser

    settings = settings_for(ctx)
    failed = 0
    with _open(ctx) as workspace:
        chosen = [_item(workspace, ref) for ref in refs] if refs else list(workspace.db.iter_items())
        analyser = Analyser(workspace, settings)
        todo = analyser.pending(chosen, redo=redo or bool(refs))
        for report in analyser.run(todo):
            for error in report.errors:
                click.echo(f"error[{error.code}]: {error.message}", err=True)
            failed += bool(report.errors)
            for warning in report.warnings:
                click.echo(f"warning: {warning}", err=True)
            click.echo(f"analysed {report.item.sha256[:19]}…  {report.item.original_name or ''}  ({report.derived()})")
            for note in report.notes():
                click.echo(f"         {note}")
    click.echo(f"summary: {len(todo)} analysed, {failed} with problems")
    if failed:
        sys.exit(1)


# -- near-duplicates -----------------------------------------------------------------


@media.command("similar")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per match.")
@click.option("--show-graphic", is_flag=True, help="List items flagged graphic too.")
@click.pass_context
@handle_errors
def similar(ctx: click.Context, ref: str, as_json: bool, show_graphic: bool) -> None:
    """List held photos and videos that look like this one, with their distances.

    PDQ distance of 31 bits of 256 or less is a match (pHash of 10 of 64 the
    second signal); videos are compared frame by frame.

    Example:

        athar media similar 3fa9c2e1
    """
    from athar.media import store
    from athar.media.similar import Catalog, cache_path

    settings = settings_for(ctx)
    with _open(ctx) as workspace:
        item = _item(workspace, ref)
        analysis = store.load_analysis(workspace.db, item.sha256)
        if analysis is None or not analysis.hashes:
            click.echo(f"{item.short_id}: no hashes (not analysed, or not decodable: athar media show {item.short_id})")
            return
        catalog = Catalog.load(workspace.db, cache=cache_path(workspace.root))
        matches = catalog.similar(analysis.hashes, settings=settings.media, exclude=item.sha256)
        hidden = store.graphic_items(workspace.db, [m.item_sha256 for m in matches]) if not show_graphic else set()
        held = {m.item_sha256: workspace.db.item(m.item_sha256) for m in matches}
    shown = [m for m in matches if m.item_sha256 not in hidden]
    for match in shown:
        other = held[match.item_sha256]
        if as_json:
            click.echo(json.dumps({**match.to_dict(), "original_name": other.original_name if other else None}))
            continue
        pdq = f"{match.pdq_distance:>3}" if match.pdq_distance is not None else "  -"
        frames = f"{match.frames_matched}/{match.frames} frames" if match.frames > 1 else ""
        at = f"at {match.at_s:.1f}s" if match.at_s is not None else ""
        flag = "" if match.reliable else "  (pHash only)"
        name = other.original_name if other else ""
        click.echo(
            f"{match.item_sha256[:19]}…  PDQ {pdq}/256  pHash {match.phash_distance:>2}/64  "
            f"{frames:<14} {at:<10} {clip(name or '', 40)}{flag}"
        )
    if not as_json:
        note = f"; {len(hidden)} flagged graphic hidden (--show-graphic)" if hidden else ""
        click.echo(f"{len(shown)} near-duplicate(s) of {item.short_id}{note}")


# -- incidents -----------------------------------------------------------------------


@media.command("attach")
@click.argument("ref")
@click.argument("incident")
@click.option("--reason", required=True, help="Why this shows the incident (recorded in custody).")
@click.option("--actor", help="Who is recorded in the custody log [default: user@host].")
@click.pass_context
@handle_errors
def attach(ctx: click.Context, ref: str, incident: str, reason: str, actor: str | None) -> None:
    """Attach a photo or video to an incident, with the reason; custody records it.

    Example:

        athar media attach 3fa9c2e1 252163d1c985112b --reason "same minaret as the SANA photo"
    """
    from athar.media import store
    from athar.media.records import IncidentMedia
    from athar.records import utc_now

    with _open(ctx) as workspace:
        item = _item(workspace, ref)
        incident_id = _incident(workspace, incident)
        link = IncidentMedia(incident_id, item.sha256, reason, actor or workspace.actor, utc_now())
        entry = store.attach(workspace.db, link)
    click.echo(f"attached {item.short_id} to incident {incident_id} (custody #{entry.seq})")


@media.command("detach")
@click.argument("ref")
@click.argument("incident")
@click.option("--reason", required=True, help="Why the link is removed (recorded in custody).")
@click.option("--actor", help="Who is recorded in the custody log [default: user@host].")
@click.pass_context
@handle_errors
def detach(ctx: click.Context, ref: str, incident: str, reason: str, actor: str | None) -> None:
    """Remove a photo or video from an incident; custody records it.

    Example:

        athar media detach 3fa9c2e1 252163d1c985112b --reason "another minaret"
    """
    from athar.media import store

    with _open(ctx) as workspace:
        item = _item(workspace, ref)
        entry = store.detach(workspace.db, incident, item.sha256, reason=reason, actor=actor or workspace.actor)
    if entry is None:
        raise InputError("ATH227", ref=ref, incident=incident)
    click.echo(f"detached {item.short_id} from incident {incident} (custody #{entry.seq})")


@media.command("list")
@click.option("--incident", help="Only the media attached to this incident.")
@click.option("--show-graphic", is_flag=True, help="List items flagged graphic too (hidden by default).")
@click.option("--limit", default=100, show_default=True, help="How many to list.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per item.")
@click.pass_context
@handle_errors
def list_media(ctx: click.Context, incident: str | None, show_graphic: bool, limit: int, as_json: bool) -> None:
    """List photos and videos (an incident's evidence with --incident): hashes and capture metadata.

    Items flagged graphic are hidden unless --show-graphic.

    Example:

        athar media list --incident 252163d1c985112b
    """
    from athar.media import store
    from athar.media.ingest import MEDIA_TYPES, is_derived

    with _open(ctx) as workspace:
        candidates: list[tuple[Item | None, IncidentMedia | None]]
        if incident:
            incident_id = _incident(workspace, incident)
            linked = store.links(workspace.db, incident_id=incident_id)
            candidates = [(workspace.db.item(link.item_sha256), link) for link in linked]
        else:
            candidates = [
                (i, None) for i in workspace.db.iter_items() if i.media_type in MEDIA_TYPES and not is_derived(i)
            ]
        entries = [(i, link) for i, link in candidates if i is not None][:limit]
        graphic = store.graphic_items(workspace.db, [i.sha256 for i, _ in entries])
        analyses = {i.sha256: store.load_analysis(workspace.db, i.sha256) for i, _ in entries}
    hidden = 0
    for item, link in entries:
        if item.sha256 in graphic and not show_graphic:
            hidden += 1
            continue
        analysis = analyses.get(item.sha256)
        first = analysis.hashes[0] if analysis and analysis.hashes else None
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "sha256": item.sha256,
                        "media_type": item.media_type,
                        "original_name": item.original_name,
                        "media": {k: v for k, v in (item.media.to_dict() if item.media else {}).items() if k != "raw"},
                        "pdq": first.pdq if first else None,
                        "pdq_quality": first.quality if first else None,
                        "phash": first.phash if first else None,
                        "provenance": analysis.provenance.status if analysis else None,
                        "graphic": item.sha256 in graphic,
                        "link": link.to_dict() if link else None,
                    },
                    ensure_ascii=False,
                )
            )
            continue
        mark = " [GRAPHIC]" if item.sha256 in graphic else ""
        click.echo(f"{item.sha256}{mark}  {clip(item.original_name or '', 40)}")
        click.echo(f"    {_capture(item)}")
        if first and analysis:  # a first hash comes only with an analysis
            click.echo(
                f"    PDQ {first.pdq} (quality {first.quality})  pHash {first.phash}  C2PA {analysis.provenance.status}"
            )
        if link:
            click.echo(f"    attached: {link.reason} ({link.actor}, {link.at})")
    if not as_json:
        what = f"attached to incident {incident}" if incident else "held"
        note = f"; {hidden} flagged graphic hidden (--show-graphic)" if hidden else ""
        click.echo(f"{len(entries) - hidden} photo(s)/video(s) {what}{note}")


# -- graphic content -----------------------------------------------------------------


@media.command("flag")
@click.argument("ref")
@click.option("--graphic/--not-graphic", default=True, help="Flag the item as graphic, or clear the flag.")
@click.option("--reason", required=True, help="Why (recorded in custody).")
@click.option("--actor", help="Who is recorded in the custody log [default: user@host].")
@click.pass_context
@handle_errors
def flag(ctx: click.Context, ref: str, graphic: bool, reason: str, actor: str | None) -> None:
    """Flag a photo or video as graphic (its frames too): listings hide it, thumbnails blur it.

    Example:

        athar media flag 3fa9c2e1 --graphic --reason "bodies visible"
    """
    from athar.media import store
    from athar.media.records import GraphicFlag
    from athar.records import utc_now

    with _open(ctx) as workspace:
        item = _item(workspace, ref)
        entry = store.set_flag(
            workspace.db, GraphicFlag(item.sha256, graphic, reason, actor or workspace.actor, utc_now())
        )
    state = "flagged graphic" if graphic else "no longer flagged graphic"
    click.echo(f"{item.short_id} {state} (custody #{entry.seq})")


@media.command("thumbnail")
@click.argument("ref")
@click.option("-o", "--output", metavar="FILE", callback=output_file, required=True, help="JPEG to write.")
@click.option("--unblurred", is_flag=True, help="Do not blur a graphic item's thumbnail.")
@click.pass_context
@handle_errors
def thumbnail(ctx: click.Context, ref: str, output: str, unblurred: bool) -> None:
    """Write an item's thumbnail (blurred when the item is flagged graphic).

    Example:

        athar media thumbnail 3fa9c2e1 -o thumb.jpg
    """
    from PIL import Image

    from athar.media import frames, store

    settings = settings_for(ctx)
    with _open(ctx) as workspace:
        item = _item(workspace, ref)
        analysis = store.load_analysis(workspace.db, item.sha256)
        made = [d for d in (analysis.derivations if analysis else ()) if d.kind == "thumbnail"]
        if not made:
            click.echo(f"{item.short_id}: no thumbnail (not analysed, or not decodable)", err=True)
            sys.exit(1)
        graphic = bool(store.graphic_items(workspace.db, [item.sha256]))
        with Image.open(workspace.blobs.path(made[0].derived_sha256)) as image:
            picture = frames.thumbnail(image, side=settings.media.thumbnail_side, blur=graphic and not unblurred)
    frames.save_jpeg(picture, Path(output))
    click.echo(f"wrote {output}" + (" (blurred: flagged graphic)" if graphic and not unblurred else ""))
