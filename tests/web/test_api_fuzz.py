"""schemathesis fuzzes the JSON API from its OpenAPI description: no server error, one error shape.

Each case is sent as the public and as a viewer.

Cases are drawn from each operation's hypothesis strategy (schemathesis' pytest
plugin does not run under pytest 9).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import build_secret_workspace, client_for


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz-ws")
    build_secret_workspace(root)
    app = client_for(root).app
    accounts = app.state.accounts
    viewer = accounts.add_user("fuzzer", "viewer", "fuzzer-password-1", created_by="test")
    app.state.fuzz_token = accounts.open_session(viewer)
    return app


@pytest.fixture(scope="module")
def operations(fuzz_app):
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", fuzz_app)
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 10
    return found


def test_api_never_fails_with_a_server_error(fuzz_app, operations):
    seen: dict[str, set[int]] = {}

    @given(data=st.data())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(data):
        for operation in operations:
            case = data.draw(operation.as_strategy())
            for headers in ({}, {"Cookie": f"athar_session={fuzz_app.state.fuzz_token}"}):
                response = case.call(headers=headers)
                seen.setdefault(operation.label, set()).add(response.status_code)
                assert response.status_code < 500, f"{operation.label}: {response.text[:500]}"
                body = response.json()
                if response.status_code >= 400:
                    assert body["ok"] is False and body["status"] == response.status_code and body["error"]
                else:
                    assert body["ok"] is True

    run()
    assert len(seen) == len(operations)
    assert any(200 in codes for codes in seen.values())
