"""Reading exports: encodings in order, ID-like columns kept as text, every format, rejections."""

from __future__ import annotations

import gzip
import json

import openpyxl
import pytest

from commandcenter.sync.readers import StructuralError, decode_text, read_table

from .conftest import write_csv

HEADER = ["案件号", "身份证号", "小类名称", "上报时间"]
ROW = ["00012345", "320104199001011234", "暴露垃圾", "2026/3/5 14:02"]


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"),
    ("gbk", "gb18030"), ("utf-16", "utf-16"),
])
def test_csv_encodings_are_detected_in_order(tmp_path, encoding, expected):
    path = write_csv(tmp_path / "a.csv", HEADER, [ROW], encoding)
    table = read_table(path)
    assert table.encoding == expected
    assert list(table.frame.columns) == HEADER
    assert table.frame.iloc[0].tolist() == ROW  # leading zeros and 18 digits survive as text


def test_detector_is_the_last_resort():
    text = "name,note\n1,café crème brûlée à la française, très épicée\n" * 20
    data = text.encode("cp1252")
    for enc in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(enc)
    decoded, enc = decode_text(data)
    # a detector guesses (here a Latin code page); what matters is that it is asked last
    assert decoded.startswith("name,note\n1,café cr") and enc not in ("utf-8", "gb18030")


def test_xlsx_numbers_become_text_without_float_suffix(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "when", "name"])
    sheet.append([123456789012, 46000.5, "路灯"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    frame = read_table(path).frame
    assert frame.iloc[0].tolist() == ["123456789012", "46000.5", "路灯"]


def test_json_jsonl_open311_and_gzip(tmp_path):
    recs = [{"id": "001", "n": 1}, {"id": "002", "n": None}]
    (tmp_path / "a.json").write_text(json.dumps(recs), encoding="utf-8")
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    o311 = [{"service_request_id": "X1", "requested_datetime": "2026-03-05T14:02:00+08:00"}]
    (tmp_path / "o.json").write_text(json.dumps(o311), encoding="utf-8")
    (tmp_path / "g.csv.gz").write_bytes(gzip.compress("id,x\n007,1\n".encode("gb18030")))
    a = read_table(tmp_path / "a.json")
    assert a.format == "json" and a.frame["id"].tolist() == ["001", "002"]
    assert a.frame["n"].tolist()[0] == "1" and a.frame["n"].isna().tolist()[1]
    assert read_table(tmp_path / "a.jsonl").format == "jsonl"
    assert read_table(tmp_path / "o.json").format == "open311"
    assert read_table(tmp_path / "g.csv.gz").frame["id"].tolist() == ["007"]


def test_a_key_missing_from_a_json_record_is_missing_not_the_text_nan(tmp_path):
    recs = [{"id": "1", "title": "井盖缺失"}, {"id": "2"}, {"id": "3", "title": None}]
    (tmp_path / "a.json").write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    for name in ("a.json", "a.jsonl"):
        title = read_table(tmp_path / name).frame["title"]
        assert title[0] == "井盖缺失" and title[1:].isna().all(), name


def test_row_limit(tmp_path):
    path = write_csv(tmp_path / "a.csv", ["id"], [[i] for i in range(50)])
    assert len(read_table(path, limit=7).frame) == 7


@pytest.mark.parametrize("name,content,message", [
    ("empty.csv", b"  \n", "empty"),
    ("a.bin", b"\x00\x01\x02garbage", "unknown format"),
    ("a.pdf", b"%PDF-1.4 hello", "unknown format"),
    ("a.json", b"{not json", "not valid JSON"),
    ("b.json", b'{"a": 1}', "list of objects"),
    ("bad.xlsx", b"PK\x03\x04 not really a workbook", "XLSX"),
    ("nohead.csv", b",,\n1,2,3\n", "no usable header"),
])
def test_structural_problems_are_rejected_with_a_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(StructuralError, match=message):
        read_table(path)
