"""SPIN selling: a Vietnamese question bank, a question classifier and which question sequences sell.

SPIN selling (Rackham 1988, *SPIN Selling*, McGraw-Hill) comes from Huthwaite's observation of about
35,000 sales calls over roughly a decade in more than 20 countries. Rackham sorts the questions a
seller asks into four types, usually asked in this order:

* **S — Situation** (câu hỏi tình huống): facts about the buyer's current situation — what they use,
  for whom, how often, the budget. Needed, but too many bore the buyer.
* **P — Problem** (câu hỏi vấn đề): difficulties and dissatisfactions with the current situation; the
  answers are *implied needs*. They matter more in small sales.
* **I — Implication** (câu hỏi hệ quả): consequences of a problem — time, money, health, other
  people — which make it larger and more urgent; the strongest type in large sales.
* **N — Need-payoff** (câu hỏi lợi ích của giải pháp): invite the buyer to state the value of solving
  the problem; the answers are *explicit needs*, and lead to fewer objections.

A seller's chat line that is none of these (greeting, delivery time, address, size, closing the
order) has the label ``"other"``.

This module has three parts.

1. **The question bank** (:func:`load_questions`): 572 hand-written Vietnamese seller questions
   (``ecrm_lab/data/spin_questions.csv``, documented in ``spin_questions.md``) with a label S/P/I/N/other,
   a product category and the form of address (register).
2. **A question classifier** (:func:`train_classifier`, :func:`classify`, :func:`evaluate_classifier`):
   TF-IDF features of words (with and without Vietnamese diacritics) and of character n-grams
   (without diacritics), then a linear support-vector machine. The features and the model were chosen
   by repeated stratified 5-fold cross-validation on the bank (see :func:`train_classifier`).
   :func:`evaluate_classifier` reports only out-of-fold predictions — never scores on the training
   questions — for stratified k-fold and for "leave one product category out".

   The simulated ``chat_messages`` reuse bank sentences word for word, so classifying the simulated
   seller messages with a model trained on the bank is an **in-sample** check: it shows that the
   model reproduces its training labels, not how it would do on a real shop's chats.
3. **Sequences and purchases** (:func:`sequence_features`, :func:`sequence_outcomes`,
   :func:`fit_sequence_effects`, :func:`compare_with_truth`): the labels of the seller's questions in
   one chat form a sequence such as ``"S-P-I-N"`` (column ``spin_sequence`` of ``sales_chats``).
   From it we count the question types, check whether S → P → I → N occurs in that order, compare
   conversion rates (share of chats that end in an order) with Wilson intervals and fit a logistic regression of the purchase on these
   features. The VietShop simulator plants exactly such a model (parameters ``spin_*`` in
   ``truth_params``), so the fitted effects can be checked against the truth. In real data the same
   regression shows association, not causation: sellers may ask need-payoff questions *because* the
   buyer already sounds keen.

Definitions (sequence features)
-------------------------------
A sequence is a string of labels joined by ``sep`` (default ``"-"``): ``"S-S-P-other-N"``. Labels are
``S``, ``P``, ``I``, ``N`` and ``other`` (case is ignored, spaces around a label too); the empty string
means the seller asked no question.

* ``n_questions`` — number of labels (``other`` included); ``n_S`` … ``n_N``, ``n_other`` — counts.
* ``has_P``, ``has_I``, ``has_N`` — at least one question of that type.
* ``full_sequence`` — S, P, I and N occur **in this order** somewhere in the chat, not necessarily next
  to each other (an ordered subsequence): ``"S-S-P-other-I-N"`` and ``"S-I-P-I-N"`` qualify,
  ``"P-S-I-N"`` does not (no P after the first S… in fact no P after any S).
* ``extra_situation`` — situation questions beyond the second: ``max(n_S − 2, 0)``.
* ``pattern`` — the flow of the conversation: ``other`` removed and repeated neighbours merged, so
  ``"S-S-P-other-P-I"`` → ``"S-P-I"``; ``"(none)"`` when nothing is left.

Examples
--------
>>> import pandas as pd
>>> chats = pd.DataFrame({"chat_id": ["c1", "c2", "c3"],
...                       "spin_sequence": ["S-S-S-P", "S-P-other-I-N", "N"],
...                       "purchased": [False, True, True]})
>>> f = sequence_features(chats)
>>> f[["chat_id", "n_S", "has_N", "full_sequence", "extra_situation", "pattern"]]
  chat_id  n_S  has_N  full_sequence  extra_situation  pattern
0      c1    3  False          False                1      S-P
1      c2    1   True           True                0  S-P-I-N
2      c3    0   True          False                0        N
>>> classify(["Chị đang dùng điện thoại hãng nào ạ?", "Pin máy chị có hay bị tụt nhanh không ạ?"])
['S', 'P']
>>> low, high = wilson_interval(8, 10)
>>> round(float(low), 3), round(float(high), 3)
(0.49, 0.943)
"""

from __future__ import annotations

import dataclasses
import functools
import numbers
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._stats import wilson_interval
from ._validate import require_columns, require_nonempty

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes
    from sklearn.pipeline import Pipeline

__all__ = [
    "LABELS",
    "ALL_LABELS",
    "LABEL_NAMES",
    "FEATURES",
    "TERMS",
    "CLASSIFIERS",
    "load_questions",
    "remove_diacritics",
    "train_classifier",
    "classify",
    "score_questions",
    "top_terms",
    "evaluate_classifier",
    "ClassifierEvaluation",
    "sequence_features",
    "sequence_outcomes",
    "wilson_interval",
    "fit_sequence_effects",
    "compare_with_truth",
    "plot_confusion_matrix",
    "plot_conversion_rates",
    "plot_effects",
]

