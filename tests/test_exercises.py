"""Tests for ecrm_lab.exercises.check: printed feedback and return values."""

from __future__ import annotations

import copy
import pickle
import unicodedata

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import i18n
from ecrm_lab.exercises import TODO, check


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch):
    """Run every test in Vietnamese and restore the previous language afterwards."""
    monkeypatch.setitem(i18n._state, "lang", "vi")


@pytest.fixture
def feedback(capsys):
    """Call check() and return (result, printed text)."""

    def run(answer, expected, **kwargs):
        result = check(answer, expected, **kwargs)
        out = capsys.readouterr().out
        return result, out

    return run


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "province": ["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng"],
            "revenue": [1_250_000.0, 2_300_000.0, 950_000.0],
            "n_orders": [10, 20, 5],
        }
    )


# -------------------------------------------------------------------------------------- sentinel
def test_todo_sentinel():
    assert repr(TODO) == "TODO"
    assert not TODO
    assert copy.copy(TODO) is TODO
    assert copy.deepcopy(TODO) is TODO
    assert pickle.loads(pickle.dumps(TODO)) is TODO
    assert type(TODO)() is TODO


# ---------------------------------------------------------------------------------- placeholders
@pytest.mark.parametrize("placeholder", [TODO, ..., None])
def test_placeholders_are_not_done(feedback, placeholder):
    ok, out = feedback(placeholder, 42, name="1.1")
    assert bool(ok) is False
    assert out.startswith("⏳ Bài tập 1.1: chưa làm (not done yet)")
    assert "42" not in out


def test_placeholder_inside_a_list_is_not_done(feedback):
    ok, out = feedback([1, TODO], [1, 2])
    assert bool(ok) is False
    assert "chưa làm" in out


def test_placeholder_gets_no_hint(feedback):
    ok, out = feedback(TODO, 1, name="todo-hint", hint="Đếm số đơn hàng.")
    assert bool(ok) is False
    assert "chưa làm" in out
    assert "Gợi ý" not in out


def test_none_is_correct_when_none_is_expected(feedback):
    ok, out = feedback(None, None)
    assert bool(ok) is True
    assert out.startswith("✅ Chính xác!")


# ---------------------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    "answer",
    [42, 42.0, np.int64(42), np.float32(42.0), 42.00001, np.array(42.0)],
)
def test_numbers_exact_and_close(feedback, answer):
    ok, out = feedback(answer, 42, name="n")
    assert bool(ok) is True
    assert out.startswith("✅ Chính xác!")
    assert "Bài tập n" in out


def test_tolerances_can_be_changed(feedback):
    assert bool(feedback(42.01, 42, rtol=0, tol=0.1)[0]) is True
    assert bool(feedback(42.01, 42, rtol=0, tol=0.001)[0]) is False


def test_number_too_high(feedback):
    ok, out = feedback(150, 100, name="2")
    assert bool(ok) is False
    assert out.startswith("❌ Bài tập 2: chưa đúng")
    assert "150" in out
    assert "quá cao" in out
    assert "100" not in out  # never reveal the expected value


def test_number_too_low(feedback):
    ok, out = feedback(12.5, 100)
    assert bool(ok) is False
    assert "chưa đúng" in out
    assert "12.5" in out
    assert "quá thấp" in out
    assert "100" not in out


def test_close_number_gets_encouragement(feedback):
    ok, out = feedback(99.5, 100)
    assert bool(ok) is False
    assert "Rất gần rồi" in out


def test_percentage_confusion_is_spotted(feedback):
    ok, out = feedback(25.0, 0.25)
    assert bool(ok) is False
    assert "phần trăm" in out


def test_nan_answer(feedback):
    ok, out = feedback(float("nan"), 3.0)
    assert bool(ok) is False
    assert "NaN" in out
    assert bool(feedback(np.nan, float("nan"))[0]) is True


def test_hint_is_printed_only_when_wrong(feedback):
    _, wrong = feedback(1, 2, hint="Chỉ tính đơn hoàn tất.")
    _, right = feedback(2, 2, hint="Chỉ tính đơn hoàn tất.")
    assert "💡 Gợi ý: Chỉ tính đơn hoàn tất." in wrong
    assert "Gợi ý" not in right


# ------------------------------------------------------------------------------------ wrong types
def test_string_instead_of_number(feedback):
    ok, out = feedback("42", 42, name="3")
    assert bool(ok) is False
    assert "chưa đúng kiểu" in out
    assert "số" in out and "str" in out
    assert "dấu nháy" in out


