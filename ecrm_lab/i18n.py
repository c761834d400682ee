"""Vietnamese / English messages, labels and glossary for ``ecrm_lab``.

Everything a student reads — exercise feedback, axis labels, table and column names, lifecycle
stages, RFM segments — goes through this module so that it exists in Vietnamese (the default) and
in English.

The language is chosen, in order of priority, by :func:`set_language`, by the environment variable
``ECRM_LAB_LANG`` (read at first use) and finally by the default ``"vi"``.

Examples
--------
>>> from ecrm_lab import i18n
>>> i18n.label("revenue", lang="vi")
'Doanh thu'
>>> i18n.label("revenue", lang="en")
'Revenue'
>>> i18n.label("a_column_nobody_knows")
'a_column_nobody_knows'
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import os
import re
import string
import unicodedata
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._docs import fill_doc

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "ENV_VAR",
    "MESSAGES",
    "LABELS",  # noqa: F822 - built from the vocabulary data on first use (module __getattr__)
    "set_language",
    "get_language",
    "language",
    "t",
    "text",
    "label",
    "AmbiguousLabelError",
    "glossary",
]

#: Supported languages.
LANGUAGES: tuple[str, ...] = ("vi", "en")
#: Language used when nothing else was chosen.
DEFAULT_LANGUAGE = "vi"
#: Environment variable read at first use when :func:`set_language` was not called.
ENV_VAR = "ECRM_LAB_LANG"

# The chosen language; ``None`` until set or first read (then the env var is consulted).
_state: dict[str, str | None] = {"lang": None}


# ---------------------------------------------------------------------------------------- language
def _validate_language(lang: Any) -> str:
    if isinstance(lang, str):
        code = lang.strip().lower()
        if code in LANGUAGES:
            return code
    allowed = ", ".join(repr(x) for x in LANGUAGES)
    raise ValueError(
        f"unknown language {lang!r}: allowed values are {allowed} "
        f"(ngôn ngữ không hợp lệ: chỉ dùng {allowed})"
    )


def set_language(lang: str) -> None:
    """Choose the language of messages and labels for the rest of the session.

    Parameters
    ----------
    lang : str
        ``"vi"`` (Vietnamese, the default) or ``"en"`` (English); case and surrounding spaces are
        ignored.

    Raises
    ------
    ValueError
        If ``lang`` is not one of :data:`LANGUAGES`; the message names the allowed values.

    Examples
    --------
    >>> set_language("en")
    >>> get_language()
    'en'
    >>> set_language("vi")
    """
    _state["lang"] = _validate_language(lang)


def get_language() -> str:
    """Return the current language code (``"vi"`` or ``"en"``).

    On first use, when :func:`set_language` has not been called, the environment variable
    ``ECRM_LAB_LANG`` is honoured; an invalid value there falls back to ``"vi"`` with a warning.

    Returns
    -------
    str
        The current language code.
    """
    lang = _state["lang"]
    if lang is None:
        env = os.environ.get(ENV_VAR, "").strip()
        lang = DEFAULT_LANGUAGE
        if env:
            try:
                lang = _validate_language(env)
            except ValueError:
                warnings.warn(
                    f"{ENV_VAR}={env!r} is not a supported language "
                    f"({', '.join(LANGUAGES)}); using {DEFAULT_LANGUAGE!r}",
                    stacklevel=2,
                )
        _state["lang"] = lang
    return lang


@contextlib.contextmanager
def language(lang: str) -> Iterator[str]:
    """Temporarily switch the language inside a ``with`` block.

    Parameters
    ----------
    lang : str
        ``"vi"`` or ``"en"``.

    Yields
    ------
    str
        The language in force inside the block.

    Examples
    --------
    >>> with language("en"):
    ...     label("revenue")
    'Revenue'
    """
    previous = _state["lang"]
    set_language(lang)
    try:
        yield _state["lang"]  # type: ignore[misc]
    finally:
        _state["lang"] = previous


def _resolve(lang: str | None) -> str:
    return get_language() if lang is None else _validate_language(lang)


# ---------------------------------------------------------------------------------------- messages
#: Every user-facing sentence of the package, ``{key: {"vi": ..., "en": ...}}``. Placeholders in
#: braces are filled by :func:`t`; both languages of a key use the same placeholders.
MESSAGES: dict[str, dict[str, str]] = {
    # --- exercise feedback: headers -------------------------------------------------------------
    "check.title": {"vi": "Bài tập {name}", "en": "Exercise {name}"},
    "check.title_anon": {"vi": "Bài tập", "en": "Exercise"},
    "check.correct": {
        "vi": "✅ Chính xác! {title}: làm tốt lắm!",
        "en": "✅ Correct! {title}: well done!",
    },
    "check.correct_anon": {"vi": "✅ Chính xác! Làm tốt lắm!", "en": "✅ Correct! Well done!"},
    "check.todo": {
        "vi": "⏳ {title}: chưa làm (not done yet) — hãy thay TODO (hoặc ...) bằng câu trả lời "
        "của bạn rồi chạy lại ô này.",
        "en": "⏳ {title}: not done yet — replace TODO (or ...) with your answer and run this "
        "cell again.",
    },
    "check.wrong": {
        "vi": "❌ {title}: chưa đúng — {detail}",
        "en": "❌ {title}: not correct — {detail}",
    },
    "check.wrong_type": {
        "vi": "❌ {title}: chưa đúng kiểu — cần {expected_type}, nhưng bạn đưa {given_type}.",
        "en": "❌ {title}: wrong type — expected {expected_type}, but you gave {given_type}.",
    },
    "check.hint": {"vi": "💡 Gợi ý: {hint}", "en": "💡 Hint: {hint}"},
    # --- exercise feedback: numbers -------------------------------------------------------------
    "check.number.too_high": {
        "vi": "bạn trả lời {answer}, kết quả này cao hơn đáp án (quá cao).",
        "en": "your answer {answer} is too high.",
    },
    "check.number.too_low": {
        "vi": "bạn trả lời {answer}, kết quả này thấp hơn đáp án (quá thấp).",
        "en": "your answer {answer} is too low.",
    },
    "check.number.nan": {
        "vi": "kết quả của bạn là {answer} (không xác định) — có thể do chia cho 0 hoặc dữ liệu "
        "bị trống.",
        "en": "your result is {answer} (undefined) — perhaps a division by zero or empty data.",
    },
    "check.number.not_nan": {
        "vi": "bạn trả lời {answer}, nhưng đáp án ở đây là một giá trị không xác định (NaN).",
        "en": "your answer is {answer}, but here the answer is undefined (NaN).",
    },
    "check.number.close": {
        "vi": "Rất gần rồi — kiểm tra lại cách làm tròn hoặc điều kiện lọc dữ liệu.",
        "en": "Very close — check rounding or the filters on the data.",
    },
    "check.number.percent": {
        "vi": "Có vẻ bạn đang nhầm giữa tỷ lệ (ví dụ 0,25) và phần trăm (ví dụ 25%).",
        "en": "You may be mixing up a fraction (e.g. 0.25) and a percentage (e.g. 25%).",
    },
    "check.number.sign": {
        "vi": "Dấu (âm/dương) của kết quả bị ngược — kiểm tra thứ tự phép trừ.",
        "en": "The sign of your result is reversed — check the order of the subtraction.",
    },
    # --- exercise feedback: text, booleans, generic ---------------------------------------------
    "check.text.wrong": {"vi": "bạn trả lời {answer}.", "en": "your answer is {answer}."},
    "check.text.diacritics": {
        "vi": "Chỉ khác ở dấu tiếng Việt — hãy kiểm tra lại dấu.",
        "en": "Only the Vietnamese diacritics differ — check the accents.",
    },
    "check.bool.wrong": {
        "vi": "bạn trả lời {answer}, hãy suy nghĩ lại.",
        "en": "your answer is {answer}; think again.",
    },
    "check.generic.wrong": {
        "vi": "câu trả lời {answer} chưa khớp với đáp án.",
        "en": "your answer {answer} does not match.",
    },
    "check.error": {
        "vi": "không so sánh được câu trả lời với đáp án ({error}).",
        "en": "your answer could not be compared with the solution ({error}).",
    },
    # --- exercise feedback: lists, sets, dicts --------------------------------------------------
    "check.seq.length": {
        "vi": "độ dài khác nhau: danh sách của bạn có {got} phần tử, nhưng cần {expected} phần tử.",
        "en": "lengths differ: your list has {got} items, but {expected} are expected.",
    },
    "check.seq.positions": {
        "vi": "phần tử ở vị trí {positions} chưa đúng (vị trí đếm từ 0).",
        "en": "the items at positions {positions} are wrong (counting from 0).",
    },
    "check.set.missing": {
        "vi": "còn thiếu {n} phần tử.",
        "en": "{n} item(s) are missing.",
    },
    "check.set.extra": {
        "vi": "có {n} phần tử không nên có: {items}.",
        "en": "{n} item(s) should not be there: {items}.",
    },
    "check.dict.missing": {"vi": "thiếu khóa (key): {keys}.", "en": "missing key(s): {keys}."},
    "check.dict.extra": {"vi": "thừa khóa (key): {keys}.", "en": "unexpected key(s): {keys}."},
    "check.dict.values": {
        "vi": "giá trị chưa đúng ở khóa: {keys}.",
        "en": "wrong value(s) for key(s): {keys}.",
    },
    # --- exercise feedback: tables and arrays ---------------------------------------------------
    "check.frame.missing_columns": {
        "vi": "thiếu cột: {columns}.",
        "en": "missing column(s): {columns}.",
    },
    "check.frame.extra_columns": {
        "vi": "thừa cột: {columns}.",
        "en": "unexpected column(s): {columns}.",
    },
    "check.frame.rows": {
        "vi": "số dòng khác: kết quả của bạn có {got} dòng, nhưng cần {expected} dòng — kiểm tra "
        "điều kiện lọc hoặc bước groupby.",
        "en": "row counts differ: your result has {got} rows, but {expected} are expected — check "
        "the filters or the groupby step.",
    },
    "check.frame.index": {
        "vi": "chỉ mục (index) của các dòng khác đáp án — kiểm tra lại groupby, set_index hoặc "
        "reset_index.",
        "en": "the row index differs — check groupby, set_index or reset_index.",
    },
    "check.frame.values": {
        "vi": "giá trị ở cột {column} chưa đúng ({n}/{total} dòng khác).",
        "en": "the values in column {column} are wrong ({n}/{total} rows differ).",
    },
    "check.frame.dtype": {
        "vi": "kiểu dữ liệu của cột {column} khác: bạn có {got}, cần {expected}.",
        "en": "column {column} has dtype {got}, but {expected} is expected.",
    },
    "check.frame.other": {
        "vi": "bảng chưa khớp với đáp án ({error}).",
        "en": "the table does not match ({error}).",
    },
    "check.series.values": {
        "vi": "giá trị chưa đúng ({n}/{total} dòng khác).",
        "en": "the values are wrong ({n}/{total} rows differ).",
    },
    "check.series.dtype": {
        "vi": "kiểu dữ liệu khác: bạn có {got}, cần {expected}.",
        "en": "dtype {got} given, but {expected} is expected.",
    },
    "check.array.shape": {
        "vi": "kích thước mảng khác: của bạn là {got}, nhưng cần {expected}.",
        "en": "shapes differ: yours is {got}, but {expected} is expected.",
    },
    "check.array.values": {
        "vi": "{n}/{total} phần tử chưa đúng; phần tử sai đầu tiên ở vị trí {position}.",
        "en": "{n}/{total} elements are wrong; the first one is at position {position}.",
    },
    # --- exercise feedback: type advice ---------------------------------------------------------
    "check.advice.quoted_number": {
        "vi": "Bạn đang đưa một chuỗi (trong dấu nháy) — hãy bỏ dấu nháy để có một con số.",
        "en": "You gave a string (in quotes) — remove the quotes to get a number.",
    },
    "check.advice.decimal_comma": {
        "vi": "Bạn viết {typed}: trong Python dấu phẩy tách hai giá trị, nên Python hiểu đó là hai "
        "số {pair} chứ không phải một số thập phân. Hãy dùng dấu chấm thập phân: {dotted}.",
        "en": "You wrote {typed}: in Python a comma separates two values, so this is the pair "
        "{pair}, not a decimal number. Use a decimal point: {dotted}.",
    },
    "check.advice.scalar": {
        "vi": "Kết quả của bạn là cả một cột/bảng chứ không phải một số — thử .iloc[0], .item() "
        "hoặc .sum().",
        "en": "Your result is a whole column/table, not a number — try .iloc[0], .item() or .sum().",
    },
    "check.advice.series": {
        "vi": "Để lấy một cột dạng Series, dùng một cặp ngoặc: df['cột'] thay vì df[['cột']].",
        "en": "To get one column as a Series use single brackets: df['col'] instead of df[['col']].",
    },
    "check.advice.frame": {
        "vi": "Cần một bảng (DataFrame) — thử .to_frame() hoặc .reset_index().",
        "en": "A table (DataFrame) is expected — try .to_frame() or .reset_index().",
    },
    # --- type descriptions ----------------------------------------------------------------------
    "type.number": {"vi": "một số ({tname})", "en": "a number ({tname})"},
    "type.text": {"vi": "một chuỗi văn bản ({tname})", "en": "a text string ({tname})"},
    "type.bool": {"vi": "giá trị đúng/sai ({tname})", "en": "a boolean ({tname})"},
    "type.list": {"vi": "một danh sách ({tname})", "en": "a list ({tname})"},
    "type.set": {"vi": "một tập hợp ({tname})", "en": "a set ({tname})"},
    "type.dict": {"vi": "một từ điển ({tname})", "en": "a dictionary ({tname})"},
    "type.dataframe": {"vi": "một bảng ({tname})", "en": "a table ({tname})"},
    "type.series": {"vi": "một cột dữ liệu ({tname})", "en": "a column of data ({tname})"},
    "type.array": {"vi": "một mảng numpy ({tname})", "en": "a numpy array ({tname})"},
    "type.other": {"vi": "{tname}", "en": "{tname}"},
    # --- plotting -------------------------------------------------------------------------------
    "plot.bad_axis": {
        "vi": "axis phải là 'x', 'y' hoặc 'both', không phải {axis}.",
        "en": "axis must be 'x', 'y' or 'both', not {axis}.",
    },
}


def _placeholders(template: str) -> set[str]:
    """Return the names of the ``{placeholders}`` in a format string."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return names


