"""Who the board may act as (until a sign-in says who): people grouped by unit, searchable.

Contracts
- `acting_choices(ctx) -> list[ActingChoice]`: `services.actions.acting_people` (the centre's
  roles first, then handling units and grid workers) with the pinyin initials of each person's
  and unit's name computed here, on the DB worker (pypinyin's dictionaries take a moment to
  load: never on the UI thread).
- `ActingChoice.matches(query)`: every whitespace-separated term must occur in the person's
  name, code, unit name or unit code, or in the pinyin initials of the name or the unit
  ("zs" finds 张三, "cgj" finds 城管局). Case-insensitive; blank matches all.
- `initials(text) -> str`: the pinyin initials of `text`, lower case (loads pypinyin: call it
  off the UI thread, or once pypinyin is already imported).
- `group_by_unit(choices) -> list[tuple[unit_code, unit_name, list[int]]]`: indices into
  `choices` per unit, units in order of first appearance (the centre's own first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ActingChoice:
    person: Any  # services.actions.PersonChoice
    initials: str
    unit_initials: str

    @property
    def code(self) -> str:
        return self.person.code

    def haystack(self) -> str:
        p = self.person
        return " ".join((p.name, p.code, p.unit_name or "", p.unit_code or "", self.initials,
                         self.unit_initials)).lower()

    def matches(self, query: str) -> bool:
        terms = query.lower().split()
        if not terms:
            return True
        hay = self.haystack()
        return all(t in hay for t in terms)


def initials(text: str) -> str:
    """Pinyin first letters, lower case ("城管局" -> "cgj"); loads pypinyin's dictionaries."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text or "", style=Style.FIRST_LETTER)).lower()


def acting_choices(ctx: Any) -> list[ActingChoice]:
    from .actions import acting_people

    people = acting_people(ctx, None)
    unit_cache: dict[str, str] = {}
    out = []
    for p in people:
        unit = p.unit_name or ""
        if unit not in unit_cache:
            unit_cache[unit] = initials(unit)
        out.append(ActingChoice(p, initials(p.name), unit_cache[unit]))
    return out


def group_by_unit(choices: Sequence[ActingChoice]) -> list[tuple[str, str, list[int]]]:
    groups: dict[str, tuple[str, str, list[int]]] = {}
    for i, c in enumerate(choices):
        key = c.person.unit_code or ""
        if key not in groups:
            groups[key] = (key, c.person.unit_name or key, [])
        groups[key][2].append(i)
    return list(groups.values())


__all__ = ["ActingChoice", "acting_choices", "group_by_unit", "initials"]
