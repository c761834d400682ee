"""Exercise specifications (:class:`Expected`, :class:`Choice`) and the checks they compile to.

A specification is compiled into a *target*: a JSON-able dict of canonical answer forms ("tokens"),
each mapped to ``""`` (the right answer) or to the code of a recognised slip. The tokens pass through
an *encoder*: :class:`PlainEncoder` keeps them as they are (the notebook's own check), the salted
encoder of :mod:`ecrm_lab.exercises.answer_key` hashes them (the student edition's key). :func:`judge` runs the
same code on either, so both give the same verdict and the same feedback by construction.

Canonical forms: a number is rounded at the stated precision and written as text
(``f"{x:.3f}"``, the way the notebook displays it); a code (ASCII text) is case-folded with its
separators and diacritics dropped (``"S → P → I → N"`` → ``"spin"``); Vietnamese text is NFC,
case-folded, with runs of spaces collapsed.
"""

from __future__ import annotations

import dataclasses
import decimal
import functools
import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

from ._compare import _is_integral, _kind, _norm_text, _strip_accents

#: Units an :class:`Expected` number may have.
UNITS = ("share", "percent", "vnd", "thousand_vnd", "million_vnd", "count", "position")
#: Slip codes :func:`compile_target` may recognise (and their message keys ``check.slip.<code>``).
SLIPS = (
    "percent_for_share",
    "share_for_percent",
    "percent_either",
    "in_vnd",
    "in_thousands",
    "in_millions",
    "sign",
    "from_zero",
    "order",
    "label_not_code",
    "code_not_label",
    "diacritics",
    "mistake",
)
#: Significant digits used for a non-integral number whose precision is not stated.
DEFAULT_SIG = 4
_VND = {"vnd": 1.0, "thousand_vnd": 1e3, "million_vnd": 1e6}
_VND_SLIP = {1.0: "in_vnd", 1e3: "in_thousands", 1e6: "in_millions"}
_SEPARATORS = re.compile(r"(?:->|=>|[\s\-_→⟶➝>,;/|·.+])+")


@dataclasses.dataclass(frozen=True)
class Expected:
    """The expected answer of an exercise, with the precision and unit the exercise text states.

    Parameters
    ----------
    value : number, str, bool, list, tuple, set, dict or pandas.Series
        The right answer (a Series is compared as a dict ``{index label: value}``).
    decimals : int, optional
        Decimal places the exercise asks for ("làm tròn đến 3 chữ số thập phân" is ``3``); an
        answer passes when it rounds to the same text as ``value`` (``f"{x:.3f}"``), so the value
        as the notebook displays it passes. Negative values round to tens, hundreds, … (``-3``:
        to the nearest thousand).
    sig : int, optional
        Significant digits instead of decimal places. With neither, integers must match exactly
        and other numbers are compared at :data:`DEFAULT_SIG` significant digits.
    unit : {"share", "percent", "vnd", "thousand_vnd", "million_vnd", "count", "position"}, optional
        What the number measures; it chooses the slips recognised: a share given as a per cent
        (and the reverse), an amount of money given in another scale (₫, thousand ₫, million ₫),
        a position (counted from 1) counted from 0.
    slips : iterable of str, optional
        The slip codes to recognise (see :data:`SLIPS`); default all that fit the value and unit;
        ``()`` recognises none.
    mistakes : mapping, optional
        Known wrong answers and what to say about each, e.g.
        ``{0.61: "Bạn đã tính cả các đơn bị hủy."}``; compared at the same precision.

    Examples
    --------
    >>> Expected(0.0956, decimals=3, unit="share").precision_text()
    '3 chữ số thập phân'
    """

    value: Any
    decimals: int | None = None
    sig: int | None = None
    unit: str | None = None
    slips: tuple[str, ...] | None = None
    mistakes: Mapping[Any, str] | None = None

    def __post_init__(self) -> None:
        _check_int("decimals", self.decimals, -12, 12)
        _check_int("sig", self.sig, 1, 15)
        if self.decimals is not None and self.sig is not None:
            raise ValueError(
                "Expected(decimals=..., sig=...): give one precision, not both. "
                "Fix: keep decimals= (decimal places) or sig= (significant digits)"
            )
        if self.unit is not None and self.unit not in UNITS:
            raise ValueError(
                f"Expected(unit={self.unit!r}): unknown unit. Fix: use one of "
                f"{', '.join(map(repr, UNITS))} or None"
            )
        if self.slips is not None:
            if isinstance(self.slips, str):
                raise TypeError(
                    f"Expected(slips={self.slips!r}): slips is a list of slip codes. "
                    f"Fix: pass e.g. slips=[{self.slips!r}]"
                )
            slips = tuple(self.slips)
            unknown = [s for s in slips if s not in SLIPS]
            if unknown:
                raise ValueError(
                    f"Expected(slips=...): unknown slip code(s) {unknown}. Fix: use codes of "
                    f"{', '.join(SLIPS)}"
                )
            object.__setattr__(self, "slips", slips)

    def precision_text(self) -> str:
        """The precision in words (current language), e.g. ``'3 chữ số thập phân'``."""
        return _precision_text(_precision_of(self.value, self.decimals, self.sig))


