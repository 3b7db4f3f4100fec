import pytest

from athar.errors import NotFoundError
from athar.settings import load_settings, replace
from athar.workspace import Workspace


def test_a_workspace_is_created_on_first_use_and_found_after(tmp_path):
    settings = replace(load_settings(environ={}), "workspace", path=str(tmp_path / "ws"))
    with pytest.raises(NotFoundError) as caught:
        Workspace.open(settings, create=False)
    assert caught.value.code == "ATH403"
    with Workspace.open(settings) as ws:
        assert (tmp_path / "ws" / "athar.db").exists() and ws.blobs.blobs.is_dir()
    with Workspace.open(settings, create=False) as ws:
        assert ws.db.counts()["items"] == 0


def test_the_actor_defaults_to_user_at_host_and_can_be_set(tmp_path):
    settings = replace(load_settings(environ={}), "workspace", path=str(tmp_path / "ws"))
    with Workspace.open(settings) as ws:
        assert "@" in ws.actor
    with Workspace.open(replace(settings, "ingest", actor="analyst-7")) as ws:
        assert ws.actor == "analyst-7"
