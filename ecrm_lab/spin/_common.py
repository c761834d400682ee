"""Constants, labels and small checks shared by the parts of :mod:`ecrm_lab.spin`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..vocabulary import codes, labels

#: The four SPIN question types, in Rackham's order.
LABELS: tuple[str, ...] = codes("spin_type", "spin")
#: Every label of the question bank: the four SPIN types and ``"other"`` (not a SPIN question).
ALL_LABELS: tuple[str, ...] = codes("spin_type")
#: Names of the labels, ``{label: {"vi": ..., "en": ...}}``.
LABEL_NAMES: dict[str, dict[str, str]] = {
    code: {"vi": vi, "en": en}
    for (code, vi), en in zip(
        labels("spin_type", lang="vi").items(), labels("spin_type", lang="en").values(), strict=True
    )
}
#: Per-chat feature columns used by :func:`fit_sequence_effects`, in model order.
FEATURES: tuple[str, ...] = ("has_P", "has_I", "has_N", "full_sequence", "extra_situation")
#: Model terms of :func:`fit_sequence_effects` and the feature column behind each (``None``: the
#: intercept). The term names match the simulator's ``truth_params`` (``spin_<term>``).
TERMS: dict[str, str | None] = {
    "intercept": None,
    "has_problem": "has_P",
    "has_implication": "has_I",
    "has_need_payoff": "has_N",
    "full_sequence": "full_sequence",
    "extra_situation": "extra_situation",
}
#: Classifiers :func:`train_classifier` can build.
CLASSIFIERS: tuple[str, ...] = ("linear_svc", "logistic_regression")

_COUNT_COLUMNS = ("n_questions", "n_S", "n_P", "n_I", "n_N", "n_other")
_FEATURE_COLUMNS = (*_COUNT_COLUMNS, "has_P", "has_I", "has_N", "full_sequence", "extra_situation")
_NO_PATTERN = "(none)"


def _lang(lang: str | None = None) -> str:
    from ..i18n import get_language

    return get_language() if lang is None else lang


def _text(code: str, lang: str | None, **fmt: Any) -> str:
    """The text ``spin.<code>`` of ``data/vocabulary/text.csv`` in the language ``lang``."""
    from ..i18n import text

    return text(f"spin.{code}", lang, **fmt)


def _feature_name(name: str, lang: str | None) -> str:
    """The name of a feature or model term (``spin.feature_<name>`` of ``text.csv``), else ``name``."""
    from ..i18n import _texts

    code = f"spin.feature_{name}"
    return _text(f"feature_{name}", lang) if code in _texts() else name


# ------------------------------------------------------------------------------ input checks
def _check_labels(labels: Any) -> tuple[str, ...]:
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        raise TypeError(
            f"labels must be a tuple of label names such as ('S', 'P', 'I', 'N'), not {labels!r}"
        )
    out = tuple(labels)
    bad = [x for x in out if x not in ALL_LABELS]
    if bad:
        raise ValueError(
            f"labels has unknown value(s) {', '.join(map(repr, bad))}: choose among "
            f"{', '.join(ALL_LABELS)}"
        )
    if len(set(out)) != len(out):
        raise ValueError(f"labels has repeated values: {out!r}")
    if len(out) < 2:
        raise ValueError(f"labels needs at least two classes to tell apart, got {out!r}")
    return out


def _check_texts(values: Sequence[Any], *, what: str) -> list[str]:
    """Every value a non-blank string; errors give the positions of the first offenders."""
    texts = list(values)
    not_str = [i for i, x in enumerate(texts) if not isinstance(x, str)]
    if not_str:
        i = not_str[0]
        raise TypeError(
            f"{what} must be text: {len(not_str)} value(s) are not strings (the first, at position "
            f"{i}, is {type(texts[i]).__name__} {texts[i]!r}); remove them or convert with str()"
        )
    blank = [i for i, x in enumerate(texts) if not x.strip()]
    if blank:
        raise ValueError(
            f"{what} has {len(blank)} blank value(s) (positions {blank[:5]}): every question needs "
            "some words"
        )
    return texts