@dataclasses.dataclass(frozen=True)
class Choice:
    """A multiple-choice exercise: the right option and, for each wrong one, why it is wrong.

    Parameters
    ----------
    correct : str
        The right option, e.g. ``"B"``.
    why : mapping of str to str
        ``{option: explanation}`` for every wrong option: the feedback explains why the chosen
        option is wrong. The options are ``correct`` and the keys of ``why``.

    Examples
    --------
    >>> spec = Choice("B", why={"A": "Biểu đồ không cho thấy nguyên nhân.", "C": "Sai kênh."})
    >>> spec.options
    ('A', 'B', 'C')
    """

    correct: str
    why: Mapping[str, str]

    def __post_init__(self) -> None:
        if not isinstance(self.correct, str) or not self.correct.strip():
            raise TypeError("Choice(correct=...): the right option is a non-empty string, e.g. 'B'")
        if not isinstance(self.why, Mapping) or not self.why:
            raise TypeError(
                "Choice(why=...): give a mapping {wrong option: why it is wrong}. "
                "Fix: e.g. why={'A': '...', 'C': '...'}"
            )
        keys = [_option(self.correct), *(_option(k) for k in self.why)]
        if len(set(keys)) != len(keys):
            raise ValueError(
                "Choice: the right option is also listed in why=, or an option is listed twice. "
                "Fix: list only the wrong options in why="
            )
        empty = [k for k, v in self.why.items() if not isinstance(v, str) or not v.strip()]
        if empty:
            raise ValueError(f"Choice(why=...): no explanation for option(s) {empty}")

    @property
    def options(self) -> tuple[str, ...]:
        """All options, sorted."""
        return tuple(sorted([self.correct.strip(), *(str(k).strip() for k in self.why)]))


def _check_int(name: str, value: Any, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"Expected({name}={value!r}): {name} must be a whole number. Fix: e.g. {name}=3"
        )
    if not low <= int(value) <= high:
        raise ValueError(f"Expected({name}={value!r}): {name} must be between {low} and {high}")


# ------------------------------------------------------------------------------ canonical forms
Precision = tuple  # (decimals or None, sig or None); (None, None) means exact


def _precision_of(value: Any, decimals: int | None, sig: int | None) -> Precision:
    """The precision to compare ``value`` at: stated, exact for integers, else DEFAULT_SIG."""
    if decimals is not None or sig is not None:
        return (decimals, sig)
    if _is_integral(value):
        return (None, None)
    return (None, DEFAULT_SIG)


def _precision_text(p: Precision) -> str:
    from ecrm_lab.i18n import t

    d, s = p
    if s is not None:
        return t("check.precision.sig", s=s)
    if d is None:
        return t("check.precision.exact")
    if d >= 0:
        return t("check.precision.decimals", d=d)
    return t("check.precision.step", step=f"{10 ** (-d):,}".replace(",", "."))


def canon_number(x: Any, p: Precision) -> str:
    """``x`` as text at precision ``p`` (``f"{x:.{d}f}"`` for ``d`` decimals)."""
    value = float(x)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    d, s = p
    if s is not None:
        text = f"{value:.{s - 1}e}"
    elif d is None:
        text = str(int(value)) if value.is_integer() else repr(value)
    elif d >= 0:
        text = f"{value:.{d}f}"
    else:
        step = 10 ** (-d)
        text = str(int(round(value / step)) * step)
    return text.lstrip("-") if float(text) == 0 else text


def answer_decimals(x: Any) -> int:
    """Decimal places the student wrote (0 for a whole number)."""
    value = float(x)
    if not math.isfinite(value) or value.is_integer():
        return 0
    exponent = decimal.Decimal(repr(value)).as_tuple().exponent
    return max(0, -int(exponent))