def t(key: str, **kwargs: Any) -> str:
    """Return the message ``key`` in the current language, formatted with ``kwargs``.

    Parameters
    ----------
    key : str
        A key of :data:`MESSAGES`, e.g. ``"check.hint"``.
    **kwargs
        Values for the ``{placeholders}`` of the message.

    Returns
    -------
    str
        The translated, formatted message.

    Raises
    ------
    KeyError
        If ``key`` is unknown (the message suggests close keys) or a placeholder value is missing.

    Examples
    --------
    >>> with language("en"):
    ...     t("check.hint", hint="use groupby")
    '💡 Hint: use groupby'
    """
    try:
        entry = MESSAGES[key]
    except KeyError:
        close = difflib.get_close_matches(str(key), MESSAGES, n=3)
        suggestion = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"unknown message key {key!r}{suggestion}") from None
    template = entry.get(get_language(), entry[DEFAULT_LANGUAGE])
    try:
        return template.format(**kwargs)
    except KeyError as exc:
        needed = ", ".join(sorted(_placeholders(template)))
        raise KeyError(
            f"message {key!r} needs a value for {exc.args[0]!r} (placeholders: {needed})"
        ) from None


# -------------------------------------------------------------------------------- plot and result texts
@functools.lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    """``{code: {"vi": ..., "en": ...}}`` from ``data/vocabulary/text.csv`` (cached; never mutate)."""
    from . import vocabulary

    return {row["code"]: {"vi": row["vi"], "en": row["en"]} for row in vocabulary._rows("text")}


