"""On PostgreSQL the web search uses PostgreSQL's own text search (runs in the suite's PostgreSQL pass)."""

from __future__ import annotations

import pytest

from athar.web.queries import HIT_END, HIT_START, search


def test_search_ranks_documents_and_claims_and_marks_the_words(run_cli, seeds, settings, database_url):
    if not database_url:
        pytest.skip("runs in the PostgreSQL pass of scripts/test.sh (ATHAR_TEST_DATABASE_URL)")
    from athar.workspace import Workspace

    assert run_cli("ingest", str(seeds / "seeds"), "--manifest", str(seeds / "seeds.jsonl")).exit_code == 0
    with Workspace.open(settings, create=False) as ws:
        rows, total = search(ws.db.engine, "Raqqa buildings")
        documents_only, _ = search(ws.db.engine, "Raqqa", kind="document")
        none, nothing = search(ws.db.engine, "zzzqqq")
    assert total >= 1 and {r["kind"] for r in rows} <= {"document", "claim"}
    assert all(HIT_START in r["snip"] and HIT_END in r["snip"] for r in rows)
    assert documents_only and all(r["kind"] == "document" and r["document_id"] == r["ref"] for r in documents_only)
    assert (none, nothing) == ([], 0)
