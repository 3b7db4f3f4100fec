"""One reconciliation over the store: runs in two processes take turns, so none stores a stale result."""

from __future__ import annotations

import threading
import time

from athar.reconcile.decisions import decide
from athar.reconcile.rebuild import rebuild
from athar.workspace import Workspace


def _reports(folder, towns):
    folder.mkdir()
    for n, town in enumerate(towns):
        (folder / f"{n}.txt").write_text(f"On March {n + 1}, 2019, an air strike killed 4 civilians in {town}.\n")


def test_a_run_started_before_a_decision_does_not_store_over_it(tmp_path, settings, run_cli, monkeypatch):
    """The slow run read the claims and decisions first; the analyst's grade must still be what is stored."""
    _reports(tmp_path / "in", ["Douma", "Azaz", "Daraa"])
    assert run_cli("ingest", str(tmp_path / "in")).exit_code == 0
    with Workspace.open(settings, create=False) as slow, Workspace.open(settings, create=False) as analyst:
        target = next(i for i in analyst.db.iter_incidents() if i.grade != "discounted")
        read_everything = threading.Event()
        real_decisions = slow.db.decisions

        def decisions_then_pause():  # the slow run has read the claims and decisions; give way before storing
            found = real_decisions()
            read_everything.set()
            time.sleep(1.5)
            return found

        monkeypatch.setattr(slow.db, "decisions", decisions_then_pause)
        racing = threading.Thread(target=rebuild, args=(slow,))
        racing.start()
        assert read_everything.wait(30) or not racing.is_alive()
        decide(analyst, "grade", target.id, reason="staged photos", value="discounted")
        racing.join(60)
        assert analyst.db.incident(target.id).grade == "discounted"


def test_runs_take_turns(tmp_path, settings):
    with Workspace.open(settings) as first, Workspace.open(settings, create=False) as second:
        order: list[str] = []

        def later():
            with second.db.reconciling():
                order.append("second")

        with first.db.reconciling():
            waiting = threading.Thread(target=later)
            waiting.start()
            time.sleep(0.5)
            order.append("first")
        waiting.join(10)
    assert order == ["first", "second"]