def test_series_instead_of_number(feedback):
    ok, out = feedback(pd.Series([42]), 42)
    assert bool(ok) is False
    assert "chưa đúng kiểu" in out
    assert ".iloc[0]" in out


def test_bool_instead_of_number(feedback):
    ok, out = feedback(True, 1)
    assert bool(ok) is False
    assert "chưa đúng kiểu" in out


def test_dataframe_instead_of_series(feedback, frame):
    ok, out = feedback(frame[["revenue"]], frame["revenue"])
    assert bool(ok) is False
    assert "chưa đúng kiểu" in out
    assert "Series" in out and "DataFrame" in out


def test_check_dtype_for_numbers(feedback):
    assert bool(feedback(3.0, 3)[0]) is True
    ok, out = feedback(3.0, 3, check_dtype=True)
    assert bool(ok) is False
    assert "chưa đúng kiểu" in out


# ------------------------------------------------------------------------------ strings and bools
def test_strings_ignore_case_and_spaces(feedback):
    assert bool(feedback("  hà   NỘI ", "Hà Nội")[0]) is True


def test_strings_nfc_and_nfd_are_the_same(feedback):
    nfc = unicodedata.normalize("NFC", "Khách hàng trung thành")
    nfd = unicodedata.normalize("NFD", "Khách hàng trung thành")
    assert nfc != nfd
    ok, out = feedback(nfd, nfc)
    assert bool(ok) is True
    assert "✅" in out


def test_string_missing_diacritics(feedback):
    ok, out = feedback("Ha Noi", "Hà Nội")
    assert bool(ok) is False
    assert "'Ha Noi'" in out
    assert "dấu tiếng Việt" in out


def test_wrong_string(feedback):
    ok, out = feedback("At Risk", "Champions")
    assert bool(ok) is False
    assert "Champions" not in out


def test_bools(feedback):
    assert bool(feedback(np.bool_(True), True)[0]) is True
    ok, out = feedback(False, True)
    assert bool(ok) is False
    assert "False" in out


# ----------------------------------------------------------------------------- lists, sets, dicts
def test_lists_report_positions(feedback):
    assert bool(feedback([1, 2.0000001, "a"], [1, 2, "A"])[0]) is True
    ok, out = feedback([1, 9, 3, 9], [1, 2, 3, 4])
    assert bool(ok) is False
    assert "vị trí 2, 4" in out and "đếm từ 1" in out  # positions counted from 1


def test_lists_report_lengths(feedback):
    ok, out = feedback([1, 2], (1, 2, 3))
    assert bool(ok) is False
    assert "2 phần tử" in out and "3 phần tử" in out


def test_list_accepts_array_and_tuple(feedback):
    assert bool(feedback(np.array([1, 2, 3]), [1, 2, 3])[0]) is True
    assert bool(feedback((1, 2, 3), [1, 2, 3])[0]) is True


def test_sets_ignore_order(feedback):
    assert bool(feedback({"b", "a"}, {"a", "b"})[0]) is True
    assert bool(feedback(["b", "A"], {"a", "b"})[0]) is True
    ok, out = feedback({"a", "c", "d"}, {"a", "b"})
    assert bool(ok) is False
    assert "thiếu 1" in out
    assert "'c'" in out and "'d'" in out


def test_dicts_report_keys(feedback):
    assert bool(feedback({"x": 1.0, "y": 2}, {"y": 2, "x": 1})[0]) is True
    ok, out = feedback({"a": 1, "c": 3, "d": 5}, {"a": 1, "b": 2, "d": 4})
    assert bool(ok) is False
    assert "thiếu khóa (key): 'b'" in out
    assert "Thừa khóa (key): 'c'" in out
    assert "Giá trị chưa đúng ở khóa: 'd'" in out


# ------------------------------------------------------------------------------- pandas and numpy
def test_dataframe_equal(feedback, frame):
    ok, out = feedback(frame.copy(), frame)
    assert bool(ok) is True
    assert out.startswith("✅ Chính xác!")


def test_dataframe_order_and_dtype_are_ignored(feedback, frame):
    shuffled = frame.iloc[[2, 0, 1]][["n_orders", "province", "revenue"]]
    assert bool(feedback(shuffled, frame)[0]) is True
    assert bool(feedback(frame.astype({"n_orders": "float64"}), frame)[0]) is True


def test_dataframe_values_within_tolerance(feedback, frame):
    close = frame.assign(revenue=frame["revenue"] * (1 + 1e-5))
    assert bool(feedback(close, frame)[0]) is True


