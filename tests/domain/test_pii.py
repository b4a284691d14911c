"""domain.pii: masks, GB 11643 / phone validation, free-text and log scrubbing."""

from __future__ import annotations

import logging

import pytest

from commandcenter.domain import pii

GOOD_ID = "320104199001011235"  # check digit valid (GB 11643)
GOOD_ID_X = "11010519491231002X"


def test_masks_show_only_what_the_issue_allows():
    assert pii.mask_name("张三") == "张*"
    assert pii.mask_name("欧阳娜娜") == "欧***"
    assert pii.mask_phone("13812345678") == "138****5678"
    assert pii.mask_phone("025-84561234") == "025*****1234"
    assert pii.mask_phone("12345") == "***45"
    assert pii.mask_id_number(GOOD_ID) == "3201**********1235"
    assert pii.mask_id_number("1234") == "****"
    for empty in (None, ""):
        assert pii.mask_name(empty) == empty and pii.mask_phone(empty) == empty
        assert pii.mask_id_number(empty) == empty


def test_a_valid_id_number_and_phones_pass():
    assert pii.check_id_number(GOOD_ID) is None
    assert pii.check_id_number(GOOD_ID_X.lower()) is None  # x is accepted as X
    assert pii.check_phone("138 1234 5678") is None
    assert pii.check_phone("+8613812345678") is None
    assert pii.check_phone("025-84561234") is None
    assert pii.check_identity("", "", "") == []  # anonymous reports are allowed


@pytest.mark.parametrize("value, code, words", [
    ("320104199001011234", "id_checksum", "the check digit is 4, GB 11643 gives 5"),
    ("32010419900101123", "id_length", "this one has 17"),
    ("3201041990010112345", "id_length", "this one has 19"),
    ("32010419900101123A", "id_chars", "17 digits"),
    ("320104199002301234", "id_birth_date", "19900230"),
    ("320104299001011234", "id_birth_date", "29900101"),
])
def test_malformed_id_numbers_say_what_is_wrong(value, code, words):
    problem = pii.check_id_number(value)
    assert problem is not None and problem.code == code and problem.field == "id_number"
    assert words in problem.message


@pytest.mark.parametrize("value, code", [
    ("1381234567", "phone_length"),
    ("138123456789", "phone_length"),
    ("12812345678", "phone_prefix"),
    ("138-1234-abcd", "phone_chars"),
    ("25-8456", "phone_invalid"),
])
def test_malformed_phones_say_what_is_wrong(value, code):
    problem = pii.check_phone(value)
    assert problem is not None and problem.code == code and problem.message


def test_names_refuse_markup_control_characters_and_length():
    assert pii.check_name("王小明") is None and pii.check_name("Ma·Li") is None
    assert pii.check_name("<b>张三</b>").code == "name_invalid"
    assert pii.check_name("张\x00三").code == "name_invalid"
    assert pii.check_name("张" * 33).code == "name_too_long"
    problems = pii.check_identity("张3", "123", "1")
    assert [p.field for p in problems] == ["name", "phone", "id_number"]


def test_normalise_phone_is_the_stored_form():
    assert pii.normalise_phone(" 138 1234 5678 ") == "13812345678"
    assert pii.normalise_phone("008613812345678") == "13812345678"
    assert pii.normalise_phone("") is None and pii.normalise_phone(None) is None


def test_scrub_text_masks_phones_and_ids_but_not_case_codes():
    text = f"张三 13812345678 身份证{GOOD_ID} 座机025-84561234 案件QH20240304000001"
    out = pii.scrub_text(text)
    assert "13812345678" not in out and GOOD_ID not in out and "84561234" not in out
    assert "138****5678" in out and "3201**********1235" in out
    assert "QH20240304000001" in out
    assert pii.contains_identifier(text) and not pii.contains_identifier("路灯不亮 QH20240304000001")


def test_log_filter_masks_messages_arguments_and_exceptions():
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep()
    handler.addFilter(pii.PiiLogFilter())
    log = logging.getLogger("test.pii.filter")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("caller %s gave id %s", "13812345678", GOOD_ID)
        try:
            raise ValueError("bad phone 13912345678")
        except ValueError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
    joined = "\n".join(records)
    assert "13812345678" not in joined and GOOD_ID not in joined and "13912345678" not in joined
    assert "138****5678" in joined and "139****5678" in joined and len(records) == 2


@pytest.mark.parametrize("text, masked", [
    ("回电 138 0013 8000 谢谢", "回电 138****8000 谢谢"),
    ("回电138-0013-8000", "回电138****8000"),
    ("身份证110105 19491231 002X", "身份证1101**********002X"),
    ("座机(0755)12345678", "座机075*****5678"),
    ("座机010 12345678", "座机010****5678"),
    ("全角１３８００１３８０００号码", "全角138****8000号码"),
])
def test_grouped_and_full_width_identifiers_are_found_and_masked(text, masked):
    assert pii.contains_identifier(text)
    assert pii.scrub_text(text) == masked


@pytest.mark.parametrize("text", [
    "QH20261128000126", "2026-11-28 16:48:29", "中华路123号", "金额12345元",
    "外部编号20261128000126", "2026/3/5 14:02", "电话1380013800（少一位）",
])
def test_ordinary_numbers_are_not_identifiers(text):
    assert not pii.contains_identifier(text) and pii.scrub_text(text) == text
