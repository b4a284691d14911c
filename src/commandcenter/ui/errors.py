"""How the user interface words an unexpected error: its first line only.

A database error's text continues with the SQL and its parameters (SQLAlchemy's ``[SQL: ...]``
and ``[parameters: ...]``, which may hold personal data) and a link; an operator gets the first
line, the log gets the whole error. Domain refusals have their own translated texts
(`ui.board.refusals`, `ui.security.messages`); this is for everything else.
"""

from __future__ import annotations


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (its type name if it has none)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