def test_dataframe_different_values_names_the_column(feedback, frame):
    wrong = frame.copy()
    wrong.loc[1, "revenue"] = 9_999_999.0
    ok, out = feedback(wrong, frame, name="4")
    assert bool(ok) is False
    assert "chưa đúng" in out
    assert "'revenue'" in out
    assert "1/3" in out
    assert "Traceback" not in out and "AssertionError" not in out


def test_dataframe_different_column_name(feedback, frame):
    ok, out = feedback(frame.rename(columns={"revenue": "doanh_thu"}), frame)
    assert bool(ok) is False
    assert "thiếu cột: 'revenue'" in out
    assert "Thừa cột: 'doanh_thu'" in out


def test_dataframe_missing_columns_are_named(feedback, frame):
    ok, out = feedback(frame[["province"]], frame)
    assert bool(ok) is False
    assert "'revenue'" in out and "'n_orders'" in out


def test_dataframe_row_count(feedback, frame):
    ok, out = feedback(frame.head(2), frame)
    assert bool(ok) is False
    assert "2 dòng" in out and "3 dòng" in out


def test_dataframe_index(feedback, frame):
    ok, out = feedback(frame.set_axis([5, 6, 7]), frame)
    assert bool(ok) is False
    assert "chỉ mục (index)" in out


def test_dataframe_check_dtype(feedback, frame):
    ok, out = feedback(frame.astype({"n_orders": "float64"}), frame, check_dtype=True)
    assert bool(ok) is False
    assert "'n_orders'" in out and "float64" in out


def test_dataframe_with_duplicate_index(feedback):
    expected = pd.DataFrame({"x": [1, 2, 3]}, index=[0, 0, 1])
    assert bool(feedback(expected.copy(), expected)[0]) is True
    ok, out = feedback(pd.DataFrame({"x": [1, 5, 3]}, index=[0, 0, 1]), expected)
    assert bool(ok) is False
    assert "'x'" in out


def test_series(feedback, frame):
    revenue = frame.set_index("province")["revenue"]
    assert bool(feedback(revenue.sort_values(), revenue)[0]) is True
    assert bool(feedback(revenue.rename("doanh_thu"), revenue)[0]) is True
    ok, out = feedback(revenue * 2, revenue)
    assert bool(ok) is False
    assert "3/3" in out


def test_numpy_arrays(feedback):
    assert bool(feedback(np.array([1.0, 2.0, 3.0]), np.array([1, 2, 3]))[0]) is True
    ok, out = feedback(np.array([[1, 2], [3, 5]]), np.array([[1, 2], [3, 4]]))
    assert bool(ok) is False
    assert "(1, 1)" in out
    ok, out = feedback(np.zeros(3), np.zeros(4))
    assert bool(ok) is False
    assert "(3,)" in out


def test_other_objects_compared_with_equality(feedback):
    day = pd.Timestamp("2024-11-11")
    assert bool(feedback(pd.Timestamp("2024-11-11"), day)[0]) is True
    ok, out = feedback("2024-11-11", day)
    assert bool(ok) is False
    assert "chưa đúng kiểu" in out


def test_never_raises_on_odd_input(feedback):
    ok, out = feedback({1, 2}, {"a": [1, 2]})
    assert bool(ok) is False
    assert out.startswith("❌")
    ok, out = feedback([{1}, [2]], {frozenset({1})})
    assert bool(ok) is False
    assert out.startswith("❌")


# -------------------------------------------------------------------------------------- English
def test_english_messages(feedback, frame):
    i18n.set_language("en")
    _, out = feedback(TODO, 1, name="5")
    assert out.startswith("⏳ Exercise 5: not done yet")
    _, out = feedback(3, 1, name="5", hint="Count distinct customers.")
    assert "not correct" in out and "too high" in out
    assert "💡 Hint: Count distinct customers." in out
    _, out = feedback("x", 1)
    assert "wrong type" in out
    _, out = feedback(frame[["province"]], frame)
    assert "missing column(s)" in out
    _, out = feedback(1, 1)
    assert out.startswith("✅ Correct!")
    i18n.set_language("vi")
    _, out = feedback(1, 1)
    assert out.startswith("✅ Chính xác!")


def test_integer_counts_must_match_exactly(capsys):
    from ecrm_lab.exercises import check

    assert bool(check(1000, 1000, name="count")) is True
    assert bool(check(1001, 1000, name="count")) is False
    assert bool(check(1000.2, 1000.0, name="measure")) is True  # floats keep the relative tolerance