@fill_doc
def text(code: str, lang: str | None = None, **fmt: Any) -> str:
    """Return a student-facing text of a plot or result (axis label, title, legend, feature name).

    The texts are data: one row per ``code`` in ``ecrm_lab/data/vocabulary/text.csv`` (the
    ``text`` kind of :mod:`ecrm_lab.vocabulary`), with the Vietnamese and English wording. Codes
    are namespaced by the module that shows them, e.g. ``"acquisition.funnel_ylabel"`` or
    ``"lifecycle.counts_title"``.

    Parameters
    ----------
    code : str
        A code of ``text.csv``.
    {lang}
    **fmt
        Values for the placeholders of the text (``str.format`` fields in braces, e.g. ``h`` in
        ``lifecycle.reorder_y``); values no placeholder uses are ignored.

    Returns
    -------
    str
        The text in the language, formatted with ``fmt``.

    Raises
    ------
    KeyError
        If ``code`` is unknown (the message suggests close codes) or a placeholder has no value.
    ValueError
        If ``lang`` is not a supported language.

    Examples
    --------
    >>> text("lifecycle.stage", lang="vi"), text("lifecycle.stage", lang="en")
    ('Giai đoạn', 'Stage')
    >>> text("lifecycle.reorder_y", lang="en", h=30)
    'Reordered within 30 days (%)'
    """
    code_lang = _resolve(lang)
    texts = _texts()
    try:
        entry = texts[code]
    except KeyError:
        close = difflib.get_close_matches(str(code), texts, n=3)
        suggestion = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(
            f"unknown text code {code!r}{suggestion} (see ecrm_lab/data/vocabulary/text.csv)"
        ) from None
    template = entry[code_lang]
    if not fmt and not _placeholders(template):
        return template
    try:
        return template.format(**fmt)
    except KeyError as exc:
        needed = ", ".join(sorted(_placeholders(template)))
        raise KeyError(
            f"text {code!r} needs a value for {exc.args[0]!r} (placeholders: {needed})"
        ) from None


