"""Friendly answer checking for the notebook exercises.

Students write their answer in place of :data:`TODO` and call :func:`check`, which prints short
feedback in Vietnamese (or English, see :func:`ecrm_lab.i18n.set_language`) and returns ``True`` or
``False``. It never raises for a wrong or unfinished answer and never reveals the expected value.

Examples
--------
>>> from ecrm_lab.exercises import TODO, check
>>> from ecrm_lab.i18n import language
>>> with language("vi"):
...     ok = check(TODO, 42, name="1.1")
⏳ Bài tập 1.1: chưa làm (not done yet) — hãy thay TODO (hoặc ...) bằng câu trả lời của bạn rồi chạy lại ô này.
>>> with language("vi"):
...     ok = check(40 + 2, 42, name="1.1")
✅ Chính xác! Bài tập 1.1: làm tốt lắm!
>>> ok
True
"""

from __future__ import annotations

import dataclasses
import decimal
import math
import numbers
import reprlib
import sys
import unicodedata
from collections.abc import Mapping
from typing import Any

from ecrm_lab.i18n import t

__all__ = ["TODO", "check", "CheckResult"]


class _TodoType:
    """Type of the :data:`TODO` placeholder (a singleton whose repr is ``TODO``)."""

    _instance: _TodoType | None = None

    def __new__(cls) -> _TodoType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TODO"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> tuple[type, tuple]:
        return (_TodoType, ())

    def __copy__(self) -> _TodoType:
        return self

    def __deepcopy__(self, memo: dict) -> _TodoType:
        return self


#: Placeholder for an answer the student has not written yet: ``answer = TODO``.
TODO = _TodoType()


class CheckResult:
    """What :func:`check` returns: true if the answer is correct, false otherwise.

    It behaves like ``True``/``False`` (``bool(result)``, ``result == True``, ``if check(...):``) but
    displays nothing when it is the last expression of a notebook cell: the feedback is already printed.
    (A trailing ``;`` is not enough: it does not suppress output under nbval, IPython issue #14162.)

    Parameters
    ----------
    ok : bool
        Whether the answer was correct.
    """

    __slots__ = ("ok",)

    def __init__(self, ok: bool):
        self.ok = bool(ok)

    def __bool__(self) -> bool:
        return self.ok

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CheckResult):
            return self.ok == other.ok
        if isinstance(other, bool):
            return self.ok == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.ok)

    def __repr__(self) -> str:
        return repr(self.ok)

    def _ipython_display_(self) -> None:
        """Show nothing in IPython/Jupyter (the feedback was printed by :func:`check`)."""


_MAX_SHOWN = 5
_repr = reprlib.Repr()
_repr.maxstring = 60
_repr.maxother = 60
_repr.maxlist = 6
_repr.maxdict = 6


@dataclasses.dataclass
class _Options:
    tol: float
    rtol: float
    check_dtype: bool


@dataclasses.dataclass
class _Verdict:
    """Outcome of a comparison: ``ok``, or the reasons why not."""

    ok: bool
    details: list[str] = dataclasses.field(default_factory=list)
    wrong_type: tuple[str, str] | None = None  # (expected description, given description)


_OK = _Verdict(True)


def _wrong(*details: str) -> _Verdict:
    return _Verdict(False, [d for d in details if d])


# ------------------------------------------------------------------------------ kinds and display
def _is_placeholder(x: Any) -> bool:
    return x is TODO or x is Ellipsis or x is None


def _contains_placeholder(x: Any) -> bool:
    """True if a list/tuple/dict answer still holds a ``TODO`` or ``...`` at the top level."""
    if isinstance(x, list | tuple):
        items = x
    elif isinstance(x, dict):
        items = list(x.values())
    else:
        return False
    return any(item is TODO or item is Ellipsis for item in items)


def _kind(x: Any) -> str:
    """Classify a value: number, bool, text, list, set, dict, dataframe, series, array or other."""
    pd = sys.modules.get("pandas")
    np = sys.modules.get("numpy")
    if pd is not None:
        if isinstance(x, pd.DataFrame):
            return "dataframe"
        if isinstance(x, pd.Series):
            return "series"
        if isinstance(x, pd.Index):
            return "array"
    if np is not None:
        if isinstance(x, np.ndarray):
            if x.ndim == 0 and x.dtype.kind in "iuf":
                return "number"
            if x.ndim == 0 and x.dtype.kind == "b":
                return "bool"
            return "array"
        if isinstance(x, np.bool_):
            return "bool"
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, numbers.Real | decimal.Decimal):
        return "number"
    if isinstance(x, str):
        return "text"
    if isinstance(x, Mapping):
        return "dict"
    if isinstance(x, set | frozenset):
        return "set"
    if isinstance(x, list | tuple):
        return "list"
    return "other"