def test_check_result_behaves_like_a_bool_and_shows_nothing(capsys):
    right, wrong = check(2, 2), check(3, 2)
    capsys.readouterr()
    assert right and not wrong
    assert right == True and wrong == False  # noqa: E712 - the comparison itself is under test
    assert repr(right) == "True" and repr(wrong) == "False"
    assert right._ipython_display_() is None  # IPython shows nothing for it at the end of a cell


@pytest.mark.parametrize("arg", ["tol", "rtol"])
@pytest.mark.parametrize("bad", [-1e-6, -1, float("nan"), float("inf"), -float("inf")])
def test_negative_or_non_finite_tolerance_is_a_clear_error(capsys, arg, bad):
    with pytest.raises(
        ValueError, match=rf"check\({arg}=.*finite number >= 0\. Fix: pass e\.g\. {arg}="
    ):
        check(1.0, 1.0, **{arg: bad})
    # nothing was printed: the author's mistake is not reported as the student's
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("arg", ["tol", "rtol"])
@pytest.mark.parametrize("bad", ["0.01", None, True, [0.1], 1j])
def test_non_numeric_tolerance_is_a_clear_error(arg, bad):
    with pytest.raises(
        TypeError, match=rf"check\({arg}=.*must be a number, not .*Fix: pass a number"
    ):
        check(1.0, 1.0, **{arg: bad})


def test_tolerance_accepts_any_real_number(capsys):
    import numpy as np

    assert bool(check(42.01, 42, rtol=0, tol=np.float32(0.1))) is True
    assert bool(check(42.01, 42, rtol=np.int64(0), tol=0)) is False
    assert bool(check(1000.2, 1000.0, tol=0, rtol=1)) is True


# ================================================================ precision-aware checks (issue 11)
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ecrm_lab.exercises import (  # noqa: E402
    SELF_ASSESSMENT_NOTE,
    Choice,
    Expected,
    hint_problems,
    reset_hints,
    self_assessment_note,
)
from ecrm_lab.exercises.answer_key import AnswerKey, load_key  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_hints():
    reset_hints()
    yield
    reset_hints()


# The values the readers typed (issue 11): as the notebook displays them, at the stated precision.
DISPLAYED = [
    ("02.2 Zalo", 0.096, 0.09561998766193708, 3, "share"),
    ("01.3 heatmap", 0.41, 0.4069965870307167, 2, "share"),
    ("01.2", 0.52, 0.521203830369357, 2, "share"),
    ("02.4", 0.47, 0.4728205128205128, 2, "share"),
    ("02.5", 16.6, 16.644024477171435, 1, None),
    ("02.1 CAC", 154_286, 154_285.7142857143, 0, "vnd"),
    ("CAC to the thousand", 154_000, 154_285.7142857143, -3, "vnd"),
    ("share as %", 9.6, 9.561998766193708, 1, "percent"),
]


@pytest.mark.parametrize(("case", "shown", "true", "decimals", "unit"), DISPLAYED)
def test_the_displayed_value_passes(feedback, case, shown, true, decimals, unit):
    ok, out = feedback(shown, true, name=case, decimals=decimals, unit=unit)
    assert bool(ok) is True, out
    # so does the full value, and so does the Expected spelling of the same check
    assert bool(feedback(true, true, decimals=decimals, unit=unit)[0]) is True
    assert bool(feedback(shown, Expected(true, decimals=decimals, unit=unit))[0]) is True


@pytest.mark.parametrize("wrong", [0.095, 0.097, 0.1, 0.0950])
def test_a_neighbour_at_the_stated_precision_fails(feedback, wrong):
    ok, out = feedback(wrong, 0.09561998766193708, name="02.2", decimals=3, unit="share")
    assert bool(ok) is False
    assert "3 chữ số thập phân" in out
    assert "0.0956" not in out and "0.096" not in out  # never reveal the expected value


def test_rounding_too_early_is_named(feedback):
    _, out = feedback(0.1, 0.0956, decimals=3, unit="share")
    assert "có 1 chữ số thập phân, bài yêu cầu 3" in out