def _is_code(text: str) -> bool:
    return text.strip().isascii()


def canon_code(text: str) -> str:
    """A code with case, diacritics and separators dropped: ``"S → P → I → N"`` → ``"spin"``."""
    return _SEPARATORS.sub("", _strip_accents(_norm_text(text)))


def code_tokens(text: str) -> list[str]:
    """The parts of a code sequence: ``"S-P-I-N"`` → ``['s', 'p', 'i', 'n']``."""
    return [part for part in _SEPARATORS.split(_strip_accents(_norm_text(text))) if part]


def canon_text(text: str) -> str:
    """Vietnamese text: NFC, case-folded, runs of whitespace collapsed, edges trimmed."""
    return _norm_text(text).strip(" .")


def _option(x: Any) -> str:
    """A multiple-choice answer: ``" b) "`` → ``"b"``."""
    return canon_text(str(x)).strip("()[]. :")


# ------------------------------------------------------------------------------------ encoders
class PlainEncoder:
    """Keeps tokens and messages as they are (the check inside the notebook itself)."""

    hashed = False

    def token(self, scope: str, text: str) -> str:
        return f"{scope}\x1f{text}"

    def seal(self, scope: str, text: str, message: str) -> str:
        return message

    def open(self, scope: str, text: str, sealed: str) -> str:
        return sealed


PLAIN = PlainEncoder()


@dataclasses.dataclass(frozen=True)
class Compiled:
    """A compiled target with the scope and encoder it was compiled with (what :func:`check` runs).

    :class:`ecrm_lab.exercises.answer_key.AnswerKey` hands these out: ``key["02.2"]``.
    """

    target: dict
    scope: str
    encoder: Any = PLAIN


# ------------------------------------------------------------------------ vocabulary look-ups
@functools.lru_cache(maxsize=1)
def _vocabulary_index() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """``(labels_of_code, codes_of_label)`` over every kind of the vocabulary, canonical forms."""
    from ecrm_lab import vocabulary

    labels_of: dict[str, set[str]] = {}
    codes_of: dict[str, set[str]] = {}
    for kind in vocabulary._kinds():
        for row in vocabulary._rows(kind):
            code = canon_code(row["code"])
            for lang in ("vi", "en"):
                label = row[lang]
                forms = {
                    label,
                    re.sub(r"\s*\([^)]*\)", "", label),
                    *re.findall(r"\(([^)]*)\)", label),
                }
                for form in forms:
                    if not form.strip():
                        continue
                    labels_of.setdefault(code, set()).add(canon_text(form))
                    codes_of.setdefault(canon_text(form), set()).add(row["code"])
    return labels_of, codes_of


# ------------------------------------------------------------------------------ compiling specs
def _allowed(spec: Expected, slip: str) -> bool:
    return spec.slips is None or slip in spec.slips


def _shift(p: Precision, k: int) -> Precision:
    d, s = p
    if s is not None:
        return p
    return ((0 if d is None else d) + k, None)


def _sig_decimals(value: float, digits: int) -> int:
    """Decimal places that keep ``digits`` significant digits of ``value``."""
    if value == 0 or not math.isfinite(value):
        return 0
    return digits - 1 - math.floor(math.log10(abs(value)))


def _add(groups: dict, p: Precision, lo: int | None, hi: int | None, token: str, slip: str) -> None:
    key = (p[0], p[1], lo, hi)
    group = groups.setdefault(key, {"d": p[0], "s": p[1], "lo": lo, "hi": hi, "tokens": {}})
    group["tokens"].setdefault(token, slip)


