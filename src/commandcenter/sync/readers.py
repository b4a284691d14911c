"""Reading district exports into a frame of text: CSV, XLSX, JSON / JSON lines, Open311.

Contracts
- `read_table(path, limit=None) -> RawTable`: every cell is text (``dtype=str``, so 18-digit IDs
  and codes with leading zeros survive) or missing (NaN); column names are stripped strings.
- CSV encodings are tried in this order: a byte-order mark (UTF-8/UTF-16), strict UTF-8,
  GB18030 (a superset of GBK, so GBK files decode as GB18030), then charset-normalizer's
  detector. A ``.gz`` file is read through gzip.
- Open311 GeoReport v2 (a JSON list of objects carrying ``service_request_id``) is reported as
  format ``open311`` so profiles can pick it up.
- Structural problems raise `StructuralError` with a message for the operator: unknown format,
  undecodable encoding, no header or no rows to speak of. Nothing is written anywhere.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
JSON_SUFFIXES = {".json", ".geojson"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


class StructuralError(ValueError):
    """The file as a whole cannot be imported; nothing was changed."""


@dataclass
class RawTable:
    frame: pd.DataFrame  # all object/str columns, NaN for missing
    format: str  # csv | xlsx | json | jsonl | open311
    encoding: str | None = None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _raw_bytes(path: Path) -> tuple[bytes, str]:
    """The file's bytes (decompressed if gzip) and its effective suffix."""
    suffixes = [s.lower() for s in path.suffixes]
    data = path.read_bytes()
    if suffixes and suffixes[-1] == ".gz":
        try:
            data = gzip.decompress(data)
        except OSError as exc:
            raise StructuralError(f"{path.name}: not a readable gzip file ({exc})") from None
        suffixes = suffixes[:-1]
    return data, (suffixes[-1] if suffixes else "")


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether ``data`` decodes strictly, checked in blocks (no copy of the whole text kept)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    block = 1 << 24
    try:
        for i in range(0, len(data), block):
            decoder.decode(data[i:i + block], final=i + block >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(data: bytes) -> str:
    """The encoding to read ``data`` with, in the order of the module contract."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            if not _decodes(data, name):
                raise StructuralError(f"the file declares {name} but does not decode as it")
            return name
    for name in ("utf-8", "gb18030"):
        if _decodes(data, name):
            return name
    return decode_text(data)[1]


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) by BOM, strict UTF-8, GB18030, then the detector; StructuralError else."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise StructuralError(f"the file declares {name} but is not: {exc}") from None
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # local: only for unusual files

    best = from_bytes(data[: 1 << 20]).best()
    if best is not None:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise StructuralError("cannot decode the file: not UTF-8, GB18030 or a detectable encoding")


def _sniff(data: bytes, suffix: str) -> str:
    if suffix in XLSX_SUFFIXES or data[:4] == b"PK\x03\x04":
        return "xlsx"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in CSV_SUFFIXES:
        return "csv"
    head = data[:64].lstrip(codecs.BOM_UTF8).lstrip()
    if head[:1] in (b"[", b"{"):
        return "json"
    if b"\x00" in data[:4096]:
        raise StructuralError("unknown format: binary content that is not XLSX")
    if suffix:
        raise StructuralError(f"unknown format {suffix!r}: expected CSV, XLSX, JSON or JSON lines")
    return "csv"


def read_document(path: Path | str) -> Any | None:
    """A JSON file's document (reference sync: responsibility rules, grids GeoJSON), or None
    when the file is not JSON (by suffix, else by its first character); `StructuralError` for
    a JSON file that does not parse."""
    data, suffix = _raw_bytes(Path(path))
    if suffix not in JSON_SUFFIXES and (
            suffix in CSV_SUFFIXES | XLSX_SUFFIXES | JSONL_SUFFIXES
            or data[:64].lstrip(codecs.BOM_UTF8).lstrip()[:1] != b"{"):
        return None
    text, _ = decode_text(data)
    try:
        return json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise StructuralError(f"not valid JSON: {exc}") from None


def read_table(path: Path | str, limit: int | None = None) -> RawTable:
    """Read ``path`` (see the module contract); ``limit`` keeps the first rows only."""
    path = Path(path)
    if not path.is_file():
        raise StructuralError(f"{path}: no such file")
    data, suffix = _raw_bytes(path)
    if not data.strip():
        raise StructuralError(f"{path.name}: the file is empty")
    kind = _sniff(data, suffix)
    if kind == "xlsx":
        table = _read_xlsx(data, limit)
    elif kind == "csv":
        table = _read_csv(data, suffix, limit)
    else:
        table = _read_json(data, kind, limit)
    frame = table.frame
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if frame.shape[1] == 0 or all(c == "" or c.startswith("Unnamed:") for c in frame.columns):
        raise StructuralError(f"{path.name}: no usable header row")
    return table


def _read_csv(data: bytes, suffix: str, limit: int | None) -> RawTable:
    encoding = detect_encoding(data)  # checked in blocks: the decoded text is never held whole
    sep = "\t" if suffix == ".tsv" else ","
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, encoding=encoding, sep=sep, nrows=limit,
                            keep_default_na=False, na_values=[""], skipinitialspace=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise StructuralError(f"not a readable CSV table: {exc}") from None
    return RawTable(frame, "csv", encoding)


def _read_xlsx(data: bytes, limit: int | None) -> RawTable:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise StructuralError(f"not a readable XLSX workbook: {exc}") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise StructuralError("the workbook's first sheet is empty")
        body = []
        for row in rows:
            if limit is not None and len(body) >= limit:
                break
            if row is None or all(v is None for v in row):
                continue
            body.append([_cell_text(v) for v in row])
    finally:
        book.close()
    names = [str(h).strip() if h is not None else "" for h in header]
    frame = pd.DataFrame(body, columns=names, dtype=object) if body else pd.DataFrame(columns=names)
    return RawTable(frame.astype(object).where(frame.notna(), None), "xlsx")


def _cell_text(value: object) -> str | None:
    """XLSX cells as text: whole floats lose ".0" (IDs typed as numbers), dates stay ISO."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value)


def _read_json(data: bytes, kind: str, limit: int | None) -> RawTable:
    text, encoding = decode_text(data)
    try:
        if kind == "jsonl":
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            doc = json.loads(text)
            records = doc.get("requests", doc.get("rows", doc)) if isinstance(doc, dict) else doc
    except json.JSONDecodeError as exc:
        raise StructuralError(f"not valid JSON: {exc}") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise StructuralError("JSON must hold a list of objects (one per case)")
    if limit is not None:
        records = records[:limit]
    fmt = "open311" if records and "service_request_id" in records[0] else kind
    frame = pd.DataFrame(records, dtype=object)  # object: ints next to nulls stay ints
    for col in frame.columns:
        # a key some records lack is NaN in the frame: missing, like null (not the text 'nan')
        frame[col] = frame[col].map(lambda v: None if v is None or v == "" or v != v else
                                    (json.dumps(v, ensure_ascii=False)
                                     if isinstance(v, (dict, list)) else str(v)))
    return RawTable(frame, fmt, encoding)