SLIP_CASES = [
    # (answer, expected, spec options, slip code, words of its message)
    (9.56, 0.0956, {"decimals": 3, "unit": "share"}, "percent_for_share", "dưới dạng phần trăm"),
    (10, 0.0956, {"decimals": 3, "unit": "share"}, "percent_for_share", "dưới dạng phần trăm"),
    (0.0956, 9.56, {"decimals": 2, "unit": "percent"}, "share_for_percent", "hỏi số phần trăm"),
    (40.7, 0.407, {"decimals": 3}, "percent_either", "lệch đúng 100 lần"),
    (154, 154_285.71, {"decimals": 0, "unit": "vnd"}, "in_thousands", "viết số tiền theo nghìn ₫"),
    (154.3, 154_285.71, {"decimals": 0, "unit": "vnd"}, "in_thousands", "viết số tiền theo nghìn ₫"),
    (0.15, 154_285.71, {"decimals": 0, "unit": "vnd"}, "in_millions", "viết số tiền theo triệu ₫"),
    (154_286, 154.28571, {"decimals": 1, "unit": "thousand_vnd"}, "in_vnd", "viết số tiền theo ₫:"),
    (-12.5, 12.5, {"decimals": 1}, "sign", "ngược dấu"),
    (2, 3, {"unit": "position"}, "from_zero", "đếm vị trí từ 0"),
    (["N", "P", "S", "I"], ["S", "P", "I", "N"], {"decimals": 0}, "order", "sai thứ tự"),
    ("N-I-P-S", "S-P-I-N", {}, "order", "sai thứ tự"),
    ("mở rộng", "expansion", {}, "label_not_code", "hỏi mã (code)"),
    ("Mo rong", "expansion", {}, "label_not_code", "hỏi mã (code)"),
    ("quảng cáo tìm kiếm", "paid_search", {}, "label_not_code", "hỏi mã (code)"),
    ("Situation", "S", {}, "label_not_code", "hỏi mã (code)"),
    ("retention", "giữ chân", {}, "code_not_label", "hỏi tên tiếng Việt"),
    ("giu chan", "giữ chân", {}, "diacritics", "dấu tiếng Việt"),
    (0.61, 0.57, {"decimals": 2, "mistakes": {0.61: "Bạn đã tính cả các đơn bị hủy."}},
     "mistake", "tính cả các đơn bị hủy"),
]  # fmt: skip


@pytest.mark.parametrize(("answer", "expected", "options", "slip", "words"), SLIP_CASES)
def test_each_slip_gets_its_message(feedback, answer, expected, options, slip, words):
    ok, out = feedback(answer, expected, name="s", **options)
    assert bool(ok) is False
    assert out.startswith("❌ Bài tập s: chưa đúng")
    assert words in out, out
    # no other slip's message is given
    others = [w for (_, _, _, code, w) in SLIP_CASES if code != slip and w != words]
    assert not [w for w in others if w in out], out


def test_a_slip_can_be_switched_off(feedback):
    _, out = feedback(9.56, 0.0956, decimals=3, unit="share", slips=())
    assert "phần trăm" not in out
    _, out = feedback("mở rộng", Expected("expansion", slips=["order"]))
    assert "hỏi mã" not in out


@pytest.mark.parametrize("answer", ["SPIN", "S → P → I → N", "s-p-i-n", " S P I N ", "S>P>I>N"])
def test_equivalent_text_formats(feedback, answer):
    assert bool(feedback(answer, "S-P-I-N", name="03.3")[0]) is True


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("Paid Search", "paid_search"), ("paid-search", "paid_search"), ("Expánsion", "expansion")],
)
def test_codes_ignore_case_separators_and_diacritics(feedback, answer, expected):
    assert bool(feedback(answer, expected)[0]) is True


def test_vietnamese_text_still_needs_its_diacritics(feedback):
    assert bool(feedback("giữ  Chân", "giữ chân")[0]) is True
    assert bool(feedback("giu chan", "giữ chân")[0]) is False


def test_a_sequence_answer_may_be_written_as_text(feedback):
    labels = ["P", "N", "S", "I", "S", "I"]
    for answer in ("PNSISI", "P, N, S, I, S, I", "p n s i s i", labels):
        assert bool(feedback(answer, Expected(labels), name="03.1")[0]) is True


def test_list_positions_are_counted_from_one(feedback):
    _, out = feedback(["P", "N", "S", "S", "S", "N"], Expected(["P", "N", "S", "I", "S", "I"]))
    assert "vị trí 4, 6" in out and "đếm từ 1" in out


def test_count_must_be_exact(feedback):
    assert bool(feedback(858, 858, unit="count")[0]) is True
    assert bool(feedback(858.0, 858, unit="count")[0]) is True
    assert bool(feedback(857, 858, unit="count")[0]) is False
    assert bool(feedback(858.4, 858, unit="count")[0]) is False