# ------------------------------------------------------------------------------------------ labels
# The labels themselves are data: ecrm_lab/data/vocabulary/<kind>.csv (see ecrm_lab.vocabulary).


class AmbiguousLabelError(ValueError):
    """A bare name given to :func:`label` is a code of several kinds with different labels."""


def _normalise_key(name: str) -> str:
    """Lower-case ``name``, drop apostrophes and turn spaces/hyphens into underscores."""
    key = unicodedata.normalize("NFC", name).strip().casefold()
    key = re.sub(r"['’`]", "", key)
    return re.sub(r"[\s\-]+", "_", key)


@functools.lru_cache(maxsize=1)
def _label_index() -> tuple[
    dict[tuple[str, str], dict[str, str]],
    dict[tuple[str, str], str],
    dict[str, tuple[tuple[str, str], ...]],
]:
    """``(entries, by_kind, bare)``: labels by ``(kind, code)``; ``(kind, normalised)`` → code;
    normalised bare name → the ``(kind, code)`` pairs it names."""
    from . import vocabulary

    entries: dict[tuple[str, str], dict[str, str]] = {}
    by_kind: dict[tuple[str, str], str] = {}
    bare: dict[str, list[tuple[str, str]]] = {}
    for kind in vocabulary._kinds():
        for row in vocabulary._rows(kind):
            key = (kind, row["code"])
            entries[key] = {"vi": row["vi"], "en": row["en"]}
            by_kind[(kind, _normalise_key(row["code"]))] = row["code"]
            bare.setdefault(_normalise_key(row["code"]), []).append(key)
    for alias, kind, code in vocabulary._aliases():
        by_kind.setdefault((kind, _normalise_key(alias)), code)
        bare.setdefault(_normalise_key(alias), []).append((kind, code))
    return entries, by_kind, {k: tuple(dict.fromkeys(v)) for k, v in bare.items()}


