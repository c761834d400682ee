"""The comparisons behind :func:`ecrm_lab.exercises.check` for answers without a stated precision.

The public names live in :mod:`ecrm_lab.exercises`; this module is private.
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

from . import _messages  # noqa: F401 - registers check.seq.positions1


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
    slip: str | None = None  # the recognised slip (precision-aware checks only)


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


def _not_a_number_advice(answer: Any) -> str:
    """What to say when a number is expected: a number typed in quotes, or a table for a scalar."""
    kind = _kind(answer)
    if kind == "text":
        try:
            float(answer.replace(",", "."))
            return t("check.advice.quoted_number")
        except ValueError:
            return ""
    comma = _decimal_comma(answer)
    if comma:
        return comma
    if kind in ("series", "dataframe", "array", "list"):
        return t("check.advice.scalar")
    return ""


def _decimal_comma(answer: Any) -> str:
    """Advice for ``0,191`` typed the Vietnamese way, which Python reads as the tuple ``(0, 191)``."""
    import numbers

    if not (
        isinstance(answer, tuple)
        and len(answer) == 2
        and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in answer)
        and answer[1] >= 0
    ):
        return ""
    whole, frac = answer
    return t(
        "check.advice.decimal_comma",
        typed=f"{whole},{frac}",
        pair=f"({whole}, {frac})",
        dotted=f"{whole}.{frac}",
    )


def _cmp_number(answer: Any, expected: Any, opt: _Options) -> _Verdict:
    if _kind(answer) != "number":
        return _type_error(answer, expected, _not_a_number_advice(answer))
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
    positions = _names(i + 1 for i in bad)  # students count positions from 1
    return _wrong(t("check.seq.positions1", positions=positions))


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
        if _names_for_codes(extra, expected):
            details.append(t("check.slip.label_not_code"))
    return _wrong(*details)


def _names_for_codes(extra: list, expected: Any) -> bool:
    """Whether some wrong items are the display names of expected vocabulary codes."""
    from ._spec import _is_code, _vocabulary_index, canon_code, canon_text

    labels_of, _ = _vocabulary_index()
    labels = set()
    for x in expected:
        if isinstance(x, str) and _is_code(x):
            for label in labels_of.get(canon_code(x), ()):
                labels.update((label, _strip_accents(label)))
    given = {f(canon_text(x)) for x in extra if isinstance(x, str) for f in (str, _strip_accents)}
    return bool(given & labels)


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
