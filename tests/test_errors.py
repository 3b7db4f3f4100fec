"""The error catalogue: stable codes, one line each, every placeholder filled."""

import re
import string

import pytest

from athar.errors import MESSAGES, AtharError, IntegrityError


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_is_one_line_with_named_placeholders(code):
    assert re.fullmatch(r"ATH[1-4]\d\d", code)
    fields = {name for _, name, _, _ in string.Formatter().parse(MESSAGES[code]) if name}
    error = AtharError(code, **{name: f"<{name}>" for name in fields})
    assert "\n" not in error.message
    assert all(f"<{name}>" in error.message for name in fields)


def test_integrity_errors_exit_3_so_tampering_differs_from_a_crash():
    assert IntegrityError("ATH301", sha256="sha256:x", actual="sha256:y").exit_code == 3
    assert AtharError("ATH207", name="x").exit_code == 1