def __getattr__(name: str) -> Any:
    if name == "LABELS":
        # a fresh copy each time: the vocabulary data is the single source
        return {key: dict(entry) for key, entry in _label_index()[0].items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _namespaced(key: tuple[Any, ...]) -> tuple[str, str] | None:
    """Resolve ``(kind, code)`` to a key of the label index, or ``None`` for an unknown code."""
    from .vocabulary import _check_kind

    if len(key) != 2 or not all(isinstance(part, str) for part in key):
        raise TypeError(
            f"a namespaced label key is a pair of strings (kind, code), e.g. ('channel', 'email'); "
            f"got {key!r}"
        )
    kind = _check_kind(key[0])
    code = _label_index()[1].get((kind, _normalise_key(key[1])))
    return None if code is None else (kind, code)


@fill_doc
def label(name: Any, lang: str | None = None) -> str:
    """Return the human-readable label of a table, column, stage, segment or category value.

    Labels are namespaced by kind (the kinds of :func:`ecrm_lab.vocabulary.kinds`: ``"channel"``,
    ``"stage"``, ``"status"``, ``"payment"``, ``"column"``, ``"table"``, …): pass the pair
    ``(kind, code)``, e.g. ``label(("channel", "email"))`` or ``label(("gender", "other"))``. A bare
    name is accepted when it is not ambiguous — when every kind that has this code gives it the
    same label (``"retention"`` is both a lifecycle stage and a campaign objective, labelled
    "giữ chân" in both); a bare name that several kinds label differently (``"other"``: a gender
    and a SPIN type) raises :class:`AmbiguousLabelError`.

    Lookup ignores case, spaces versus underscores and apostrophes, so ``"Can't Lose Them"``,
    ``"cant_lose_them"`` and ``"CANT LOSE THEM"`` all work; other spellings listed in
    ``data/vocabulary/aliases.csv`` (``"canceled"``) work too. Unknown names and codes are
    returned unchanged (non-strings are converted with ``str``) so that labelling never breaks a
    plot.

    Parameters
    ----------
    name : str or tuple of (str, str)
        A bare name such as ``"revenue"``, ``"order_items"``, ``"retention"`` or ``"At Risk"``, or
        a namespaced key ``(kind, code)`` such as ``("channel", "email")``.
    {lang}

    Returns
    -------
    str
        The label, or ``name`` (the code of a namespaced key) itself when no label is known.

    Raises
    ------
    AmbiguousLabelError
        If a bare ``name`` is a code of several kinds with different labels; the message names the
        kinds and the namespaced keys to use instead.
    ValueError
        If ``lang`` or the kind of a namespaced key is unknown.
    TypeError
        If a tuple ``name`` is not a pair of strings.

    Examples
    --------
    >>> label("status", lang="vi"), label("cancelled", lang="vi")
    ('Trạng thái', 'đã hủy')
    >>> label(("channel", "email"), lang="en"), label(("gender", "other"), lang="vi")
    ('Email', 'khác')
    >>> label("At Risk", lang="vi")
    'Có nguy cơ rời bỏ'
    """
    code = _resolve(lang)
    entries, _, bare = _label_index()
    if isinstance(name, tuple):
        key = _namespaced(name)
        return name[1] if key is None else entries[key][code]
    if not isinstance(name, str):
        return str(name)
    keys = bare.get(_normalise_key(name), ())
    if not keys:
        return name
    texts = {(entries[k]["vi"], entries[k]["en"]) for k in keys}
    if len(texts) > 1:
        meanings = "; ".join(f"{k[0]} {entries[k][code]!r}" for k in keys)
        fix = " or ".join(f"label({k!r})" for k in keys)
        raise AmbiguousLabelError(
            f"label({name!r}) is ambiguous: {name!r} is a code of several kinds ({meanings}). "
            f"Fix: name the kind, e.g. {fix}"
        )
    return entries[keys[0]][code]


# ---------------------------------------------------------------------------------------- glossary
def glossary() -> pd.DataFrame:
    """Return the course glossary of key eCRM terms.

    The glossary is data (``ecrm_lab/data/vocabulary/glossary.csv``), with the one Vietnamese term
    to use for each English term and the known wrong variants
    (:func:`ecrm_lab.vocabulary.glossary_table`); the tests reject the wrong variants in the
    notebooks and the labels.

    Returns
    -------
    pandas.DataFrame
        One row per term with columns ``vi`` (Vietnamese term), ``en`` (English term) and
        ``meaning_vi`` (a short explanation in Vietnamese for students).

    Examples
    --------
    >>> g = glossary()
    >>> list(g.columns)
    ['vi', 'en', 'meaning_vi']
    >>> g[g["en"] == "churn"]["vi"].item()
    'rời bỏ'
    """
    from .vocabulary import glossary_table

    return glossary_table()[["vi", "en", "meaning_vi"]]
