"""Ingest: every kind of input preserved and read; bad input refused without touching what is stored."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from athar.locker.verify import verify
from athar.pipeline import Ingest, expand_inputs, load_manifest
from athar.records import DateValue, Hints
from athar.settings import replace
from tests.conftest import FIXTURES
from tests.read.test_media import photo_with_exif
from tests.read.test_warc import make_warc


def ingest(workspace, settings, *paths, hints=None, manifest=None):
    inputs = expand_inputs([str(p) for p in paths], hints=hints, manifest=manifest)
    return list(Ingest(workspace, settings).run(inputs))


def snapshot(workspace):
    """Everything stored: rows, custody, and the bytes on disk."""
    files = {p: p.read_bytes() for p in sorted(workspace.blobs.blobs.rglob("*")) if p.is_file()}
    return (
        list(workspace.db.iter_items()),
        list(workspace.db.iter_documents()),
        list(workspace.db.iter_custody()),
        files,
    )


def test_seeds_with_manifest_become_documents_with_its_metadata(workspace, settings, seeds):
    outcomes = ingest(workspace, settings, seeds / "seeds", manifest=load_manifest(seeds / "seeds.jsonl"))
    assert [o.status for o in outcomes] == ["stored"] * 3
    by_outlet = {o.documents[0].outlet: o.documents[0] for o in outcomes}
    southfront = by_outlet["SouthFront"]
    assert southfront.published == DateValue("2018-04", "month")
    assert southfront.language == "en"
    assert southfront.notes and "MARCH 2025" in southfront.notes
    assert len(southfront.comments) > 10 and "Support SouthFront" not in southfront.body
    central = by_outlet["Central Asia News"]
    assert central.url == "https://central.asia-news.com/en_GB/articles/cnmi_ca/features/2019/11/06/feature-01"
    assert verify(workspace.db, workspace.blobs).ok


def test_ingesting_the_same_thing_twice_is_a_no_op_that_says_so(workspace, settings, seeds):
    ingest(workspace, settings, seeds / "seeds")
    before = snapshot(workspace)
    again = ingest(workspace, settings, seeds / "seeds")
    assert [o.status for o in again] == ["present"] * 3
    assert all(o.item is not None for o in again)
    assert snapshot(workspace) == before


def test_the_same_file_twice_in_one_batch_is_stored_once(workspace, settings, seeds, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(next((seeds / "seeds").iterdir()), copy)
    outcomes = ingest(workspace, settings, seeds / "seeds", copy)
    assert sorted(o.status for o in outcomes) == ["present", "stored", "stored", "stored"]
    assert workspace.db.counts()["items"] == 3


def test_flags_fill_in_metadata_and_win_over_the_text(workspace, settings, seeds):
    seed = seeds / "seeds" / "newarab-2016-02-10-russia-drone-footage.txt"
    hints = Hints(outlet="The New Arab", published=DateValue("2016-02", "month"), url="https://example.org/a")
    (outcome,) = ingest(workspace, settings, seed, hints=hints)
    doc = outcome.documents[0]
    assert (doc.outlet, doc.published.value, doc.url) == ("The New Arab", "2016-02", "https://example.org/a")
    capture = next(workspace.db.iter_custody())
    assert capture.details["metadata"]["outlet"] == "The New Arab"


def test_a_text_that_opens_with_its_date_is_dated_by_it_unless_told_otherwise(workspace, settings, tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("Posted on July 2 2016 by Asharq Al-Awsat. Thirty civilians were killed on Saturday in Jayrud.")
    (outcome,) = ingest(workspace, settings, text)
    assert outcome.documents[0].published == DateValue("2016-07-02", "day")
    # The user's date wins over the text's.
    other = tmp_path / "other.txt"
    other.write_text("Posted on July 2 2016 by Asharq Al-Awsat. Thirty civilians were killed on Saturday in Douma.")
    (outcome,) = ingest(workspace, settings, other, hints=Hints(published=DateValue("2016-07-03", "day")))
    assert outcome.documents[0].published == DateValue("2016-07-03", "day")
    # A date that may head a story about that day, or a period, is no stamp.
    for n, heading in enumerate(("15 March 2011 Protests broke out in Daraa.", "1 January 2016 – 31 December 2016")):
        page = tmp_path / f"heading-{n}.txt"
        page.write_text(f"{heading} Air strikes killed 20 civilians in Douma, activists said.")
        (outcome,) = ingest(workspace, settings, page)
        assert outcome.documents[0].published is None or outcome.documents[0].published.value is None


def test_html_pdf_warc_and_media_are_preserved_and_read(workspace, settings, tmp_path):
    folder = tmp_path / "inbox"
    (folder / "deep" / "er").mkdir(parents=True)
    shutil.copy(FIXTURES / "read" / "article_with_comments.html", folder / "deep" / "page.html")
    shutil.copy(FIXTURES / "read" / "report.pdf", folder / "report.pdf")
    shutil.copy(FIXTURES / "media" / "clip.mp4", folder / "deep" / "er" / "clip.mp4")
    photo_with_exif(folder / "photo.jpg")
    make_warc(folder / "crawl.warc.gz")
    (folder / ".hidden.txt").write_text("skipped")
    outcomes = {o.input.name.rsplit("/", 1)[-1]: o for o in ingest(workspace, settings, folder)}
    assert sorted(outcomes) == ["clip.mp4", "crawl.warc.gz", "page.html", "photo.jpg", "report.pdf"]
    assert all(o.status == "stored" for o in outcomes.values())
    warc_docs = outcomes["crawl.warc.gz"].documents
    assert [d.url for d in warc_docs] == ["https://news.example/azaz", "https://news.example/notes.txt"]
    assert warc_docs[0].comments[0].startswith("My cousin")
    # page.html holds the same bytes as the WARC's page (walked first): one document, not two
    assert (outcomes["page.html"].documents, outcomes["page.html"].already_present) == ([], 1)
    assert outcomes["report.pdf"].documents[0].title == "Monthly report on civilian deaths"
    photo = outcomes["photo.jpg"].item
    assert photo.media.captured_at == "2019-11-06T10:31:07+03:00"
    assert workspace.db.item(photo.sha256).media == photo.media
    if shutil.which("ffprobe"):
        assert outcomes["clip.mp4"].item.media.duration_s == 2.0
    assert verify(workspace.db, workspace.blobs).ok


def test_a_jsonl_batch_keeps_good_lines_and_names_bad_ones(workspace, settings, tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = [json.dumps({"text": f"Report {n}: an air strike hit Ariha market.", "outlet": "SOHR"}) for n in range(5)]
    lines.insert(2, '{"text": "cut')
    batch.write_text("\n".join(lines))
    (outcome,) = ingest(workspace, settings, batch)
    assert outcome.status == "stored"
    assert len(outcome.documents) == 5
    assert [(e.code, e.params["line"]) for e in outcome.errors] == [("ATH206", 3)]
    assert [d.part for d in outcome.documents] == ["line:1", "line:2", "line:4", "line:5", "line:6"]


def test_a_big_batch_is_written_in_several_transactions(workspace, settings, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps({"text": f"Report number {n} from Idlib."}) for n in range(1234)))
    small = replace(settings, "ingest", batch_size=100)
    (outcome,) = ingest(workspace, small, batch)
    assert len(outcome.document_ids) == 1234
    assert len(outcome.documents) == 20  # only the first kept whole
    assert workspace.db.item(outcome.item.sha256).status == "complete"
    assert verify(workspace.db, workspace.blobs).ok


def bad_inputs(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.html").write_bytes(bytes(range(256)) * 20)
    (folder / "unsupported.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)))
    (folder / "not-text.txt").write_bytes(bytes((i * 73 + 129) % 128 + 128 for i in range(400)))
    (folder / "all-bad.jsonl").write_text('{"text": "cut\n[1]\n')
    (folder / "big.txt").write_bytes(b"word " * 5000)
    (folder / "fake.pdf").write_bytes(b"this is not a pdf")
    return folder


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("empty.txt", "ATH201"),
        ("junk.html", "ATH204"),
        ("unsupported.docx", "ATH203"),
        ("not-text.txt", "ATH205"),
        ("all-bad.jsonl", "ATH206"),
        ("big.txt", "ATH202"),
        ("fake.pdf", "ATH208"),
        ("missing.txt", "ATH207"),
    ],
)
def test_bad_input_gets_one_clear_error_and_changes_nothing_stored(workspace, settings, seeds, tmp_path, name, code):
    ingest(workspace, settings, seeds / "seeds")
    before = snapshot(workspace)
    folder = bad_inputs(tmp_path)
    limited = replace(settings, "ingest", max_item_bytes=10_000)
    outcomes = ingest(workspace, limited, folder / name, seeds / "seeds")
    failed = outcomes[0]
    assert failed.status == "failed"
    assert failed.errors[0].code == code
    assert name in failed.errors[0].message
    assert "\n" not in failed.errors[0].message
    assert [o.status for o in outcomes[1:]] == ["present"] * 3  # the rest of the batch goes on
    assert snapshot(workspace) == before
    assert verify(workspace.db, workspace.blobs).ok
    assert not list(workspace.blobs.tmp.iterdir())


def test_an_input_over_the_limit_is_named_with_its_hash_and_size(workspace, settings, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 20_000)
    (outcome,) = ingest(workspace, replace(settings, "ingest", max_item_bytes=10_000), big)
    message = outcome.errors[0].message
    assert "19.5 KiB exceeds the limit of 9.8 KiB" in message
    assert "sha256:" in message and "ingest.max_item_bytes" in message


def test_a_damaged_pdf_is_preserved_with_a_warning(workspace, settings, tmp_path):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes((FIXTURES / "read" / "report.pdf").read_bytes()[:300])
    (outcome,) = ingest(workspace, settings, damaged)
    assert outcome.status == "stored" and outcome.documents == []
    assert outcome.warnings and "preserved, but not read" in outcome.warnings[0]
    assert workspace.blobs.path(outcome.item.sha256).exists()


def test_gzip_that_is_not_a_warc_is_refused(workspace, settings, tmp_path):
    path = tmp_path / "data.gz"
    path.write_bytes(gzip.compress(b"hello"))
    (outcome,) = ingest(workspace, settings, path)
    assert outcome.errors[0].code == "ATH203"


def test_a_document_the_extractor_fails_on_is_skipped_and_retried(workspace, settings, seeds, monkeypatch):
    import athar.extract.claims as claims_module
    from athar.pipeline import Extract

    ingest(workspace, settings, seeds / "seeds")
    real = claims_module.extract_claims

    def flaky(doc, **kwargs):
        if "Raqqa" in doc.body:
            raise ValueError("boom")
        return real(doc, **kwargs)

    monkeypatch.setattr(claims_module, "extract_claims", flaky)
    runner = Extract(workspace, settings)
    done = list(runner.run(runner.pending()))
    assert len(done) == 2 and len(runner.failures) == 1
    assert verify(workspace.db, workspace.blobs).ok
    monkeypatch.setattr(claims_module, "extract_claims", real)
    again = Extract(workspace, settings)
    assert [doc.id for doc, _ in again.run(again.pending())] == [runner.failures[0][0]]
