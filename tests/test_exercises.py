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
