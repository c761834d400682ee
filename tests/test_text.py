"""ecrm_lab.text: one way to normalise, fold and tokenise Vietnamese text."""

from __future__ import annotations

import unicodedata

import pytest

from ecrm_lab import text
from ecrm_lab.spin import remove_diacritics as spin_remove_diacritics


def test_nfd_and_nfc_spellings_compare_equal():
    nfd = unicodedata.normalize("NFD", "Điện thoại")
    assert nfd != "Điện thoại"  # "ệ" typed as e + circumflex + dot below
    assert text.nfc(nfd) == "Điện thoại"
    assert text.normalise(nfd) == text.normalise("  ĐIỆN THOẠI ") == "điện thoại"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đồng hồ", "dong ho"),
        ("ĐỒNG HỒ", "dong ho"),
        ("Người Việt", "nguoi viet"),
        ("ăn ơ ư â ê ô", "an o u a e o"),
        (unicodedata.normalize("NFD", "Huỳnh"), "huynh"),
    ],
)
def test_fold_strips_every_vietnamese_mark(raw, folded):
    assert text.fold(raw) == folded
    assert text.remove_diacritics(raw).lower() == folded


def test_remove_diacritics_keeps_case_and_punctuation():
    assert text.remove_diacritics("Chị có hay bị đau lưng không ạ?") == (
        "Chi co hay bi dau lung khong a?"
    )
    assert spin_remove_diacritics is text.remove_diacritics  # one implementation


def test_tokenise_keeps_one_letter_words():
    assert text.tokenise("Dạ, em chào chị ạ!") == ["dạ", "em", "chào", "chị", "ạ"]
    assert text.tokenise("Dạ, em chào chị ạ!", strip_diacritics=True) == [
        "da",
        "em",
        "chao",
        "chi",
        "a",
    ]
    assert text.tokenise("") == []


@pytest.mark.parametrize("func", [text.nfc, text.normalise, text.remove_diacritics, text.fold])
def test_non_text_is_a_type_error(func):
    with pytest.raises(TypeError, match="text must be a string, not int"):
        func(5)