def _describe(x: Any, *, expected: bool = False) -> str:
    """Describe the type of ``x`` for a student, e.g. ``một số (float)``."""
    kind = _kind(x)
    tname = type(x).__name__
    if expected and kind == "number":
        tname = "int/float"
    if kind in ("number", "bool", "text", "list", "set", "dict", "dataframe", "series", "array"):
        return t(f"type.{kind}", tname=tname)
    return t("type.other", tname=tname)


def _is_integral(x: Any) -> bool:
    if isinstance(x, numbers.Integral):
        return True
    return getattr(getattr(x, "dtype", None), "kind", None) in ("i", "u")


def _show(x: Any) -> str:
    """Short display of a student's answer."""
    kind = _kind(x)
    if kind == "bool":
        return str(bool(x))
    if kind == "number":
        if _is_integral(x):
            return str(int(x))
        value = float(x)
        return "NaN" if math.isnan(value) else f"{value:.12g}"
    return _repr.repr(x)


def _names(items: Any) -> str:
    """Comma-separated reprs of at most a few items."""
    items = list(items)
    shown = ", ".join(_repr.repr(i) for i in items[:_MAX_SHOWN])
    return shown + (", …" if len(items) > _MAX_SHOWN else "")


def _norm_text(s: str) -> str:
    """Unicode NFC, case-folded, with runs of whitespace collapsed."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", s).casefold())
    return " ".join(folded.split())


def _strip_accents(s: str) -> str:
    decomposed = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _key(x: Any) -> Any:
    """Hashable comparison key: text is normalised, everything else is left as is."""
    return _norm_text(x) if isinstance(x, str) else x


def _type_error(answer: Any, expected: Any, *advice: str) -> _Verdict:
    verdict = _Verdict(False, [a for a in advice if a])
    verdict.wrong_type = (_describe(expected, expected=True), _describe(answer))
    return verdict


def _to_list(x: Any) -> list:
    if hasattr(x, "tolist"):
        return list(x.tolist())
    return list(x)


# ------------------------------------------------------------------------------------ comparisons
def _compare(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    handlers = {
        "number": _cmp_number,
        "bool": _cmp_bool,
        "text": _cmp_text,
        "list": _cmp_list,
        "set": _cmp_set,
        "dict": _cmp_dict,
        "dataframe": _cmp_frame,
        "series": _cmp_series,
        "array": _cmp_array,
    }
    return handlers.get(_kind(expected), _cmp_other)(answer, expected, opt)


def _same(answer: Any, expected: Any, opt: _Options) -> bool:
    """Element-level equality used inside lists, sets and dicts."""
    try:
        return _compare(answer, expected, opt).ok
    except Exception:
        return False


def _cmp_number(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    kind = _kind(answer)
    if kind != "number":
        advice = ""
        if kind == "text":
            try:
                float(answer.replace(",", "."))
                advice = t("check.advice.quoted_number")
            except ValueError:
                pass
        elif kind in ("series", "dataframe", "array", "list"):
            advice = t("check.advice.scalar")
        return _type_error(answer, expected, advice)
    if opt.check_dtype and _is_integral(answer) != _is_integral(expected):
        verdict = _type_error(answer, expected)
        verdict.wrong_type = (_describe(expected), _describe(answer))
        return verdict
    a, e = float(answer), float(expected)
    if math.isnan(e):
        return _OK if math.isnan(a) else _wrong(t("check.number.not_nan", answer=_show(answer)))
    if math.isnan(a):
        return _wrong(t("check.number.nan", answer=_show(answer)))
    # counts (an integer expected) must match exactly; measurements get the relative tolerance
    exact = _is_integral(expected) and _is_integral(answer)
    if (a == e) if exact else math.isclose(a, e, rel_tol=opt.rtol, abs_tol=opt.tol):
        return _OK
    key = "check.number.too_high" if a > e else "check.number.too_low"
    details = [t(key, answer=_show(answer))]
    if math.isfinite(a) and math.isfinite(e) and a != 0 and e != 0:
        ratio = a / e
        if any(math.isclose(ratio, factor, rel_tol=opt.rtol) for factor in (100, 0.01)):
            details.append(t("check.number.percent"))
        elif math.isclose(a, -e, rel_tol=opt.rtol, abs_tol=opt.tol):
            details.append(t("check.number.sign"))
        elif abs(a - e) <= 0.02 * abs(e):
            details.append(t("check.number.close"))
    return _wrong(*details)


def _cmp_bool(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    if _kind(answer) != "bool":
        return _type_error(answer, expected)
    if bool(answer) == bool(expected):
        return _OK
    return _wrong(t("check.bool.wrong", answer=_show(answer)))


def _cmp_text(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    if not isinstance(answer, str):
        return _type_error(answer, expected)
    a, e = _norm_text(answer), _norm_text(expected)
    if a == e:
        return _OK
    details = [t("check.text.wrong", answer=_show(answer))]
    if _strip_accents(a) == _strip_accents(e):
        details.append(t("check.text.diacritics"))
    return _wrong(*details)


def _cmp_list(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    if _kind(answer) not in ("list", "array", "series"):
        return _type_error(answer, expected)
    a, e = _to_list(answer), list(expected)
    if len(a) != len(e):
        return _wrong(t("check.seq.length", got=len(a), expected=len(e)))
    bad = [i for i, (x, y) in enumerate(zip(a, e, strict=True)) if not _same(x, y, opt)]
    if not bad:
        return _OK
    positions = _names(bad)
    return _wrong(t("check.seq.positions", positions=positions))


def _cmp_set(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    if _kind(answer) not in ("set", "list", "array", "series"):
        return _type_error(answer, expected)
    a = {_key(x): x for x in _to_list(answer)}
    e = {_key(x) for x in expected}
    missing = [k for k in e if k not in a]
    extra = [orig for k, orig in a.items() if k not in e]
    if not missing and not extra:
        return _OK
    details = []
    if missing:
        details.append(t("check.set.missing", n=len(missing)))
    if extra:
        details.append(t("check.set.extra", n=len(extra), items=_names(extra)))
    return _wrong(*details)


def _cmp_dict(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    kind = _kind(answer)
    if kind == "series":
        answer = answer.to_dict()
    elif kind != "dict":
        return _type_error(answer, expected)
    a = {_key(k): k for k in answer}
    e = {_key(k): k for k in expected}
    missing = [orig for k, orig in e.items() if k not in a]
    extra = [orig for k, orig in a.items() if k not in e]
    different = [e[k] for k in e if k in a and not _same(answer[a[k]], expected[e[k]], opt)]
    details = []
    if missing:
        details.append(t("check.dict.missing", keys=_names(missing)))
    if extra:
        details.append(t("check.dict.extra", keys=_names(extra)))
    if different:
        details.append(t("check.dict.values", keys=_names(different)))
    return _wrong(*details) if details else _OK


def _cmp_other(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    try:
        result = answer == expected
        equal = bool(result.all()) if hasattr(result, "all") else bool(result)
    except Exception:
        equal = False
    if equal:
        return _OK
    if not (isinstance(answer, type(expected)) or isinstance(expected, type(answer))):
        return _type_error(answer, expected)
    return _wrong(t("check.generic.wrong", answer=_show(answer)))


# -------------------------------------------------------------------------- pandas / numpy tables
def _diff_mask(a: Any, e: Any, opt: _Options) -> Any:
    """Boolean numpy array: True where two equally long Series differ (NaN equals NaN)."""
    import numpy as np
    import pandas as pd

    a = pd.Series(a).reset_index(drop=True)
    e = pd.Series(e).reset_index(drop=True)
    both_na = a.isna().to_numpy() & e.isna().to_numpy()

    def numeric(s: pd.Series) -> bool:
        return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)

    if numeric(a) and numeric(e):
        av = a.to_numpy(dtype=float, na_value=np.nan)
        ev = e.to_numpy(dtype=float, na_value=np.nan)
        same = np.isclose(av, ev, rtol=opt.rtol, atol=opt.tol, equal_nan=True)
    else:
        same = np.array(
            [_scalar_equal(x, y, opt) for x, y in zip(a.tolist(), e.tolist(), strict=True)],
            dtype=bool,
        )
    return ~(same | both_na)


def _scalar_equal(x: Any, y: Any, opt: _Options) -> bool:
    if _kind(x) == "number" and _kind(y) == "number":
        return math.isclose(float(x), float(y), rel_tol=opt.rtol, abs_tol=opt.tol)
    try:
        return bool(x == y)
    except Exception:
        return False


def _index_matches(ai: Any, ei: Any) -> bool:
    """Same row labels (in any order when unique; in the same order otherwise)."""
    if ai.is_unique and ei.is_unique:
        return len(ai) == len(ei) and bool(ei.isin(ai).all())
    return bool(ai.equals(ei))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _assert_kwargs(opt: _Options) -> dict[str, Any]:
    return {
        "check_dtype": opt.check_dtype,
        "check_index_type": "equiv" if opt.check_dtype else False,
        "check_names": False,
        "check_exact": False,
        "check_freq": False,
        "rtol": opt.rtol,
        "atol": opt.tol,
    }


def _cmp_frame(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    import pandas as pd
    import pandas.testing as pdt

    if not isinstance(answer, pd.DataFrame):
        advice = t("check.advice.frame") if isinstance(answer, pd.Series) else ""
        return _type_error(answer, expected, advice)
    missing = [c for c in expected.columns if c not in answer.columns]
    extra = [c for c in answer.columns if c not in expected.columns]
    details = []
    if missing:
        details.append(t("check.frame.missing_columns", columns=_names(missing)))
    if extra:
        details.append(t("check.frame.extra_columns", columns=_names(extra)))
    if len(answer) != len(expected):
        details.append(t("check.frame.rows", got=len(answer), expected=len(expected)))
    if details:
        return _wrong(*details)
    if not _index_matches(answer.index, expected.index):
        return _wrong(t("check.frame.index"))
    unique = answer.index.is_unique and expected.index.is_unique
    aligned = answer if unique else answer[list(expected.columns)]
    try:
        pdt.assert_frame_equal(
            aligned,
            expected,
            check_like=unique,
            check_column_type="equiv" if opt.check_dtype else False,
            **_assert_kwargs(opt),
        )
        return _OK
    except AssertionError as exc:
        error = exc
    aligned = answer.reindex(expected.index) if unique else answer
    for column in expected.columns:
        a, e = aligned[column], expected[column]
        if opt.check_dtype and a.dtype != e.dtype:
            return _wrong(
                t("check.frame.dtype", column=_repr.repr(column), got=a.dtype, expected=e.dtype)
            )
        n_bad = int(_diff_mask(a, e, opt).sum())
        if n_bad:
            return _wrong(t("check.frame.values", column=_repr.repr(column), n=n_bad, total=len(e)))
    return _wrong(t("check.frame.other", error=_first_line(error)))


def _cmp_series(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    import pandas as pd
    import pandas.testing as pdt

    if not isinstance(answer, pd.Series):
        advice = ""
        if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
            advice = t("check.advice.series")
        return _type_error(answer, expected, advice)
    if len(answer) != len(expected):
        return _wrong(t("check.frame.rows", got=len(answer), expected=len(expected)))
    if not _index_matches(answer.index, expected.index):
        return _wrong(t("check.frame.index"))
    unique = answer.index.is_unique and expected.index.is_unique
    try:
        pdt.assert_series_equal(
            answer,
            expected,
            check_like=unique,
            check_series_type=False,
            **_assert_kwargs(opt),
        )
        return _OK
    except AssertionError as exc:
        error = exc
    aligned = answer.reindex(expected.index) if unique else answer
    if opt.check_dtype and aligned.dtype != expected.dtype:
        return _wrong(t("check.series.dtype", got=answer.dtype, expected=expected.dtype))
    n_bad = int(_diff_mask(aligned, expected, opt).sum())
    if n_bad:
        return _wrong(t("check.series.values", n=n_bad, total=len(expected)))
    return _wrong(t("check.frame.other", error=_first_line(error)))


def _cmp_array(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    import numpy as np

    if _kind(answer) not in ("array", "list", "series"):
        return _type_error(answer, expected)
    a, e = np.asarray(answer), np.asarray(expected)
    if a.shape != e.shape:
        return _wrong(t("check.array.shape", got=a.shape, expected=e.shape))
    if opt.check_dtype and a.dtype != e.dtype:
        return _wrong(t("check.series.dtype", got=a.dtype, expected=e.dtype))
    bad = np.asarray(_diff_mask(a.ravel(), e.ravel(), opt))
    n_bad = int(bad.sum())
    if not n_bad:
        return _OK
    first = int(np.flatnonzero(bad)[0])
    position = first if a.ndim == 1 else tuple(int(i) for i in np.unravel_index(first, a.shape))
    return _wrong(t("check.array.values", n=n_bad, total=a.size, position=position))


# ------------------------------------------------------------------------------------- public API
def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _tolerance(name: str, value: Any, example: float) -> float:
    """Return ``value`` as a float after checking it is a finite number >= 0."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"check({name}={value!r}): the tolerance must be a number, not "
            f"{type(value).__name__}. Fix: pass a number >= 0, e.g. {name}={example:g}"
        )
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(
            f"check({name}={value!r}): the tolerance must be a finite number >= 0. "
            f"Fix: pass e.g. {name}={example:g} (or {name}=0 for an exact match)"
        )
    return number


