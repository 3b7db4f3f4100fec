"""What two workspaces hold, in a form to compare: items, documents, claims, incidents (no times, no actors)."""

from __future__ import annotations

from typing import Any

from athar.workspace import Workspace

# Set when an item is captured or a row written: differ between any two runs.
_ITEM_TIMES = ("captured_at", "captured_by", "source")


def contents(workspace: Workspace) -> dict[str, Any]:
    db = workspace.db
    items = []
    for item in db.iter_items():
        row = item.to_dict()
        for key in _ITEM_TIMES:
            row.pop(key, None)
        items.append(row)
    documents = sorted((d.to_dict() for d in db.iter_documents()), key=lambda d: d["id"])
    claims = sorted((c.to_dict() for c in db.iter_claims()), key=lambda c: c["id"])
    incidents = sorted((i.to_dict() for i in db.iter_incidents()), key=lambda i: i["id"])
    actions: dict[str, int] = {}
    for entry in db.iter_custody():
        actions[entry.action] = actions.get(entry.action, 0) + 1
    return {"items": items, "documents": documents, "claims": claims, "incidents": incidents, "custody": actions}
