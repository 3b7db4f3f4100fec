"""The web application (issue 6): pages, a JSON API, accounts and roles over one workspace."""

from __future__ import annotations

from athar.web.app import create_app

__all__ = ["create_app"]
