"""Let Athar's errors travel between processes.

``AtharError.__init__`` takes a code and keyword parameters, which the default
exception pickling (``cls(*args)`` with the formatted message) cannot call.
Registered here for every error class, so an input refused on a worker is
reported by the driver with its code and message.
"""

from __future__ import annotations

import copyreg
import pickle
from typing import Any

from athar import errors


def _rebuild(cls: type[errors.AtharError], code: str, params: dict[str, Any], message: str) -> errors.AtharError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.code = code
    error.params = params
    return error


def _picklable(value: Any) -> Any:
    try:
        pickle.dumps(value)
    except Exception:
        return str(value)
    return value


def _reduce(error: errors.AtharError) -> tuple[Any, ...]:
    params = {k: _picklable(v) for k, v in error.params.items()}
    return _rebuild, (type(error), error.code, params, str(error))


def _subclasses(cls: type) -> list[type]:
    found = [cls]
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        found.extend(_subclasses(sub))
    return found


def register() -> None:
    """Register the reducer for AtharError and every subclass defined so far (idempotent)."""
    for cls in _subclasses(errors.AtharError):
        copyreg.pickle(cls, _reduce)


register()