#: The four SPIN question types, in Rackham's order.
LABELS: tuple[str, ...] = ("S", "P", "I", "N")
#: Every label of the question bank: the four SPIN types and ``"other"`` (not a SPIN question).
ALL_LABELS: tuple[str, ...] = ("S", "P", "I", "N", "other")
#: Names of the labels, ``{label: {"vi": ..., "en": ...}}``.
LABEL_NAMES: dict[str, dict[str, str]] = {
    "S": {"vi": "tình huống (Situation)", "en": "Situation"},
    "P": {"vi": "vấn đề (Problem)", "en": "Problem"},
    "I": {"vi": "hệ quả (Implication)", "en": "Implication"},
    "N": {"vi": "lợi ích giải pháp (Need-payoff)", "en": "Need-payoff"},
    "other": {"vi": "khác (không phải SPIN)", "en": "other (not SPIN)"},
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
_TOKEN = r"(?u)\b\w+\b"  # keep one-letter words: "ạ", "à" matter in Vietnamese chat
_NO_PATTERN = "(none)"
_FEATURE_NAMES = {
    "has_P": {"vi": "có câu hỏi P", "en": "has a P question"},
    "has_I": {"vi": "có câu hỏi I", "en": "has an I question"},
    "has_N": {"vi": "có câu hỏi N", "en": "has an N question"},
    "full_sequence": {"vi": "đủ trình tự S→P→I→N", "en": "full S→P→I→N order"},
    "extra_situation": {"vi": "số câu S vượt quá 2", "en": "S questions beyond two"},
    "n_questions": {"vi": "số câu hỏi", "en": "number of questions"},
    "n_S": {"vi": "số câu S", "en": "number of S questions"},
    "n_P": {"vi": "số câu P", "en": "number of P questions"},
    "n_I": {"vi": "số câu I", "en": "number of I questions"},
    "n_N": {"vi": "số câu N", "en": "number of N questions"},
    "n_other": {"vi": "số câu khác", "en": "number of other lines"},
    "intercept": {"vi": "hệ số chặn (intercept)", "en": "intercept"},
    "has_problem": {"vi": "có câu hỏi P", "en": "has a P question"},
    "has_implication": {"vi": "có câu hỏi I", "en": "has an I question"},
    "has_need_payoff": {"vi": "có câu hỏi N", "en": "has an N question"},
}


def _lang(lang: str | None = None) -> str:
    from .i18n import get_language

    return get_language() if lang is None else lang


def _vi_en(lang: str | None, vi: str, en: str) -> str:
    return vi if _lang(lang) == "vi" else en


# ------------------------------------------------------------------------------ the question bank
@functools.lru_cache(maxsize=1)
def _bank() -> pd.DataFrame:
    with (
        resources.files("ecrm_lab").joinpath("data/spin_questions.csv").open(encoding="utf-8") as f
    ):
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def load_questions() -> pd.DataFrame:
    """The labelled Vietnamese SPIN question bank shipped with the package.

    Read with :mod:`importlib.resources`, so it works from a source checkout and from an installed
    wheel. Each call returns a fresh copy that you may change.

    Returns
    -------
    DataFrame
        One row per seller question (572 rows):

        * ``question_id`` — ``"q0001"``, ``"q0002"``, …
        * ``question`` — the seller's line in Vietnamese (NFC-normalised UTF-8);
        * ``label`` — ``"S"``, ``"P"``, ``"I"``, ``"N"`` or ``"other"`` (see :data:`ALL_LABELS`);
        * ``category`` — product category code (``"phones"``, ``"beauty"``, …) or ``"general"``;
        * ``register`` — how the seller addresses the shopper: ``"chị"``, ``"anh"``, ``"bạn"``,
          ``"mình"`` or ``"anh/chị"``.

    Examples
    --------
    >>> bank = load_questions()
    >>> len(bank), sorted(bank["label"].unique())
    (572, ['I', 'N', 'P', 'S', 'other'])
    """
    return _bank().copy()


def remove_diacritics(text: str) -> str:
    """Vietnamese text without its diacritics (tone marks, ă â ê ô ơ ư, đ → d), as typed "không dấu".

    Examples
    --------
    >>> remove_diacritics("Chị có hay bị đau lưng không ạ?")
    'Chi co hay bi dau lung khong a?'
    >>> remove_diacritics("ĐỒNG HỒ")
    'DONG HO'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _normalise(text: str) -> str:
    """Preprocessor of the word features: NFC (text from macOS is often NFD) and lower case."""
    return unicodedata.normalize("NFC", text).lower()


def _fold(text: str) -> str:
    """Preprocessor of the accent-free features: lower case without diacritics."""
    return remove_diacritics(text.lower())


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


def _training_rows(
    questions: pd.DataFrame | None, labels: tuple[str, ...], question_col: str, label_col: str
) -> pd.DataFrame:
    """The rows of ``questions`` whose label is in ``labels``, checked (index reset)."""
    df = load_questions() if questions is None else questions
    require_columns(df, [question_col, label_col], table="questions")
    require_nonempty(df, table="questions")
    lab = df[label_col]
    missing = lab.isna()
    if missing.any():
        raise ValueError(
            f"questions.{label_col} has {int(missing.sum())} missing label(s): label every question "
            f"with one of {', '.join(ALL_LABELS)} or drop the row"
        )
    unknown = sorted({str(x) for x in lab if x not in ALL_LABELS})
    if unknown:
        raise ValueError(
            f"questions.{label_col} has unknown label(s) {', '.join(map(repr, unknown[:5]))}: "
            f"use {', '.join(ALL_LABELS)} (upper-case S, P, I, N; lower-case 'other')"
        )
    keep = df[lab.isin(labels).to_numpy()].reset_index(drop=True)
    _check_texts(keep[question_col].tolist(), what=f"questions.{question_col}")
    counts = keep[label_col].value_counts()
    absent = [x for x in labels if counts.get(x, 0) == 0]
    if absent:
        raise ValueError(
            f"questions has no question labelled {', '.join(map(repr, absent))}: add some or drop "
            "these labels from `labels`"
        )
    return keep


# ------------------------------------------------------------------------------ classifier
def _pipeline(classifier: str, random_state: Any) -> Pipeline:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    if classifier not in CLASSIFIERS:
        raise ValueError(
            f"classifier must be one of {', '.join(map(repr, CLASSIFIERS))}, got {classifier!r}"
        )
    features = FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    preprocessor=_normalise,
                    token_pattern=_TOKEN,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                ),
            ),
            (
                "word_no_accent",
                TfidfVectorizer(
                    preprocessor=_fold, token_pattern=_TOKEN, ngram_range=(1, 2), sublinear_tf=True
                ),
            ),
            (
                "char_no_accent",
                TfidfVectorizer(
                    analyzer="char_wb", preprocessor=_fold, ngram_range=(2, 5), sublinear_tf=True
                ),
            ),
        ]
    )
    if classifier == "linear_svc":
        model = LinearSVC(C=1.0, random_state=random_state)
    else:
        model = LogisticRegression(C=10.0, max_iter=5000, random_state=random_state)
    return Pipeline([("features", features), ("classifier", model)])


def train_classifier(
    questions: pd.DataFrame | None = None,
    *,
    labels: Sequence[str] = LABELS,
    classifier: str = "linear_svc",
    random_state: Any = 0,
    question_col: str = "question",
    label_col: str = "label",
) -> Pipeline:
    """Fit a question classifier (TF-IDF features + a linear model) on labelled questions.

    Features (a :class:`~sklearn.pipeline.FeatureUnion` of three
    :class:`~sklearn.feature_extraction.text.TfidfVectorizer`, sublinear term frequencies):

    * ``word`` — words and word pairs (1–2-grams) of the lower-cased text, diacritics kept;
    * ``word_no_accent`` — the same without diacritics;
    * ``char_no_accent`` — character 2–5-grams inside word boundaries (``analyzer="char_wb"``),
      without diacritics.

    The accent-free features make the model robust to questions typed "không dấu" (without
    diacritics), which is common in chat: with the diacritic features alone, cross-validated
    accuracy on the same questions typed without diacritics fell from about 0.92 to about 0.31.

    How the model was chosen — mean accuracy of repeated stratified 5-fold cross-validation on the
    bank's 505 S/P/I/N questions (3 or 4 repeats, scikit-learn 1.9.1): character 1–4-grams + logistic
    regression (the bank datasheet's baseline) 0.900; words 1–2 + logistic regression (C = 10) 0.913;
    words + characters, both with diacritics, + logistic regression (C = 1, 10, 30) 0.911–0.919, + linear
    SVM (C = 0.3, 1) 0.913–0.917; words alone + linear SVM 0.918; complement naive Bayes on words
    0.828. With the accent-free features: linear SVM (C = 0.3, 1, 3) 0.922–0.923, logistic regression
    (C = 3, 10, 30) 0.918–0.921; word 3-grams added nothing (0.918–0.922). The best settings differ by
    less than the spread between repeats (about 0.003), so the default is the linear SVM (``C = 1``),
    about four times faster to fit; ``classifier="logistic_regression"`` (``C = 10``) gives class
    probabilities instead of scores.

    Parameters
    ----------
    questions : DataFrame, optional
        Labelled questions with columns ``question_col`` (text) and ``label_col`` (``S``, ``P``,
        ``I``, ``N`` or ``other``); default: the bank (:func:`load_questions`). Rows whose label is
        not in ``labels`` are left out.
    labels : sequence of str, default ("S", "P", "I", "N")
        The classes to learn; ``("S", "P", "I", "N", "other")`` also learns to recognise lines that
        are not SPIN questions.
    classifier : {"linear_svc", "logistic_regression"}
        The linear model after the features.
    random_state : int, optional
        Seed of the solver (for reproducible fits).
    question_col, label_col : str
        Column names.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Fitted; steps ``"features"`` and ``"classifier"``; ``pipeline.classes_`` are the labels.

    Examples
    --------
    >>> model = train_classifier()
    >>> list(model.classes_)
    ['I', 'N', 'P', 'S']
    """
    labs = _check_labels(labels)
    rows = _training_rows(questions, labs, question_col, label_col)
    model = _pipeline(classifier, random_state)
    model.fit(rows[question_col].tolist(), rows[label_col].astype(str).to_numpy())
    return model


@functools.lru_cache(maxsize=1)
def _default_model() -> Pipeline:
    return train_classifier()


def _as_texts(questions: Any) -> list[str]:
    if isinstance(questions, str):
        return _check_texts([questions], what="questions")
    if isinstance(questions, pd.DataFrame):
        raise TypeError(
            "questions must be a string or a list of strings, not a DataFrame: pass one column, "
            "e.g. classify(df['question'])"
        )
    if isinstance(questions, (list, tuple, pd.Series, pd.Index, np.ndarray)):
        texts = list(questions)
        if not texts:
            raise ValueError("questions is empty: give at least one question to classify")
        return _check_texts(texts, what="questions")
    raise TypeError(
        f"questions must be a string or a list of strings, not {type(questions).__name__}"
    )


def _check_model(model: Any) -> Any:
    if model is None:
        return _default_model()
    if not (hasattr(model, "predict") and hasattr(model, "classes_")):
        raise TypeError(
            f"model must be a fitted classifier such as the one train_classifier() returns, not "
            f"{type(model).__name__}"
        )
    return model


def classify(questions: str | Sequence[str], *, model: Pipeline | None = None) -> list[str]:
    """Label seller questions S, P, I or N (or ``other``, if the model knows it).

    Parameters
    ----------
    questions : str or sequence of str
        One question or a list (tuple, Series, array) of questions.
    model : fitted Pipeline, optional
        From :func:`train_classifier`; default: the default model trained once on the whole bank and
        cached for the session.

    Returns
    -------
    list of str
        One label per question, in input order (a list of one for a single string).

    Raises
    ------
    TypeError
        For a value that is not text (a number, ``None``, a DataFrame) or a model without ``predict``.
    ValueError
        For an empty list or a blank question.

    Notes
    -----
    The simulated ``chat_messages`` of VietShop reuse bank sentences verbatim. Classifying them with
    the default model is therefore in-sample and agrees with ``spin_label`` almost perfectly; use
    :func:`evaluate_classifier` to judge the model.

    Examples
    --------
    >>> classify("Máy hiện tại của anh dùng được mấy năm rồi ạ?")
    ['S']
    """
    texts = _as_texts(questions)
    fitted = _check_model(model)
    return [str(x) for x in fitted.predict(texts)]


def score_questions(
    questions: str | Sequence[str], *, model: Pipeline | None = None
) -> pd.DataFrame:
    """Predicted label and the model's score for every label, one row per question.

    Parameters
    ----------
    questions : str or sequence of str
        As for :func:`classify`.
    model : fitted Pipeline, optional
        As for :func:`classify`.

    Returns
    -------
    DataFrame
        ``question``, ``label`` (the prediction), then one column per class (``S``, ``P``, ``I``,
        ``N`` and ``other`` when learned): class probabilities for a logistic regression, decision
        scores (larger = more likely; the predicted label has the largest) for a linear SVM, and
        ``margin`` — best score minus second best: a small margin means the model hesitates between
        two labels.
    """
    texts = _as_texts(questions)
    fitted = _check_model(model)
    classes = [str(c) for c in fitted.classes_]
    if hasattr(fitted, "predict_proba"):
        scores = np.asarray(fitted.predict_proba(texts), dtype=float)
    else:
        scores = np.asarray(fitted.decision_function(texts), dtype=float)
    if scores.ndim == 1:  # binary decision function: score of the second class
        scores = np.column_stack([-scores, scores])
    order = [c for c in ALL_LABELS if c in classes]
    idx = [classes.index(c) for c in order]
    scores = scores[:, idx]
    top2 = np.sort(scores, axis=1)[:, -2:]
    out = pd.DataFrame({"question": texts, "label": [order[i] for i in scores.argmax(axis=1)]})
    for j, c in enumerate(order):
        out[c] = scores[:, j]
    out["margin"] = top2[:, 1] - top2[:, 0]
    return out


def top_terms(
    model: Pipeline | None = None, *, n: int = 10, kind: str | None = None
) -> pd.DataFrame:
    """The features that push a question most towards each label (linear models only).

    Parameters
    ----------
    model : fitted Pipeline, optional
        From :func:`train_classifier`; default: the default model.
    n : int, default 10
        Features per label.
    kind : {"word", "word_no_accent", "char_no_accent"}, optional
        Only features of this kind (default: all; words and their accent-free twins then often
        appear side by side).

    Returns
    -------
    DataFrame
        ``label``, ``rank`` (1 = strongest), ``feature`` (the n-gram; character n-grams are shown
        between ``[ ]`` with ``·`` for spaces), ``kind`` (``word``, ``word_no_accent`` or
        ``char_no_accent``) and ``weight`` (the coefficient: positive pushes towards the label).
    """
    fitted = _check_model(model)
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n must be a whole number ≥ 1, got {n!r}")
    try:
        names = fitted.named_steps["features"].get_feature_names_out()
        coef = np.asarray(fitted.named_steps["classifier"].coef_, dtype=float)
    except (AttributeError, KeyError):
        raise TypeError(
            "top_terms needs a linear model from train_classifier (steps 'features' and "
            "'classifier' with coef_)"
        ) from None
    kinds = np.array([str(x).partition("__")[0] for x in names])
    if kind is not None and kind not in set(kinds):
        raise ValueError(
            f"kind must be one of {', '.join(map(repr, sorted(set(kinds))))} or None, got {kind!r}"
        )
    classes = [str(c) for c in fitted.classes_]
    if coef.shape[0] == 1:  # binary: one row of coefficients for the second class
        coef = np.vstack([-coef[0], coef[0]])
    rows = []
    for c in [x for x in ALL_LABELS if x in classes]:
        w = (
            np.where(kinds == kind, coef[classes.index(c)], -np.inf)
            if kind
            else coef[classes.index(c)]
        )
        best = np.argsort(-w, kind="stable")[: int(n)]
        for rank, j in enumerate(best, start=1):
            part, _, term = str(names[j]).partition("__")
            if part == "char_no_accent":
                term = "[" + term.replace(" ", "·") + "]"
            rows.append((c, rank, term, part, float(w[j])))
    return pd.DataFrame(rows, columns=["label", "rank", "feature", "kind", "weight"])


# ------------------------------------------------------------------------------ evaluation
@dataclasses.dataclass(frozen=True, repr=False)
class ClassifierEvaluation:
    """Out-of-fold quality of the question classifier (from :func:`evaluate_classifier`).

    Attributes
    ----------
    scheme : str
        ``"stratified k-fold"`` or ``"leave one <column> out"``.
    n_splits : int
        Number of folds (train/test splits).
    n_questions : int
        Number of questions evaluated.
    accuracy : float
        Share of questions whose out-of-fold prediction equals the label.
    macro_f1 : float
        Unweighted mean over labels of the F1 score (harmonic mean of precision and recall).
    baseline_accuracy : float
        Accuracy of always answering the most common label (the floor to beat).
    per_class : DataFrame
        Index ``label``; columns ``precision``, ``recall``, ``f1``, ``support`` (number of questions).
    confusion : DataFrame
        Counts; rows = true label (index name ``true``), columns = predicted label
        (name ``predicted``).
    predictions : DataFrame
        The evaluated questions (all their columns) plus ``predicted``, ``fold`` and ``correct``.
    by_group : DataFrame or None
        For "leave one group out": one row per left-out group with ``n_questions`` and ``accuracy``.
    """

    scheme: str
    n_splits: int
    n_questions: int
    accuracy: float
    macro_f1: float
    baseline_accuracy: float
    per_class: pd.DataFrame
    confusion: pd.DataFrame
    predictions: pd.DataFrame
    by_group: pd.DataFrame | None = None

    def summary(self) -> pd.Series:
        """The headline numbers as a Series (rounded to three decimals)."""
        return pd.Series(
            {
                "scheme": self.scheme,
                "n_splits": self.n_splits,
                "n_questions": self.n_questions,
                "accuracy": round(self.accuracy, 3),
                "macro_f1": round(self.macro_f1, 3),
                "baseline_accuracy": round(self.baseline_accuracy, 3),
            },
            name="evaluation",
        )

    def __repr__(self) -> str:
        return (
            f"ClassifierEvaluation(scheme={self.scheme!r}, n_splits={self.n_splits}, "
            f"n_questions={self.n_questions}, accuracy={self.accuracy:.3f}, "
            f"macro_f1={self.macro_f1:.3f}, baseline_accuracy={self.baseline_accuracy:.3f})"
        )


def evaluate_classifier(
    questions: pd.DataFrame | None = None,
    *,
    cv: int = 5,
    leave_out: str | None = None,
    labels: Sequence[str] = LABELS,
    classifier: str = "linear_svc",
    random_state: int = 0,
    test_transform: Callable[[str], str] | None = None,
    question_col: str = "question",
    label_col: str = "label",
) -> ClassifierEvaluation:
    """Honest quality of the classifier: every score is computed on questions the model did not see.

    Two schemes:

    * default — **stratified k-fold**: the questions are shuffled (``random_state``) and cut into
      ``cv`` folds with the same label mix; each fold is predicted by a model trained on the others.
    * ``leave_out="category"`` — **leave one product category out**: each category in turn is
      predicted by a model trained on all the other categories, as if the shop opened a new one.
      (This is :class:`~sklearn.model_selection.LeaveOneGroupOut`, i.e. ``GroupKFold`` with one
      fold per category.) ``cv`` is then ignored.

    Parameters
    ----------
    questions : DataFrame, optional
        Labelled questions (default: the bank); see :func:`train_classifier`.
    cv : int, default 5
        Number of folds for stratified k-fold (2 … the size of the smallest class).
    leave_out : str, optional
        A column of ``questions`` whose groups are left out one at a time (e.g. ``"category"``).
    labels, classifier, question_col, label_col
        As for :func:`train_classifier`.
    random_state : int, default 0
        Seed of the fold shuffle and of the solver.
    test_transform : callable, optional
        Applied to each held-out question before it is predicted (training questions are left as
        they are); e.g. :func:`remove_diacritics` measures how the model copes with questions typed
        without diacritics.

    Returns
    -------
    ClassifierEvaluation
        Accuracy, macro-F1, the majority-class baseline, per-class precision/recall/F1, the confusion
        matrix, the out-of-fold predictions and (leave-one-group-out) the accuracy per group.

    Notes
    -----
    Scores on the training questions themselves would be close to 1 and say nothing about new
    questions. On the bank, leaving a category out does *not* lower the accuracy (0.96 against 0.92
    for stratified 5-fold, scikit-learn 1.9.1): the cues of the question types ("có hay bị … không",
    "thì", "sẽ … hơn") are the same in every category, product words occur in all four types, and each
    model is trained on about 90 % of the questions instead of 80 %. All bank questions share one
    writing style, so neither figure measures accuracy on real shoppers' chats. For the same reason, classifying VietShop's ``chat_messages`` (which reuse bank
    sentences) with a model trained on the bank is in-sample.
    """
    from sklearn.metrics import (
        accuracy_score,
        confusion_matrix,
        f1_score,
        precision_recall_fscore_support,
    )
    from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

    labs = _check_labels(labels)
    if test_transform is not None and not callable(test_transform):
        raise TypeError(
            f"test_transform must be a function from text to text such as remove_diacritics, not "
            f"{type(test_transform).__name__}"
        )
    if leave_out is None:
        if isinstance(cv, bool) or not isinstance(cv, numbers.Integral):
            raise TypeError(f"cv must be a whole number of folds such as 5, not {cv!r}")
        if cv < 2:
            raise ValueError(f"cv must be ≥ 2 folds, got {cv}")
    rows = _training_rows(questions, labs, question_col, label_col)
    texts = np.asarray(rows[question_col].tolist(), dtype=object)
    y = rows[label_col].astype(str).to_numpy()
    if leave_out is None:
        smallest = int(pd.Series(y).value_counts().min())
        if cv > smallest:
            raise ValueError(
                f"cv={cv} folds need at least {cv} questions per label, but the smallest label has "
                f"{smallest}: lower cv or add questions"
            )
        splitter = StratifiedKFold(n_splits=int(cv), shuffle=True, random_state=random_state)
        splits = list(splitter.split(texts, y))
        scheme = "stratified k-fold"
        groups = None
    else:
        if not isinstance(leave_out, str) or leave_out not in rows.columns:
            raise ValueError(
                f"leave_out must name a column of questions such as 'category', got {leave_out!r} "
                f"(columns: {', '.join(map(str, rows.columns))})"
            )
        if rows[leave_out].isna().any():
            raise ValueError(
                f"questions.{leave_out} has {int(rows[leave_out].isna().sum())} missing value(s): "
                "every question needs a group to be left out with"
            )
        groups = rows[leave_out].astype(str).to_numpy()
        if len(np.unique(groups)) < 2:
            raise ValueError(
                f"questions.{leave_out} has a single group: leaving it out leaves nothing to train on"
            )
        splits = list(LeaveOneGroupOut().split(texts, y, groups))
        scheme = f"leave one {leave_out} out"
    predicted = np.empty(len(y), dtype=object)
    fold = np.empty(len(y), dtype=np.int64)
    for k, (train, test) in enumerate(splits):
        if len(np.unique(y[train])) < 2:
            raise ValueError(
                f"fold {k} has only one label to train on: use fewer folds or more questions"
            )
        model = _pipeline(classifier, random_state).fit(texts[train].tolist(), y[train])
        held_out = texts[test].tolist()
        if test_transform is not None:
            held_out = [test_transform(q) for q in held_out]
        predicted[test] = model.predict(held_out)
        fold[test] = k
    predicted = predicted.astype(str)
    order = [c for c in ALL_LABELS if c in labs]
    prec, rec, f1, support = precision_recall_fscore_support(
        y, predicted, labels=order, zero_division=0
    )
    per_class = pd.DataFrame(
        {"precision": prec, "recall": rec, "f1": f1, "support": support.astype(np.int64)},
        index=pd.Index(order, name="label"),
    )
    cm = pd.DataFrame(
        confusion_matrix(y, predicted, labels=order),
        index=pd.Index(order, name="true"),
        columns=pd.Index(order, name="predicted"),
    )
    predictions = rows.assign(predicted=predicted, fold=fold, correct=predicted == y)
    by_group = None
    if groups is not None:
        by_group = (
            predictions.groupby(leave_out, sort=True)["correct"]
            .agg(n_questions="size", accuracy="mean")
            .astype({"n_questions": np.int64})
        )
    return ClassifierEvaluation(
        scheme=scheme,
        n_splits=len(splits),
        n_questions=len(y),
        accuracy=float(accuracy_score(y, predicted)),
        macro_f1=float(f1_score(y, predicted, labels=order, average="macro", zero_division=0)),
        baseline_accuracy=float(pd.Series(y).value_counts(normalize=True).iloc[0]),
        per_class=per_class,
        confusion=cm,
        predictions=predictions,
        by_group=by_group,
    )


# ------------------------------------------------------------------------------ sequences
_TOKEN_CODES = {"S": "S", "P": "P", "I": "I", "N": "N", "OTHER": "o"}


def _sequence_series(sales_chats: Any, sequence_col: str) -> pd.Series:
    if isinstance(sales_chats, pd.Series):
        series = sales_chats
    else:
        require_columns(sales_chats, [sequence_col], table="sales_chats")
        series = sales_chats[sequence_col]
    if len(series) == 0:
        raise ValueError("table 'sales_chats' is empty: it needs at least one chat")
    return series


def _compact(series: pd.Series, *, sep: str, sequence_col: str) -> pd.Series:
    """Each sequence as a string of one-letter codes (S, P, I, N, o), validated; same index."""
    if not isinstance(sep, str) or not sep:
        raise ValueError(f"sep must be a non-empty string such as '-', got {sep!r}")
    where = f"sales_chats.{sequence_col}"
    values = series.to_numpy(dtype=object)
    missing = pd.isna(series).to_numpy()
    if missing.any():
        first = series.index[int(np.flatnonzero(missing)[0])]
        raise ValueError(
            f"{where} has {int(missing.sum())} missing sequence(s) (first at row {first!r}): write "
            "'' for a chat in which the seller asked no question"
        )
    not_str = np.array([not isinstance(v, str) for v in values])
    if not_str.any():
        i = int(np.flatnonzero(not_str)[0])
        raise TypeError(
            f"{where} must hold text such as 'S-P-I-N', but row {series.index[i]!r} holds "
            f"{type(values[i]).__name__} {values[i]!r}"
        )
    stripped = pd.Series(values, dtype=object).str.strip()  # positional index 0 … n-1
    empty = (stripped == "").to_numpy()
    flat = stripped.str.split(sep, regex=False).explode()
    flat = flat[~empty[flat.index.to_numpy()]]
    mapped = flat.str.strip().str.upper().map(_TOKEN_CODES)
    bad = mapped.isna().to_numpy()
    if bad.any():
        tokens = pd.unique(flat[bad].astype(str))
        rows = pd.unique(flat.index[bad])
        shown = ", ".join(repr(t) for t in tokens[:5])
        raise ValueError(
            f"{where} has unknown or empty label(s) {shown} in {len(rows)} chat(s) (e.g. row "
            f"{series.index[rows[0]]!r}: {values[rows[0]]!r}); a sequence is made of S, P, I, N and "
            f"other joined by {sep!r}, e.g. 'S{sep}P{sep}I{sep}N'"
        )
    joined = (
        mapped.groupby(level=0, sort=True).agg("".join).reindex(range(len(values)), fill_value="")
    )
    return pd.Series(joined.to_numpy(dtype=object), index=series.index, dtype=object)


def _patterns(compact: pd.Series) -> pd.Series:
    """Drop ``other``, merge repeated neighbours, join with '-': 'SSPoPI' → 'S-P-I'."""
    letters = compact.str.replace("o", "", regex=False).str.replace(r"(.)\1+", r"\1", regex=True)
    out = letters.map(lambda s: "-".join(s) if s else _NO_PATTERN)
    return out.astype(object)


def sequence_features(
    sales_chats: pd.DataFrame | pd.Series,
    *,
    sequence_col: str = "spin_sequence",
    id_col: str = "chat_id",
    sep: str = "-",
) -> pd.DataFrame:
    """Per-chat counts and indicators of the SPIN question types (see the module's Definitions).

    Parameters
    ----------
    sales_chats : DataFrame or Series
        One row per chat with the sequence of the seller's question labels in ``sequence_col``, e.g.
        ``"S-P-I-N"`` (VietShop's ``sales_chats``); or just a Series of such strings.
    sequence_col : str, default "spin_sequence"
        Column with the sequences.
    id_col : str, default "chat_id"
        Identifier column, copied to the output when present.
    sep : str, default "-"
        Separator between labels.

    Returns
    -------
    DataFrame
        Same index and row order as the input; ``id_col`` (if present), then ``n_questions``,
        ``n_S``, ``n_P``, ``n_I``, ``n_N``, ``n_other`` (int), ``has_P``, ``has_I``, ``has_N``,
        ``full_sequence`` (bool), ``extra_situation`` (int, ``max(n_S − 2, 0)``) and ``pattern``
        (str, e.g. ``"S-P-I"``).

    Raises
    ------
    ValueError
        For a missing sequence, an unknown label (``"X"``, ``"Q"``, an empty label in ``"S--P"``) or
        an empty table.
    TypeError
        For a sequence that is not text, or a table that is not a DataFrame.
    """
    series = _sequence_series(sales_chats, sequence_col)
    compact = _compact(series, sep=sep, sequence_col=sequence_col)
    out = pd.DataFrame(index=series.index)
    if isinstance(sales_chats, pd.DataFrame) and id_col in sales_chats.columns:
        out[id_col] = sales_chats[id_col]
    out["n_questions"] = compact.str.len().astype(np.int64)
    for lab, code in (("S", "S"), ("P", "P"), ("I", "I"), ("N", "N"), ("other", "o")):
        out[f"n_{lab}"] = compact.str.count(code).astype(np.int64)
    for lab in ("P", "I", "N"):
        out[f"has_{lab}"] = out[f"n_{lab}"] > 0
    out["full_sequence"] = compact.str.contains("S.*P.*I.*N", regex=True).astype(bool)
    out["extra_situation"] = np.maximum(out["n_S"].to_numpy() - 2, 0).astype(np.int64)
    out["pattern"] = _patterns(compact)
    return out


def _purchased(sales_chats: pd.DataFrame, purchased_col: str) -> np.ndarray:
    require_columns(sales_chats, [purchased_col], table="sales_chats")
    s = sales_chats[purchased_col]
    if s.isna().any():
        raise ValueError(
            f"sales_chats.{purchased_col} has {int(s.isna().sum())} missing value(s): every chat "
            "needs True (bought) or False"
        )
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(s) and s.isin([0, 1]).all():
        return s.to_numpy() == 1
    examples = ", ".join(repr(x) for x in pd.unique(s[~s.isin([0, 1, True, False])])[:3])
    raise TypeError(
        f"sales_chats.{purchased_col} must be True/False (or 1/0), found {examples}: convert it, "
        f"e.g. sales_chats[{purchased_col!r}] == 'yes'"
    )


def sequence_outcomes(
    sales_chats: pd.DataFrame,
    *,
    by: str | Sequence[str] = "pattern",
    min_chats: int = 30,
    sequence_col: str = "spin_sequence",
    purchased_col: str = "purchased",
    sep: str = "-",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Conversion rate (share of chats ending in a purchase) by SPIN sequence or by a sequence feature.

    Parameters
    ----------
    sales_chats : DataFrame
        One row per chat with ``sequence_col`` (e.g. ``"S-P-I-N"``) and ``purchased_col`` (bool).
    by : str or list of str, default "pattern"
        ``"sequence"`` (the sequence as written), ``"pattern"`` (``other`` removed, repeated
        neighbours merged: ``"S-S-P"`` → ``"S-P"``) or a column of :func:`sequence_features`
        (``"has_N"``, ``"full_sequence"``, ``"n_S"``, …). A list of feature columns gives one block
        of rows per feature, stacked.
    min_chats : int, default 30
        Groups with fewer chats are left out (their rates are too uncertain); the number of chats
        left out is in ``result.attrs["n_chats_dropped"]`` (for a list of features, the largest
        number left out for any one of them).
    sequence_col, purchased_col, sep
        Column names and label separator.
    confidence : float, default 0.95
        Coverage of the Wilson interval.

    Returns
    -------
    DataFrame
        For a single ``by``: a column named ``by`` (the group), then ``n_chats``, ``n_purchases``,
        ``conversion_rate``, ``ci_low``, ``ci_high`` (Wilson interval). Sequences and patterns are
        sorted by number of chats (largest first), feature values in increasing order. For a list:
        columns ``feature``, ``value`` and the same five columns.
    """
    features = sequence_features(sales_chats, sequence_col=sequence_col, sep=sep)
    bought = _purchased(sales_chats, purchased_col)
    if isinstance(min_chats, bool) or not isinstance(min_chats, numbers.Integral) or min_chats < 1:
        raise ValueError(f"min_chats must be a whole number ≥ 1, got {min_chats!r}")
    allowed = ("sequence", "pattern", *_FEATURE_COLUMNS)
    names = [by] if isinstance(by, str) else list(by) if isinstance(by, Iterable) else [by]
    bad = [b for b in names if b not in allowed]
    if bad or not names:
        raise ValueError(
            f"by must be 'sequence', 'pattern' or feature column(s) {', '.join(_FEATURE_COLUMNS)}; "
            f"got {by!r}"
        )
    stacked = not isinstance(by, str)
    if stacked and any(b in ("sequence", "pattern") for b in names):
        raise ValueError("a list in by may hold feature columns only; use by='pattern' alone")
    keys = {
        "sequence": _sequence_series(sales_chats, sequence_col).astype(str).str.strip(),
        "pattern": features["pattern"],
        **{c: features[c] for c in _FEATURE_COLUMNS},
    }
    blocks, dropped = [], 0
    for name in names:
        frame = pd.DataFrame({"group": keys[name].to_numpy(), "bought": bought})
        g = frame.groupby("group", sort=True)["bought"].agg(n_chats="size", n_purchases="sum")
        g = g.astype(np.int64)
        small = g["n_chats"] < min_chats
        dropped = max(dropped, int(g.loc[small, "n_chats"].sum()))
        g = g[~small]
        if name in ("sequence", "pattern"):
            g = g.reset_index().sort_values(["n_chats", "group"], ascending=[False, True])
        else:
            g = g.reset_index()
        rate = g["n_purchases"] / g["n_chats"]
        if len(g):
            low, high = wilson_interval(
                g["n_purchases"].to_numpy(), g["n_chats"].to_numpy(), confidence=confidence
            )
        else:
            low = high = np.empty(0)
        g = g.assign(conversion_rate=rate.to_numpy(), ci_low=low, ci_high=high)
        if stacked:
            g = g.rename(columns={"group": "value"})
            g.insert(0, "feature", name)
        else:
            g = g.rename(columns={"group": name})
        blocks.append(g)
    out = pd.concat(blocks, ignore_index=True) if stacked else blocks[0].reset_index(drop=True)
    out.attrs["n_chats_dropped"] = dropped
    out.attrs["min_chats"] = int(min_chats)
    return out


# ------------------------------------------------------------------------------ logistic model
def _logit_fit(X: np.ndarray, y: np.ndarray, *, max_iter: int = 100):
    """Unpenalised logistic regression by Newton–Raphson with step halving.

    Returns (beta, covariance = inverse Fisher information, log-likelihood, converged); ``converged``
    is False when the information matrix becomes singular (e.g. under perfect separation).
    """

    def loglik(b: np.ndarray) -> float:
        eta = X @ b
        return float(np.sum(y * eta - np.logaddexp(0.0, eta)))

    def information(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p = np.exp(-np.logaddexp(0.0, -(X @ b)))  # sigmoid without overflow
        return p, X.T @ (X * (p * (1 - p))[:, None])

    beta = np.zeros(X.shape[1])
    ll = loglik(beta)
    for _ in range(max_iter):
        p, info = information(beta)
        try:
            step = np.linalg.solve(info, X.T @ (y - p))
        except np.linalg.LinAlgError:
            return beta, None, ll, False
        t = 1.0
        while loglik(beta + t * step) < ll - 1e-12 and t > 1e-8:  # keep the likelihood rising
            t /= 2
        beta = beta + t * step
        ll_old, ll = ll, loglik(beta)
        if np.max(np.abs(t * step)) < 1e-9 or abs(ll - ll_old) < 1e-11:
            break
    else:
        return beta, None, ll, False
    _, info = information(beta)
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        return beta, None, ll, False
    return beta, cov, ll, bool(np.all(np.isfinite(cov)) and np.all(np.diag(cov) > 0))


def fit_sequence_effects(
    sales_chats: pd.DataFrame,
    *,
    sequence_col: str = "spin_sequence",
    purchased_col: str = "purchased",
    sep: str = "-",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Logistic regression of the purchase on the chat's SPIN features, with standard errors.

    The model is ``logit P(purchase) = intercept + has_problem·[has_P] + has_implication·[has_I] +
    has_need_payoff·[has_N] + full_sequence·[S→P→I→N in order] + extra_situation·max(n_S − 2, 0)``,
    fitted by maximum likelihood without a penalty (Newton–Raphson). Standard errors are the square
    roots of the diagonal of the inverse Fisher information ``(Xᵀ W X)⁻¹`` at the estimate,
    ``W = diag(p(1 − p))``; confidence intervals are ``estimate ± z · std_error``.

    Parameters
    ----------
    sales_chats : DataFrame
        One row per chat with ``sequence_col`` and ``purchased_col`` (see :func:`sequence_outcomes`).
    sequence_col, purchased_col, sep
        Column names and label separator.
    confidence : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    DataFrame
        Index ``term`` (:data:`TERMS`: ``intercept``, ``has_problem``, ``has_implication``,
        ``has_need_payoff``, ``full_sequence``, ``extra_situation``), columns ``feature`` (the column
        of :func:`sequence_features`; empty for the intercept), ``estimate`` (log-odds),
        ``std_error``, ``ci_low``, ``ci_high``, ``p_value`` (two-sided Wald test of zero) and
        ``odds_ratio`` (``exp(estimate)``). ``attrs``: ``n_chats``, ``n_purchases``,
        ``log_likelihood``.

    Raises
    ------
    ValueError
        When a feature does not vary (e.g. no chat has an I question), when features are collinear, or
        when the fit does not converge (a feature that predicts the outcome perfectly).
    """
    from scipy.stats import norm

    features = sequence_features(sales_chats, sequence_col=sequence_col, sep=sep)
    y = _purchased(sales_chats, purchased_col).astype(float)
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, numbers.Real)
        or not (0 < confidence < 1)
    ):
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    if y.min() == y.max():
        word = "bought" if y[0] else "did not buy"
        raise ValueError(
            f"every chat in sales_chats {word}: a purchase model needs chats of both kinds"
        )
    cols = [c for c in TERMS.values() if c is not None]
    X = np.column_stack([np.ones(len(y))] + [features[c].to_numpy(dtype=float) for c in cols])
    for j, c in enumerate(cols, start=1):
        if np.all(X[:, j] == X[0, j]):
            raise ValueError(
                f"feature {c} is the same ({X[0, j]:g}) in every chat, so its effect cannot be "
                "estimated: use more varied chats"
            )
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise ValueError(
            "the SPIN features are collinear in these chats (one is a combination of others): use "
            "more varied chats"
        )
    beta, cov, ll, converged = _logit_fit(X, y)
    if not converged or np.max(np.abs(beta)) > 15:
        raise ValueError(
            "the logistic regression did not converge: some feature predicts the purchase (almost) "
            "perfectly in these chats; use more chats"
        )
    se = np.sqrt(np.diag(cov))
    z = float(norm.ppf(0.5 + confidence / 2))
    out = pd.DataFrame(
        {
            "feature": [c if c is not None else "" for c in TERMS.values()],
            "estimate": beta,
            "std_error": se,
            "ci_low": beta - z * se,
            "ci_high": beta + z * se,
            "p_value": 2 * norm.sf(np.abs(beta / se)),
            "odds_ratio": np.exp(beta),
        },
        index=pd.Index(list(TERMS), name="term"),
    )
    out.attrs.update(n_chats=len(y), n_purchases=int(y.sum()), log_likelihood=ll)
    return out


def compare_with_truth(
    effects: pd.DataFrame, truth_params: pd.DataFrame, *, prefix: str = "spin_"
) -> pd.DataFrame:
    """Put fitted effects beside the simulator's planted values (``truth_params``).

    Parameters
    ----------
    effects : DataFrame
        From :func:`fit_sequence_effects` (index ``term``; ``estimate``, ``std_error``, ``ci_low``,
        ``ci_high``).
    truth_params : DataFrame
        Columns ``parameter`` and ``value``; the planted effect of term ``t`` is in row
        ``prefix + t`` (VietShop: ``spin_intercept``, ``spin_has_problem``, …).
    prefix : str, default "spin_"
        Prefix of the parameter names.

    Returns
    -------
    DataFrame
        Index ``term``; ``estimate``, ``std_error``, ``ci_low``, ``ci_high``, ``true_value``,
        ``error`` (estimate − true value), ``error_in_se`` (error / std_error) and ``covered`` (the
        true value lies inside the interval).
    """
    require_columns(effects, ["estimate", "std_error", "ci_low", "ci_high"], table="effects")
    require_columns(truth_params, ["parameter", "value"], table="truth_params")
    truth = truth_params.set_index("parameter")["value"]
    wanted = [f"{prefix}{t}" for t in effects.index]
    missing = [w for w in wanted if w not in truth.index]
    if missing:
        raise ValueError(
            f"truth_params has no row(s) {', '.join(missing)}: is this the simulator's truth_params "
            "table, and is the prefix right?"
        )
    out = effects[["estimate", "std_error", "ci_low", "ci_high"]].copy()
    out["true_value"] = truth.reindex(wanted).to_numpy(dtype=float)
    out["error"] = out["estimate"] - out["true_value"]
    out["error_in_se"] = out["error"] / out["std_error"]
    out["covered"] = (out["ci_low"] <= out["true_value"]) & (out["true_value"] <= out["ci_high"])
    return out


# ------------------------------------------------------------------------------ plots
def plot_confusion_matrix(
    cm: pd.DataFrame | ClassifierEvaluation,
    *,
    ax: Axes | None = None,
    normalize: bool = False,
    lang: str | None = None,
) -> Axes:
    """Draw a confusion matrix as a heatmap: true labels in rows, predicted labels in columns.

    Parameters
    ----------
    cm : DataFrame or ClassifierEvaluation
        Counts (``ClassifierEvaluation.confusion``), or the evaluation itself.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    normalize : bool, default False
        Show each row as shares of its true label (the diagonal is then the recall) instead of counts.
    lang : {"vi", "en"}, optional
        Language of the axis labels.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    if isinstance(cm, ClassifierEvaluation):
        cm = cm.confusion
    if not isinstance(cm, pd.DataFrame):
        raise TypeError(
            f"cm must be a confusion-matrix DataFrame (evaluate_classifier(...).confusion), not "
            f"{type(cm).__name__}"
        )
    values = cm.to_numpy(dtype=float)
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.size == 0:
        raise ValueError(f"cm must be a square table of counts, got shape {values.shape}")
    if np.isnan(values).any() or (values < 0).any():
        raise ValueError("cm must hold counts ≥ 0 (no missing values)")
    if normalize:
        sums = values.sum(axis=1, keepdims=True)
        values = np.divide(values, sums, out=np.zeros_like(values), where=sums > 0)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.2))
    top = values.max() if values.max() > 0 else 1.0
    ax.imshow(values, cmap="Blues", vmin=0, vmax=top)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = f"{v:.0%}" if normalize else f"{int(round(v))}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=11,
                color="white" if v > 0.6 * top else "black",
            )
    ax.set_xticks(range(values.shape[1]), [str(c) for c in cm.columns])
    ax.set_yticks(range(values.shape[0]), [str(c) for c in cm.index])
    ax.set_xlabel(_vi_en(lang, "Nhãn mô hình dự đoán", "Predicted label"))
    ax.set_ylabel(_vi_en(lang, "Nhãn thật", "True label"))
    ax.grid(False)
    return ax


def plot_conversion_rates(
    outcomes: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str | None = None,
    color: str = "#0173b2",
) -> Axes:
    """Conversion rates of chats with their confidence intervals, one horizontal line per group.

    Parameters
    ----------
    outcomes : DataFrame
        From :func:`sequence_outcomes` (single ``by`` or a list of features).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels.
    color : str
        Colour of the points.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    require_columns(outcomes, ["conversion_rate", "ci_low", "ci_high", "n_chats"], table="outcomes")
    if len(outcomes) == 0:
        raise ValueError("outcomes is empty: lower min_chats in sequence_outcomes")
    code = _lang(lang)
    if "feature" in outcomes.columns and "value" in outcomes.columns:
        names = []
        for f, v in zip(outcomes["feature"], outcomes["value"], strict=True):
            fname = _FEATURE_NAMES.get(str(f), {}).get(code, str(f))
            if isinstance(v, (bool, np.bool_)):
                v = _vi_en(lang, "có", "yes") if v else _vi_en(lang, "không", "no")
            names.append(f"{fname}: {v}")
    else:
        group = next(
            c
            for c in outcomes.columns
            if c not in ("n_chats", "n_purchases", "conversion_rate", "ci_low", "ci_high")
        )
        names = [str(v) for v in outcomes[group]]
    y = np.arange(len(outcomes))[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * len(outcomes) + 1.5))
    rate = outcomes["conversion_rate"].to_numpy(dtype=float)
    err = np.vstack(
        [rate - outcomes["ci_low"].to_numpy(float), outcomes["ci_high"].to_numpy(float) - rate]
    )
    ax.errorbar(rate, y, xerr=err, fmt="o", color=color, ecolor=color, capsize=3)
    labels = [f"{n}  (n={int(k)})" for n, k in zip(names, outcomes["n_chats"], strict=True)]
    ax.set_yticks(y, labels)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(
        _vi_en(
            lang,
            "Tỷ lệ chat kết thúc bằng đơn hàng (khoảng tin cậy 95 %)",
            "Share of chats ending in an order (95 % interval)",
        )
    )
    return ax


def plot_effects(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str | None = None,
    include_intercept: bool = False,
) -> Axes:
    """Fitted effects (log-odds) with confidence intervals, and the planted values when known.

    Parameters
    ----------
    table : DataFrame
        From :func:`fit_sequence_effects` or :func:`compare_with_truth` (then the ``true_value``
        column is drawn as red diamonds).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels.
    include_intercept : bool, default False
        Also draw the intercept (it is on another scale: the log-odds of a chat with no feature).

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    require_columns(table, ["estimate", "ci_low", "ci_high"], table="effects")
    t = table if include_intercept else table.drop(index="intercept", errors="ignore")
    if len(t) == 0:
        raise ValueError("effects has no terms to draw")
    code = _lang(lang)
    y = np.arange(len(t))[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.55 * len(t) + 1.5))
    est = t["estimate"].to_numpy(float)
    err = np.vstack([est - t["ci_low"].to_numpy(float), t["ci_high"].to_numpy(float) - est])
    ax.errorbar(
        est,
        y,
        xerr=err,
        fmt="o",
        color="#0173b2",
        capsize=3,
        label=_vi_en(lang, "ước lượng (KTC 95 %)", "estimate (95 % CI)"),
    )
    if "true_value" in t.columns:
        ax.scatter(
            t["true_value"].to_numpy(float),
            y,
            marker="D",
            color="#d55e00",
            zorder=3,
            label=_vi_en(lang, "giá trị thật (mô phỏng)", "true value (simulator)"),
        )
    ax.axvline(0, color="#949494", linewidth=1)
    ax.set_yticks(y, [_FEATURE_NAMES.get(str(i), {}).get(code, str(i)) for i in t.index])
    ax.set_xlabel(
        _vi_en(lang, "Tác động lên log-odds mua hàng", "Effect on the log-odds of buying")
    )
    ax.legend(loc="best", fontsize=9)
    return ax