def test_dict_and_series_at_a_precision(feedback):
    expected = {"last_touch": 801.0, "linear": 554.1543650793651}
    assert bool(feedback({"linear": 554.2, "last_touch": 801}, expected, decimals=1)[0]) is True
    ok, out = feedback({"linear": 554.0, "last_touch": 801}, expected, decimals=1)
    assert bool(ok) is False and "'linear'" in out and "'last_touch'" not in out
    revenue = pd.Series({"facebook": 682_164_000, "organic_search": 695_296_000})
    assert bool(feedback(revenue.sort_values(), Expected(revenue))[0]) is True
    by_decile = pd.Series([0.31, 0.18], index=pd.Index([1, 2], dtype="int64"))
    answer = {np.int64(2): 0.18, np.int64(1): 0.31}
    assert bool(feedback(answer, by_decile, decimals=2)[0]) is True
    by_day = pd.Series([3, 5], index=pd.to_datetime(["2024-11-11", "2024-12-12"]))
    assert bool(feedback(by_day.copy(), Expected(by_day))[0]) is True
    key = AnswerKey.from_specs({"d": Expected(by_day)}, salt=SALT)
    assert bool(feedback(by_day.copy(), key["d"], name="d")[0]) is True


# ------------------------------------------------------------------------------ multiple choice
@pytest.fixture
def choice():
    return Choice(
        "B",
        why={
            "A": "Biểu đồ chỉ cho thấy tương quan, không cho thấy nguyên nhân.",
            "C": "Kênh này có CAC cao nhất trong bảng.",
        },
    )


def test_a_wrong_choice_is_explained(feedback, choice):
    ok, out = feedback("a", choice, name="02.6")
    assert bool(ok) is False
    assert "bạn chọn A" in out
    assert "Vì sao phương án này chưa đúng: Biểu đồ chỉ cho thấy tương quan" in out
    assert "CAC cao nhất" not in out  # only the chosen option's explanation


@pytest.mark.parametrize("answer", ["B", "b", " b) ", "(B)"])
def test_the_right_choice_in_any_format(feedback, choice, answer):
    assert bool(feedback(answer, choice)[0]) is True


def test_an_unknown_option_lists_the_options(feedback, choice):
    ok, out = feedback("E", choice)
    assert bool(ok) is False
    assert "không phải một phương án" in out and "A, B, C" in out


def test_choice_needs_an_explanation_for_each_wrong_option():
    with pytest.raises(ValueError, match="right option is also listed"):
        Choice("B", why={"B": "x"})
    with pytest.raises(ValueError, match="no explanation"):
        Choice("B", why={"A": " "})
    with pytest.raises(TypeError, match="mapping"):
        Choice("B", why=["A"])


# -------------------------------------------------------------------------------------- hints
TIERS = ["Tỷ lệ là số người mua chia cho số người được tiếp cận.", "Xem bảng phễu của kênh Zalo."]


def test_hints_come_one_tier_per_wrong_attempt(feedback):
    _, first = feedback(0.5, 0.0956, name="h", decimals=3, hints=TIERS)
    assert "💡 Gợi ý 1/2: " + TIERS[0] in first and TIERS[1] not in first
    _, second = feedback(0.4, 0.0956, name="h", decimals=3, hints=TIERS)
    assert "💡 Gợi ý 2/2: " + TIERS[1] in second and TIERS[0] not in second
    _, third = feedback(0.3, 0.0956, name="h", decimals=3, hints=TIERS)
    assert "💡 Gợi ý 2/2: " + TIERS[1] in third  # the last tier stays
    _, right = feedback(0.096, 0.0956, name="h", decimals=3, hints=TIERS)
    assert "Gợi ý" not in right


def test_no_hint_while_the_answer_is_todo(feedback):
    for _ in range(3):
        _, out = feedback(TODO, 0.0956, name="t", decimals=3, hints=TIERS)
        assert "chưa làm" in out and "Gợi ý" not in out
    _, out = feedback(0.5, 0.0956, name="t", decimals=3, hints=TIERS)
    assert "Gợi ý 1/2" in out  # TODO runs did not use up a tier


def test_hint_state_is_kept_per_exercise(feedback):
    feedback(1, 2, name="a", hints=TIERS)
    _, out = feedback(1, 2, name="b", hints=TIERS)
    assert "Gợi ý 1/2" in out
    reset_hints("a")
    _, out = feedback(1, 2, name="a", hints=TIERS)
    assert "Gợi ý 1/2" in out


def test_a_single_hint_string_is_one_tier(feedback):
    for _ in range(2):
        _, out = feedback(1, 2, name="one", hint="Chỉ tính đơn hoàn tất.")
        assert "💡 Gợi ý: Chỉ tính đơn hoàn tất." in out


def test_hint_and_hints_together_is_an_authors_error():
    with pytest.raises(TypeError, match="give one of them"):
        check(1, 2, hint="a", hints=["b"])
    with pytest.raises(TypeError, match="list of tiers"):
        check(1, 2, hints="a single string")


