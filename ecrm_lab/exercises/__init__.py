"""Friendly answer checking for the notebook exercises.

Students write their answer in place of :data:`TODO` and call :func:`check`, which prints short
feedback in Vietnamese (or English, see :func:`ecrm_lab.i18n.set_language`) and returns a true- or
false-like :class:`CheckResult`. It never raises for a wrong or unfinished answer and never reveals
the expected value.

An exercise states its precision and unit (``decimals=3, unit="share"``, or an :class:`Expected`);
any answer at that precision passes, including the value as the notebook displays it, and the usual
slips get their own message: a share given as a per cent, ₫ in thousands, the right items in the
wrong order, a label where the code is asked, a position counted from 0. A :class:`Choice` explains
why a wrong option is wrong. Hints come in tiers, one per wrong attempt, never while the answer is
still ``TODO``. The checks are self-assessment (:data:`SELF_ASSESSMENT_NOTE`).

Writing an exercise (the check cell of a lesson)::

    # the text says: "làm tròn đến 3 chữ số thập phân", "tỷ lệ từ 0 đến 1"
    check(answer_02_2, answers.ex_02_2(data), name="02.2", decimals=3, unit="share",
          hints=["Tỷ lệ chuyển đổi là số khách mua chia cho số người được tiếp cận.",
                 "Bảng phễu có một dòng cho mỗi kênh và mỗi bước."])
    # a decision or interpretation: the answers function returns a Choice
    check(answer_02_6, answers.ex_02_6(data), name="02.6")  # Choice("B", why={"A": ..., ...})

The student edition (:func:`ecrm_lab.exercises.student_edition.build_student`) rewrites such calls to check
against a hashed answer key (:mod:`ecrm_lab.exercises.answer_key`) that gives the same feedback.

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

The value as the notebook displays it passes; a per cent where a share is asked is named:

>>> with language("en"):
...     ok = check(0.096, 0.0956, name="2.2", decimals=3, unit="share")
...     ok = check(9.6, 0.0956, name="2.2", decimals=3, unit="share")
✅ Correct! Exercise 2.2: well done!
❌ Exercise 2.2: not correct — you seem to have given a percentage: this exercise asks for a share between 0 and 1 (e.g. 0.25, not 25).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from ecrm_lab.i18n import t

from . import _messages  # noqa: F401 - registers the messages of the precision-aware checks
from ._compare import (
    TODO,
    CheckResult,
    _compare,
    _contains_placeholder,
    _first_line,
    _is_placeholder,
    _Options,
    _show,
    _wrong,
)
from ._judge import judge
from ._spec import (
    DEFAULT_SIG,
    SLIPS,
    UNITS,
    Choice,
    Compiled,
    Expected,
    canon_number,
    canon_text,
    compile_target,
)

__all__ = [
    "TODO",
    "check",
    "CheckResult",
    "Expected",
    "Choice",
    "UNITS",
    "SLIPS",
    "DEFAULT_SIG",
    "SELF_ASSESSMENT_NOTE",
    "self_assessment_note",
    "reset_hints",
    "hint_problems",
]

#: Said once per notebook (in Vietnamese): the checks are self-assessment, not grading.
SELF_ASSESSMENT_NOTE = _messages.MESSAGES["check.self_assessment"]["vi"]

# wrong attempts per exercise in this kernel (drives the hint tiers)
_ATTEMPTS: dict[str, int] = {}


def self_assessment_note() -> None:
    """Print, in the current language, that the checks are self-assessment and not graded.

    Examples
    --------
    >>> from ecrm_lab.i18n import language
    >>> with language("en"):
    ...     self_assessment_note()  # doctest: +ELLIPSIS
    ℹ️ The check(...) cells of this notebook are for self-assessment: ...
    """
    print(t("check.self_assessment"))


def reset_hints(name: str | None = None) -> None:
    """Forget the wrong attempts of exercise ``name`` (of every exercise when ``None``).

    The hint tiers of :func:`check` start again from the first.

    Parameters
    ----------
    name : str, optional
        The exercise name given to :func:`check` (e.g. ``"2.3"``); None: every exercise.
    """
    if name is None:
        _ATTEMPTS.clear()
    else:
        _ATTEMPTS.pop(str(name), None)


_CODE_LIKE = re.compile(
    r"[A-Za-z_][\w.]*\s*\(|\.\w+\(|==|!=|\[\s*[\"']|\b(?:import|def|lambda)\b|\w+\s*=\s*[\w\"'\[(]"
)


def hint_problems(hint: str, expected: Any = None, *, decimals: int | None = None) -> list[str]:
    """What is wrong with a hint by the standard (English, for authors and tests): empty if none.

    A hint gives the idea or where to look: never code, never the answer.

    Parameters
    ----------
    hint : str
        One hint tier.
    expected : object, optional
        The expected answer; the hint must not contain it (numbers as written at ``decimals``).
    decimals : int, optional
        Precision the exercise states, used to write a numeric ``expected``.

    Returns
    -------
    list of str
        One sentence per problem.

    Examples
    --------
    >>> hint_problems('Dùng (data.customers["province"] == "Hà Nội").sum().')
    ["the hint contains code ('Dùng (data.custo'...): say the idea, not the code"]
    >>> hint_problems("Đếm khách hàng theo tỉnh, rồi đọc dòng của Hà Nội.")
    []
    """
    problems = []
    match = _CODE_LIKE.search(hint)
    if match:
        start = max(0, match.start() - 20)
        snippet = hint[start : match.end() + 10].strip()
        problems.append(f"the hint contains code ({snippet!r}...): say the idea, not the code")
    if expected is not None and not isinstance(expected, Expected | Choice | Compiled):
        forms = []
        if isinstance(expected, str) and len(expected.strip()) > 1:
            forms.append(canon_text(expected))
        elif isinstance(expected, int | float) and not isinstance(expected, bool):
            p = (decimals, None) if decimals is not None else (None, DEFAULT_SIG)
            if float(expected).is_integer() and decimals is None:
                p = (None, None)
            text = canon_number(expected, p)
            forms.extend([text, text.replace(".", ",")])
        low = canon_text(hint)
        if any(f and re.search(rf"(?<![\w.,]){re.escape(f)}(?![\w]|[.,]\d)", low) for f in forms):
            problems.append("the hint contains the answer")
    return problems


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


def _hint_tiers(hint: Any, hints: Any) -> list[str]:
    if hint is not None and hints is not None:
        raise TypeError(
            "check(hint=..., hints=...): give one of them. Fix: put every tier in hints=[...]"
        )
    tiers = hints if hints is not None else ([] if hint is None else [hint])
    if isinstance(tiers, str) or not isinstance(tiers, Sequence):
        raise TypeError(
            f"check(hints={tiers!r}): hints is a list of tiers. Fix: hints=['the idea', "
            "'where to look'] (or hint='...' for a single one)"
        )
    if not all(isinstance(x, str) for x in tiers):
        raise TypeError("check(hint/hints=...): every hint is a string")
    return [x for x in tiers if x.strip()]


def _spec_for(expected: Any, options: dict[str, Any]) -> Expected | Choice | Compiled | None:
    """The precision-aware specification of a call, or None for the plain comparison."""
    given = {k: v for k, v in options.items() if v is not None}
    if isinstance(expected, Compiled):
        return expected
    if isinstance(expected, Choice):
        if given:
            raise TypeError(
                f"check(...): {', '.join(given)} do not apply to a Choice. Fix: drop them"
            )
        return expected
    if isinstance(expected, Expected):
        import dataclasses

        return dataclasses.replace(expected, **given) if given else expected
    if given:
        if "slips" in given and not isinstance(given["slips"], str):
            given["slips"] = tuple(given["slips"])
        return Expected(expected, **given)
    if isinstance(expected, str):
        return Expected(expected)
    return None


def check(
    answer: Any,
    expected: Any,
    *,
    name: str = "",
    tol: float = 1e-6,
    rtol: float = 1e-3,
    hint: str | None = None,
    hints: Sequence[str] | None = None,
    check_dtype: bool = False,
    decimals: int | None = None,
    sig: int | None = None,
    unit: str | None = None,
    slips: Sequence[str] | None = None,
    mistakes: dict | None = None,
) -> CheckResult:
    """Compare a student's answer with the expected one and print short feedback.

    The feedback is in the current language (see :func:`ecrm_lab.i18n.set_language`). A wrong or
    unfinished answer never raises, and the expected value is never shown.

    Parameters
    ----------
    answer : object
        The student's answer. :data:`TODO`, ``...`` and ``None`` mean "not done yet".
    expected : object
        The correct answer, e.g. computed by the notebook's solution function: numbers (Python or
        numpy), booleans, strings, lists/tuples, sets, dicts, numpy arrays and pandas
        Series/DataFrames; anything else is compared with ``==``. Or an :class:`Expected` (value
        with precision and unit), a :class:`Choice` (multiple choice), or an entry of a student
        edition's answer key (``answer_key["02.2"]``, see :mod:`ecrm_lab.exercises.answer_key`).
    name : str, optional
        Exercise name shown in the feedback, e.g. ``"2.3"``; it also keys the hint tiers.
    tol, rtol : float, default 1e-6 and 1e-3
        Absolute and relative tolerance for numbers when no precision is stated.
    hint : str, optional
        A single hint, shown after a wrong answer (not while the answer is ``TODO``).
    hints : list of str, optional
        Hint tiers ("the idea", "where to look", …): the first after the first wrong attempt,
        the next after the next one, and so on (the last tier stays). Never code, never the
        answer (see :func:`hint_problems`).
    check_dtype : bool, default False
        Also require identical dtypes (pandas/numpy) and integer-versus-float types for numbers.
    decimals : int, optional
        Decimal places the exercise asks for (``Expected(expected, decimals=...)``); negative
        values round to tens, hundreds, ….
    sig : int, optional
        Significant digits instead of decimal places (``Expected(expected, sig=...)``).
    unit : str, optional
        What the number measures (``"share"``, ``"percent"``, ``"vnd"``, … of :class:`Expected`);
        it chooses the slips recognised.
    slips : sequence of str, optional
        The slip codes to recognise (see :data:`SLIPS`); default all that fit the value and unit.
    mistakes : dict, optional
        Known wrong answers and what to say about each, e.g. ``{0.61: "Bạn đã tính cả các đơn bị
        hủy."}``.

    Returns
    -------
    CheckResult
        True-like if the answer is correct, false-like otherwise (use ``bool(result)``); it shows
        nothing as the last expression of a notebook cell.

    Raises
    ------
    TypeError
        If ``tol``/``rtol`` is not a real number, both ``hint`` and ``hints`` are given, or a
        specification argument has the wrong type — mistakes of the notebook's author, not of the
        student.
    ValueError
        If ``tol``/``rtol`` is negative, NaN or infinite, or ``decimals``/``unit``/``slips`` is
        out of range.

    Notes
    -----
    * ``decimals``, ``sig``, ``unit``, ``slips`` and ``mistakes`` are shortcuts for
      ``Expected(expected, decimals=..., ...)`` (see :class:`Expected`). With any of them (or a text
      ``expected``) the check is precision-aware: a number passes when it rounds like the expected
      value, recognised slips get their own message, text accepts equivalent formats
      (``"S → P → I → N"`` for ``"SPIN"``) and list positions are counted from 1. With an
      answer-key entry as ``expected`` they are ignored: the key holds its own.
    * Without a stated precision, numbers: ``math.isclose(answer, expected, rel_tol=rtol,
      abs_tol=tol)`` (integers exactly); a wrong number is reported as too high or too low.
    * With a stated precision the feedback is exactly what an answer key of the student edition
      gives (it cannot tell "too high" from "too low": it does not know the value).
    * Strings: case, runs of whitespace and Unicode normalisation (NFC/NFD) are ignored; codes
      (ASCII) also ignore diacritics and separators.
    * Lists/tuples: order matters; sets: order does not (a list answer is accepted for a set).
    * DataFrames/Series: row and column order are ignored when the row labels are unique; the
      names of the index and of a Series are not compared.

    Examples
    --------
    >>> from ecrm_lab.i18n import language
    >>> reset_hints()
    >>> with language("en"):
    ...     ok = check(12, 10, name="1.2", hints=["Only completed orders count.", "See status."])
    ...     ok = check(11, 10, name="1.2", hints=["Only completed orders count.", "See status."])
    ❌ Exercise 1.2: not correct — your answer 12 is too high.
    💡 Hint 1/2: Only completed orders count.
    ❌ Exercise 1.2: not correct — your answer 11 is too high.
    💡 Hint 2/2: See status.
    """
    tol, rtol = _tolerance("tol", tol, 1e-6), _tolerance("rtol", rtol, 1e-3)
    tiers = _hint_tiers(hint, hints)
    options = {"decimals": decimals, "sig": sig, "unit": unit, "slips": slips, "mistakes": mistakes}
    spec = _spec_for(expected, options)
    if spec is not None and not isinstance(spec, Compiled):
        spec = Compiled(compile_target(spec), "")
    title = t("check.title", name=name) if str(name) else t("check.title_anon")
    lines: list[str] = []
    result = False
    todo = (_is_placeholder(answer) and not (answer is None and expected is None)) or (
        _contains_placeholder(answer)
    )
    if todo:
        lines.append(t("check.todo", title=title))
    else:
        try:
            if spec is not None:
                verdict = judge(answer, spec.target, spec.scope, spec.encoder)
            else:
                verdict = _compare(answer, expected, _Options(tol, rtol, check_dtype))
        except Exception as exc:  # a comparison problem must not break the notebook
            verdict = _wrong(t("check.error", error=f"{type(exc).__name__}: {_first_line(exc)}"))
        result = verdict.ok
        lines.extend(_feedback(verdict, title, name, answer))
    if tiers and not result and not todo:
        key = str(name) if str(name) else "\x1f".join(tiers)
        _ATTEMPTS[key] = _ATTEMPTS.get(key, 0) + 1
        k = min(_ATTEMPTS[key], len(tiers))
        if len(tiers) == 1:
            lines.append(t("check.hint", hint=tiers[0]))
        else:
            lines.append(t("check.hint_tier", k=k, n=len(tiers), hint=tiers[k - 1]))
    print("\n".join(lines))
    return CheckResult(result)


def _feedback(verdict: Any, title: str, name: str, answer: Any) -> list[str]:
    if verdict.ok:
        return [t("check.correct", title=title) if str(name) else t("check.correct_anon")]
    details = verdict.details
    if verdict.wrong_type is not None:
        exp_desc, given_desc = verdict.wrong_type
        line = t("check.wrong_type", title=title, expected_type=exp_desc, given_type=given_desc)
        return [line, *details]
    detail = " ".join(d if i == 0 else d[:1].upper() + d[1:] for i, d in enumerate(details))
    return [
        t(
            "check.wrong",
            title=title,
            detail=detail or t("check.generic.wrong", answer=_show(answer)),
        )
    ]