def _number_target(spec: Expected, scope: str, enc: Any) -> dict[str, Any]:
    v = float(spec.value)
    p = _precision_of(spec.value, spec.decimals, spec.sig)
    if spec.unit in ("count", "position") and spec.decimals is None and spec.sig is None:
        p = (None, None)  # counts and positions match exactly
    groups: dict = {}
    messages: dict[str, str] = {}
    _add(groups, p, None, None, enc.token(scope, canon_number(v, p)), "")
    slips: list[tuple[str, float, Precision]] = []
    unit = spec.unit
    if math.isfinite(v) and v != 0:
        if unit == "share":
            slips.append(("percent_for_share", v * 100, _shift(p, -2)))
        elif unit == "percent":
            slips.append(("share_for_percent", v / 100, _shift(p, 2)))
        elif unit is None and not _is_integral(spec.value):
            slips.append(("percent_either", v * 100, _shift(p, -2)))
            slips.append(("percent_either", v / 100, _shift(p, 2)))
        if unit in _VND:
            own = _VND[unit]
            for scale, code in _VND_SLIP.items():
                if scale != own:
                    slips.append((code, v * own / scale, _shift(p, round(math.log10(scale / own)))))
        if unit not in ("count", "position"):
            slips.append(("sign", -v, p))
    if unit == "position" and math.isfinite(v):
        slips.append(("from_zero", v - 1, p))
    for code, w, q in slips:
        if not _allowed(spec, code):
            continue
        if q[1] is None and q[0] is not None and code not in ("sign", "from_zero"):
            # a rescaled value may be typed with fewer digits (as a table shows it): match it at
            # the student's own number of decimals, down to one significant digit
            low = min(q[0], _sig_decimals(w, 1))
            for d in range(low, q[0] + 1):
                _add(
                    groups, (d, None), low, q[0], enc.token(scope, canon_number(w, (d, None))), code
                )
        else:
            _add(groups, q, None, None, enc.token(scope, canon_number(w, q)), code)
    if spec.mistakes and _allowed(spec, "mistake"):
        for wrong, message in spec.mistakes.items():
            text = canon_number(wrong, p)
            token = enc.token(scope, text)
            if token in groups[(p[0], p[1], None, None)]["tokens"]:
                continue
            _add(groups, p, None, None, token, "mistake")
            messages[token] = enc.seal(scope, text, str(message))
    return {
        "kind": "number",
        "unit": unit,
        "integral": bool(_is_integral(spec.value)),
        "precision": list(p),
        "groups": list(groups.values()),
        "messages": messages,
    }


def _text_forms(text: str) -> list[str]:
    """Canonical forms of an answer string, in the order they are looked up."""
    forms = [
        "c:" + canon_code(text),
        "t:" + canon_text(text),
        "a:" + _strip_accents(canon_text(text)),
    ]
    parts = code_tokens(text)
    if len(parts) == 1 and len(parts[0]) > 1:
        parts = list(parts[0])
    forms.append("o:" + "|".join(sorted(parts)))
    return forms


def _text_target(spec: Expected, scope: str, enc: Any) -> dict[str, Any]:
    e = str(spec.value)
    tokens: dict[str, str] = {}

    def add(form: str, slip: str) -> None:
        tokens.setdefault(enc.token(scope, form), slip)

    labels_of, codes_of = _vocabulary_index()
    messages: dict[str, str] = {}
    if _is_code(e):
        add("c:" + canon_code(e), "")
        parts = code_tokens(e)
        if len(parts) > 1 and _allowed(spec, "order"):
            add("o:" + "|".join(sorted(parts)), "order")
        if _allowed(spec, "label_not_code"):
            for label in sorted(labels_of.get(canon_code(e), ())):
                add("t:" + label, "label_not_code")
                add("a:" + _strip_accents(label), "label_not_code")
    else:
        add("t:" + canon_text(e), "")
        if _allowed(spec, "code_not_label"):
            for code in sorted(codes_of.get(canon_text(e), ())):
                add("c:" + canon_code(code), "code_not_label")
        if _allowed(spec, "diacritics"):
            add("a:" + _strip_accents(canon_text(e)), "diacritics")
    if spec.mistakes and _allowed(spec, "mistake"):
        for wrong, message in spec.mistakes.items():
            form = ("c:" + canon_code(wrong)) if _is_code(e) else ("t:" + canon_text(wrong))
            token = enc.token(scope, form)
            if token not in tokens:
                tokens[token] = "mistake"
                messages[token] = enc.seal(scope, form, str(message))
    return {"kind": "text", "tokens": tokens, "messages": messages}


def _item_form(x: Any, p: Precision | None) -> str:
    """Canonical form of one item of a list, set or dict (no slips)."""
    kind = _kind(x)
    if kind == "number":
        return "n:" + canon_number(x, p if p is not None else _precision_of(x, None, None))
    if kind == "bool":
        return "b:" + str(bool(x))
    if kind == "text":
        return ("c:" + canon_code(x)) if _is_code(x) else ("t:" + canon_text(x))
    return "r:" + repr(x)


def _item_precision(spec: Expected, x: Any) -> Precision | None:
    if _kind(x) != "number":
        return None
    return _precision_of(x, spec.decimals, spec.sig)