@pytest.mark.parametrize(
    "hint",
    [
        'Dùng (data.customers["province"] == "Hà Nội").sum().',
        "Trung bình (.mean()) của một cột True/False là tỷ lệ các giá trị True.",
        'Đếm bằng (bang["stage"] == "retention").sum().',
    ],
)
def test_hint_problems_finds_code(hint):
    assert any("contains code" in p for p in hint_problems(hint))


def test_hint_problems_finds_the_answer():
    assert "the hint contains the answer" in hint_problems(
        "Đáp án là 0,096 nhé.", 0.0956, decimals=3
    )
    assert "the hint contains the answer" in hint_problems("Chọn expansion.", "expansion")
    assert hint_problems("Chia số người mua cho số người được tiếp cận.", 0.0956, decimals=3) == []


def test_self_assessment_note(capsys):
    assert (
        "tự đánh giá" in SELF_ASSESSMENT_NOTE and "không phải bài chấm điểm" in SELF_ASSESSMENT_NOTE
    )
    self_assessment_note()
    assert capsys.readouterr().out.strip() == SELF_ASSESSMENT_NOTE


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"decimals": "3"}, TypeError, "whole number"),
        ({"decimals": 2.5}, TypeError, "whole number"),
        ({"decimals": 40}, ValueError, "between"),
        ({"unit": "usd"}, ValueError, "unknown unit"),
        ({"slips": "order"}, TypeError, "list of slip codes"),
        ({"slips": ["typo"]}, ValueError, "unknown slip"),
        ({"decimals": 2, "sig": 3}, ValueError, "one precision"),
    ],
)
def test_a_bad_spec_is_an_authors_error(capsys, kwargs, error, words):
    with pytest.raises(error, match=words):
        check(0.5, 0.5, **kwargs)
    assert capsys.readouterr().out == ""


# ----------------------------------------------------------------- the hashed key gives the same
SALT = "5a" * 16


KEY_TABLE = [
    *[(shown, Expected(true, decimals=d, unit=u)) for _, shown, true, d, u in DISPLAYED],
    *[(a, Expected(e, **o)) for a, e, o, _, _ in SLIP_CASES if not isinstance(e, Expected)],
    (0.095, Expected(0.0956, decimals=3, unit="share")),
    (TODO, Expected(0.0956, decimals=3)),
    ("0.096", Expected(0.0956, decimals=3)),
    (pd.Series([0.096]), Expected(0.0956, decimals=3)),
    (float("nan"), Expected(0.0956, decimals=3)),
    (True, Expected(True)),
    (False, Expected(True)),
    ("SPIN", Expected("S-P-I-N")),
    ("PNSISI", Expected(["P", "N", "S", "I", "S", "I"])),
    (["P", "N", "S", "S", "S", "N"], Expected(["P", "N", "S", "I", "S", "I"])),
    ({"b", "a"}, Expected({"a", "b"})),
    (["a", "c", "d"], Expected({"a", "b"})),
    ({"linear": 554.0, "x": 1}, Expected({"last_touch": 801.0, "linear": 554.15}, decimals=1)),
    ("a", Choice("B", why={"A": "Vì tương quan không phải nhân quả.", "C": "Sai kênh."})),
    ("B", Choice("B", why={"A": "Vì tương quan không phải nhân quả.", "C": "Sai kênh."})),
    ("E", Choice("B", why={"A": "Vì tương quan không phải nhân quả.", "C": "Sai kênh."})),
]


@pytest.mark.parametrize(("answer", "spec"), KEY_TABLE)
def test_the_hashed_key_gives_the_same_feedback(capsys, answer, spec):
    key = AnswerKey.from_specs({"k": spec}, salt=SALT)
    plain = check(answer, spec, name="k")
    plain_out = capsys.readouterr().out
    hashed = check(answer, key["k"], name="k")
    assert bool(plain) == bool(hashed)
    assert capsys.readouterr().out == plain_out
    assert "Lỗi" not in plain_out and "error" not in plain_out.lower()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False).filter(lambda v: abs(v) > 1e-6),
    decimals=st.integers(min_value=-2, max_value=4),
    unit=st.sampled_from([None, "share", "percent", "vnd", "thousand_vnd", "million_vnd"]),
    transform=st.sampled_from(
        ["same", "shown", "x100", "/100", "/1e3", "/1e6", "x1e3", "neg", "step", "other"]
    ),
    other=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
)
def test_hashed_key_verdicts_equal_plain_verdicts(capsys, value, decimals, unit, transform, other):
    step = 10.0 ** (-decimals)
    answer = {
        "same": value,
        "shown": round(value, decimals),
        "x100": value * 100,
        "/100": value / 100,
        "/1e3": round(value / 1e3, max(decimals + 3, 0) - 1),
        "/1e6": value / 1e6,
        "x1e3": value * 1e3,
        "neg": -value,
        "step": value + step,
        "other": other,
    }[transform]
    spec = Expected(value, decimals=decimals, unit=unit)
    key = AnswerKey.from_specs({"p": spec}, salt=SALT)
    capsys.readouterr()
    assert bool(check(answer, spec, name="p")) == bool(check(answer, key["p"], name="p"))
    plain, hashed = capsys.readouterr().out.splitlines()
    assert plain == hashed
    if transform in ("same", "shown"):
        assert plain.startswith("✅")


