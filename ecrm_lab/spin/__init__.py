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

1. **The question bank** (:func:`load_questions`): 612 hand-written Vietnamese seller questions
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

from .._stats import wilson_interval
from ._common import ALL_LABELS, CLASSIFIERS, FEATURES, LABEL_NAMES, LABELS, TERMS
from .bank import load_questions, remove_diacritics
from .classifier import (
    ClassifierEvaluation,
    _default_model,  # noqa: F401  (tests check the default model is cached)
    classify,
    evaluate_classifier,
    score_questions,
    top_terms,
    train_classifier,
)
from .plots import (
    plot_accuracy_by_group,
    plot_confusion_matrix,
    plot_conversion_rates,
    plot_effects,
)
from .sequences import (
    compare_with_truth,
    fit_sequence_effects,
    sequence_features,
    sequence_outcomes,
)

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
    "plot_accuracy_by_group",
    "plot_confusion_matrix",
    "plot_conversion_rates",
    "plot_effects",
]