def check(
    answer: Any,
    expected: Any,
    *,
    name: str = "",
    tol: float = 1e-6,
    rtol: float = 1e-3,
    hint: str | None = None,
    check_dtype: bool = False,
) -> CheckResult:
    """Compare a student's answer with the expected one and print short feedback.

    The feedback is in the current language (see :func:`ecrm_lab.i18n.set_language`). A wrong or
    unfinished answer never raises, and the expected value is never shown.

    Parameters
    ----------
    answer : object
        The student's answer. :data:`TODO`, ``...`` and ``None`` mean "not done yet".
    expected : object
        The correct answer, e.g. computed by the notebook's solution function. Supported: numbers
        (Python or numpy), booleans, strings, lists/tuples, sets, dicts, numpy arrays and pandas
        Series/DataFrames; anything else is compared with ``==``.
    name : str, optional
        Exercise name shown in the feedback, e.g. ``"2.3"``.
    tol : float, default 1e-6
        Absolute tolerance for numbers.
    rtol : float, default 1e-3
        Relative tolerance for numbers.
    hint : str, optional
        Extra hint printed after a wrong or unfinished answer.
    check_dtype : bool, default False
        Also require identical dtypes (pandas/numpy) and integer-versus-float types for numbers.

    Returns
    -------
    CheckResult
        True-like if the answer is correct, false-like otherwise (use ``bool(result)``); it shows
        nothing as the last expression of a notebook cell.

    Raises
    ------
    TypeError
        If ``tol`` or ``rtol`` is not a real number (a string, ``None``, a bool, …) — a mistake of
        the notebook's author, not of the student.
    ValueError
        If ``tol`` or ``rtol`` is negative, NaN or infinite.

    Notes
    -----
    * Numbers: ``math.isclose(answer, expected, rel_tol=rtol, abs_tol=tol)``; a wrong number is
      reported as too high or too low.
    * Strings: case, runs of whitespace and Unicode normalisation (NFC/NFD) are ignored.
    * Lists/tuples: order matters; sets: order does not (a list answer is accepted for a set).
    * DataFrames/Series: row and column order are ignored when the row labels are unique; the
      names of the index and of a Series are not compared.

    Examples
    --------
    >>> from ecrm_lab.i18n import language
    >>> with language("en"):
    ...     ok = check(12, 10, name="1.2", hint="Count only completed orders.")
    ❌ Exercise 1.2: not correct — your answer 12 is too high.
    💡 Hint: Count only completed orders.
    """
    tol, rtol = _tolerance("tol", tol, 1e-6), _tolerance("rtol", rtol, 1e-3)
    title = t("check.title", name=name) if str(name) else t("check.title_anon")
    lines: list[str] = []
    result = False
    if (_is_placeholder(answer) and not (answer is None and expected is None)) or (
        _contains_placeholder(answer)
    ):
        lines.append(t("check.todo", title=title))
    else:
        opt = _Options(tol=tol, rtol=rtol, check_dtype=check_dtype)
        try:
            verdict = _compare(answer, expected, opt)
        except Exception as exc:  # a comparison problem must not break the notebook
            verdict = _wrong(t("check.error", error=f"{type(exc).__name__}: {_first_line(exc)}"))
        result = verdict.ok
        if verdict.ok:
            lines.append(t("check.correct", title=title) if str(name) else t("check.correct_anon"))
        else:
            details = verdict.details
            if verdict.wrong_type is not None:
                exp_desc, given_desc = verdict.wrong_type
                lines.append(
                    t(
                        "check.wrong_type",
                        title=title,
                        expected_type=exp_desc,
                        given_type=given_desc,
                    )
                )
                lines.extend(details)
            else:
                detail = " ".join(
                    d if i == 0 else _capitalise(d) for i, d in enumerate(details)
                ) or t("check.generic.wrong", answer=_show(answer))
                lines.append(t("check.wrong", title=title, detail=detail))
    if hint and not result:
        lines.append(t("check.hint", hint=hint))
    print("\n".join(lines))
    return CheckResult(result)
