"""Worker callbacks that outlive their widget: a dialog closed (and deleted) while its task
ran must not be touched when the result arrives."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import shiboken6


def if_alive(method: Callable[..., Any]) -> Callable[..., Any]:
    """Skip the callback when the widget's C++ object is gone or it was closed (``_closed``)."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not shiboken6.isValid(self) or getattr(self, "_closed", False):
            return None
        return method(self, *args, **kwargs)

    return wrapper
