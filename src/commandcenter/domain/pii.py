"""Personal information, pure: masking, validation of phones and ID numbers, log scrubbing.

Contracts
- `mask_name`/`mask_phone`/`mask_id_number` give what anyone without the right to reveal sees
  (DOMAIN.md §8): 张三 -> 张*, 13812345678 -> 138****5678, 320104199001011234 ->
  3201**********1234. ``None``/empty stays as it is. Masks never keep more than 4 leading and 4
  trailing characters of a number, nor more than the first character of a name.
- `check_phone(text)` / `check_id_number(text)` / `check_name(text)` return ``None`` when the
  value is acceptable (empty is acceptable: anonymous reports are allowed) or an `IdentityProblem`
  with a stable ``code`` (the UI translates it) and a precise English ``message``. ID numbers are
  checked per GB 11643: 18 characters, a real birth date, the ISO 7064 MOD 11-2 check digit.
- `normalise_phone` is the one canonical form phones are stored and blind-indexed in.
- `contains_identifier(text)` says whether free text holds a phone or an ID number;
  `scrub_text(text)` replaces mobile numbers, landlines and ID numbers in free text with their
  masks; `PiiLogFilter` applies it to log records (message, arguments, exception text).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
MAX_NAME = 32

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
_NAME = re.compile(r"[\u3400-\u9fffA-Za-z·. ]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# In free text: an ID number (18 chars, maybe grouped 6-8-4 by spaces or dashes) or a mobile
# (maybe grouped 3-4-4), not glued to other digits; landlines with their area code set off by a
# dash, a space or brackets. Longer digit runs (case codes, external ids) are left alone. Matched
# on the text with full-width digits made ASCII (`_ASCII_DIGITS`: same length, same positions).
_SCRUB = re.compile(
    r"(?<![\dA-Za-z])(?:\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx]|1[3-9]\d(?:[ -]?\d{4}){2}"
    r"|(?:\(0\d{2,3}\)|0\d{2,3}[ -])\s?\d{7,8})(?![\dA-Za-z])"
)
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘ（）－", "0123456789Xx()-")


@dataclass(frozen=True)
class IdentityProblem:
    field: str  # "name" | "phone" | "id_number"
    code: str
    message: str


# ---------------------------------------------------------------------- masking
def mask_name(name: str | None) -> str | None:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: the first character stays."""
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str | None) -> str | None:
    """13812345678 -> 138****5678; numbers shorter than 8 keep only their last 2 characters."""
    if not phone:
        return phone
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]


def mask_id_number(id_number: str | None) -> str | None:
    """320104199001011234 -> 3201**********1234: province+city and the last 4 stay (not the
    county code nor the birth date, which narrow a person down)."""
    if not id_number:
        return id_number
    if len(id_number) >= 12:
        return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]
    return "*" * len(id_number)


# ---------------------------------------------------------------------- validation
def normalise_phone(phone: str | None) -> str | None:
    """The stored form: spaces removed; a +86/0086 prefix dropped; empty -> None."""
    if phone is None:
        return None
    if phone.isdigit() and not phone.startswith("00"):  # the usual case, fast (bulk writes)
        return phone
    p = re.sub(r"\s", "", phone)
    for prefix in ("+86", "0086"):
        if p.startswith(prefix) and len(p) > len(prefix) + 7:
            p = p[len(prefix):]
            break
    return p or None


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def check_phone(phone: str | None) -> IdentityProblem | None:
    p = normalise_phone(phone)
    if not p:
        return None
    if not re.fullmatch(r"[\d-]+", p):
        return IdentityProblem("phone", "phone_chars",
                               "the phone may hold only digits (and one dash after the area code)")
    if p.startswith("1"):
        if len(p) != 11:
            return IdentityProblem("phone", "phone_length",
                                   f"a mobile number has 11 digits, this one has {len(p)}")
        if not _MOBILE.fullmatch(p):
            return IdentityProblem("phone", "phone_prefix",
                                   "a mobile number starts with 13 to 19")
        return None
    if _LANDLINE.fullmatch(p):
        return None
    return IdentityProblem("phone", "phone_invalid",
                           "the phone is neither an 11-digit mobile (1[3-9]…) nor a landline "
                           "with its area code (025-84561234)")


def check_id_number(id_number: str | None) -> IdentityProblem | None:
    v = (id_number or "").strip().upper()
    if not v:
        return None
    if len(v) != 18:
        return IdentityProblem("id_number", "id_length",
                               f"a resident ID number has 18 characters, this one has {len(v)}")
    if not re.fullmatch(r"\d{17}[\dX]", v):
        return IdentityProblem("id_number", "id_chars",
                               "a resident ID number is 17 digits and a digit or X")
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1880 or born > date.today():
        return IdentityProblem("id_number", "id_birth_date",
                               f"characters 7-14 are not a real birth date ({v[6:14]})")
    expected = id_check_digit(v[:17])
    if v[17] != expected:
        return IdentityProblem("id_number", "id_checksum",
                               f"the check digit is {v[17]}, GB 11643 gives {expected}: "
                               "a character was mistyped")
    return None


def check_name(name: str | None) -> IdentityProblem | None:
    n = (name or "").strip()
    if not n:
        return None
    if len(n) > MAX_NAME:
        return IdentityProblem("name", "name_too_long",
                               f"the name is longer than {MAX_NAME} characters")
    if _CONTROL.search(n) or not _NAME.fullmatch(n):
        return IdentityProblem("name", "name_invalid",
                               "the name may hold only Chinese or Latin letters, · and spaces")
    return None


def check_identity(name: str | None, phone: str | None,
                   id_number: str | None) -> list[IdentityProblem]:
    """Every problem of the three fields at once (empty list: acceptable)."""
    found = (check_name(name), check_phone(phone), check_id_number(id_number))
    return [p for p in found if p is not None]


# ---------------------------------------------------------------------- logs
def _mask_match(m: re.Match[str]) -> str:
    s = re.sub(r"[^\dXx]", "", m.group(0))  # without the grouping spaces, dashes, brackets
    return mask_id_number(s) if len(s) == 18 else mask_phone(s)  # type: ignore[return-value]


def contains_identifier(text: str | None) -> bool:
    """True when free text (a description, an address) holds a phone or an ID number: intake
    should ask the operator to move it into the reporter fields, where it is sealed."""
    return bool(text) and _SCRUB.search(text.translate(_ASCII_DIGITS)) is not None


def scrub_text(text: str) -> str:
    """Free text with every phone and ID number masked (names cannot be found reliably)."""
    if not text:
        return text
    out, last = [], 0
    for m in _SCRUB.finditer(text.translate(_ASCII_DIGITS)):  # positions hold in `text`
        out += [text[last:m.start()], _mask_match(m)]
        last = m.end()
    return "".join(out) + text[last:] if out else text


class PiiLogFilter(logging.Filter):
    """Masks phones and ID numbers in every record that passes (install on handlers).

    The message is formatted once here (``record.msg`` becomes the scrubbed text, ``args``
    empty), so a phone passed as an argument is masked too; exception text is scrubbed into
    ``record.exc_text``. Never drops a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record.msg = scrub_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_text(record.stack_info)
        return True