def test_the_key_reveals_nothing(tmp_path):
    spec = {
        "02.2": Expected(0.09561998766193708, decimals=3, unit="share"),
        "01.4": Expected("expansion"),
        "03.1": Expected(["P", "N", "S", "I", "S", "I"]),
        "02.6": Choice("B", why={"A": "Tương quan không phải nhân quả.", "C": "Sai kênh."}),
        "00.3": Expected(pd.Series({"organic_search": 695_296_000, "facebook": 682_164_000})),
    }
    path = AnswerKey.from_specs(spec, salt=SALT).save(tmp_path / "answer_key.json")
    text = path.read_text(encoding="utf-8")
    for secret in ("0.096", "9.6", "0.0956", "expansion", "mở rộng", "695296000", "nhân quả",
                   "Sai kênh", '"P"', "PNSISI"):  # fmt: skip
        assert secret not in text, secret
    # the keys of a dict answer are shown (they are in the question), in sorted order only
    assert text.index("facebook") < text.index("organic_search")
    key = load_key(path)
    assert sorted(key) == sorted(spec)
    assert bool(check(0.096, key["02.2"], name="02.2")) is True


def test_loading_a_missing_or_broken_key_says_how_to_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="Fix: open the notebook from the student edition"):
        load_key(tmp_path / "answer_key.json")
    (tmp_path / "bad.json").write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not an ecrm_lab answer key"):
        load_key(tmp_path / "bad.json")
    key = AnswerKey.from_specs({"1.1": 3}, salt=SALT)
    with pytest.raises(KeyError, match="has no exercise '1.2'"):
        key["1.2"]


def test_the_new_messages_have_both_languages_and_the_glossary_terms():
    import string

    from test_glossary import find_wrong_variants

    from ecrm_lab.exercises import _messages

    for key, entry in _messages.MESSAGES.items():
        assert i18n.MESSAGES[key] == entry  # registered into the package's message table
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f}
            for lang in "vi en".split()
        ]
        assert fields[0] == fields[1], key
        assert find_wrong_variants(entry["vi"]) == [], key


def test_a_vietnamese_decimal_comma_gets_advice_about_the_decimal_point(capsys):
    # `answer = 0,191` in Python is the tuple (0, 191): say so instead of "a whole column/table"
    from ecrm_lab.exercises import check

    answer = 0, 191
    assert not check(answer, 0.191, decimals=3, name="04.2")
    out = capsys.readouterr().out
    assert "dấu chấm thập phân: 0.191" in out and "(0, 191)" in out
    assert ".iloc[0]" not in out
    assert not check((12, 5), 12.5)  # the plain judge too
    assert "12.5" in capsys.readouterr().out
    assert not check((1, 2, 3), 0.5)  # a real tuple: no decimal-comma advice
    assert "dấu chấm thập phân" not in capsys.readouterr().out


def test_a_set_of_display_names_where_codes_are_asked_gets_the_name_for_code_advice(
    tmp_path, capsys
):
    # student review of lesson 07: 07.4 answered with Vietnamese segment names got no advice
    names = {i18n.label("champions"), i18n.label("loyal_customers")}
    codes = {"champions", "loyal_customers"}
    assert not check(names, codes, name="07.4")
    assert "bài này hỏi mã (code)" in capsys.readouterr().out
    key = load_key(
        AnswerKey.from_specs({"07.4": Expected(codes)}, salt=SALT).save(tmp_path / "k.json")
    )
    assert not check(names, key["07.4"], name="07.4")  # the student edition's sealed key too
    assert "bài này hỏi mã (code)" in capsys.readouterr().out
    assert not check(
        {"champions", "hibernating"}, codes, name="07.4"
    )  # a wrong code: no such advice
    assert "bài này hỏi mã" not in capsys.readouterr().out