def _list_target(spec: Expected, scope: str, enc: Any) -> dict[str, Any]:
    items = list(spec.value.tolist() if hasattr(spec.value, "tolist") else spec.value)
    precisions = [_item_precision(spec, x) for x in items]
    forms = [_item_form(x, p) for x, p in zip(items, precisions, strict=True)]
    out = {
        "kind": "list",
        "n": len(items),
        "item_kinds": [_kind(x) for x in items],
        "precisions": [None if p is None else list(p) for p in precisions],
        "positions": [enc.token(f"{scope}#{i}", f) for i, f in enumerate(forms)],
        "order": None,
        "split_chars": all(isinstance(x, str) and len(x.strip()) == 1 for x in items),
    }
    if sorted(forms) != forms and _allowed(spec, "order"):
        out["order"] = enc.token(scope, "o:" + "|".join(sorted(forms)))
    return out


def _set_target(spec: Expected, scope: str, enc: Any) -> dict[str, Any]:
    items = list(spec.value)
    labels: set[str] = set()  # display names of the expected codes: the "name for a code" slip
    if _allowed(spec, "label_not_code"):
        labels_of, _ = _vocabulary_index()
        for x in items:
            if isinstance(x, str) and _is_code(x):
                for label in labels_of.get(canon_code(x), ()):
                    labels.add(enc.token(scope, "t:" + label))
                    labels.add(enc.token(scope, "a:" + _strip_accents(label)))
    return {
        "kind": "set",
        "precisions": sorted({json_p(_item_precision(spec, x)) for x in items}, key=repr),
        "items": sorted(enc.token(scope, _item_form(x, _item_precision(spec, x))) for x in items),
        "labels": sorted(labels),
    }


def json_p(p: Precision | None) -> tuple | None:
    return None if p is None else tuple(p)


def _dict_target(spec: Expected, scope: str, enc: Any) -> dict[str, Any]:
    value = spec.value.to_dict() if hasattr(spec.value, "to_dict") else dict(spec.value)
    entries = []
    for k, x in value.items():
        p = _item_precision(spec, x)
        entries.append(
            {
                "key": _plain_key(k),
                "kind": _kind(x),
                "precision": None if p is None else list(p),
                "token": enc.token(f"{scope}#{_key_text(k)}", _item_form(x, p)),
            }
        )
    # sorted by key: the order of the expected value (e.g. by revenue) may be part of the answer
    entries.sort(key=lambda e: _key_text(e["key"]))
    return {"kind": "dict", "entries": entries}


def _plain_key(k: Any) -> str | int | float | bool:
    """A dict key or index label as a JSON scalar (numpy scalars unboxed, others as text)."""
    if hasattr(k, "item") and not isinstance(k, str):
        try:
            k = k.item()
        except (TypeError, ValueError):
            pass
    return k if isinstance(k, str | int | float | bool) else str(k)


def _key_text(k: Any) -> str:
    k = _plain_key(k)
    return canon_text(k) if isinstance(k, str) else repr(k)


def _choice_target(spec: Choice, scope: str, enc: Any) -> dict[str, Any]:
    why = {}
    for option, text in spec.why.items():
        form = _option(option)
        why[enc.token(scope, form)] = enc.seal(scope, form, text)
    return {
        "kind": "choice",
        "options": list(spec.options),
        "correct": enc.token(scope, _option(spec.correct)),
        "why": why,
    }


def compile_target(spec: Expected | Choice, scope: str = "", enc: Any = PLAIN) -> dict[str, Any]:
    """Compile a specification into a target (see the module docstring).

    Raises
    ------
    TypeError
        If the expected value is of a kind a target cannot hold (a DataFrame, an array, …).
    """
    if isinstance(spec, Choice):
        return _choice_target(spec, scope, enc)
    kind = _kind(spec.value)
    if kind == "number":
        return _number_target(spec, scope, enc)
    if kind == "bool":
        return {"kind": "bool", "token": enc.token(scope, str(bool(spec.value)))}
    if kind == "text":
        return _text_target(spec, scope, enc)
    if kind in ("list", "array") and getattr(spec.value, "ndim", 1) == 1:
        return _list_target(spec, scope, enc)
    if kind == "set":
        return _set_target(spec, scope, enc)
    if kind in ("dict", "series"):
        return _dict_target(spec, scope, enc)
    raise TypeError(
        f"Expected: a {type(spec.value).__name__} answer cannot be checked at a stated precision. "
        "Fix: ask for a number, a text, a list, a set or a dict (or a pandas Series), or call "
        "check() without decimals/unit to compare it as before"
    )
