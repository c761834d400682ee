"""SPIN: the question bank, the classifier's honest evaluation, sequence features, and planted-truth recovery."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from ecrm_lab import InputError, spin
from ecrm_lab.spin import (
    ALL_LABELS,
    LABELS,
    classify,
    compare_with_truth,
    evaluate_classifier,
    fit_sequence_effects,
    load_questions,
    remove_diacritics,
    score_questions,
    sequence_features,
    sequence_outcomes,
    top_terms,
    train_classifier,
    wilson_interval,
)

Z95 = 1.959963984540054  # standard normal quantile 0.975


@pytest.fixture(scope="module")
def bank():
    return load_questions()


@pytest.fixture(scope="module")
def stratified():
    return evaluate_classifier()


@pytest.fixture(scope="module")
def by_category():
    return evaluate_classifier(leave_out="category")


# ------------------------------------------------------------------ the question bank
def test_bank_has_enough_labelled_questions(bank):
    assert list(bank.columns) == ["question_id", "question", "label", "category", "register"]
    assert set(bank["label"]) <= set(ALL_LABELS)
    spin_rows = bank[bank["label"].isin(LABELS)]
    assert len(spin_rows) >= 400
    counts = spin_rows["label"].value_counts()
    assert counts.min() >= 100, counts  # no SPIN type is a token class
    assert counts.max() / counts.min() < 1.2  # roughly balanced, so accuracy is meaningful


def test_bank_covers_several_categories_each_with_all_four_types(bank):
    products = bank[(bank["category"] != "general") & bank["label"].isin(LABELS)]
    table = pd.crosstab(products["category"], products["label"])
    assert len(table) >= 8
    assert (table[list(LABELS)] >= 10).all().all(), table


def test_bank_ids_unique_and_no_duplicate_questions(bank):
    assert bank["question_id"].is_unique
    assert bank["question_id"].str.fullmatch(r"q\d{4}").all()
    # duplicates ignoring case, surrounding spaces and final punctuation
    key = bank["question"].str.casefold().str.strip().str.rstrip("?.! ")
    assert key.is_unique, bank.loc[key.duplicated(keep=False), "question"].tolist()


def test_bank_is_clean_vietnamese_text(bank):
    q = bank["question"]
    assert (q == q.map(lambda s: unicodedata.normalize("NFC", s))).all()
    assert (q == q.str.strip()).all()
    # Vietnamese diacritics: the text changes when they are removed (almost every sentence has them)
    has_marks = q != q.map(remove_diacritics)
    assert has_marks.mean() > 0.95
    assert q.str.contains("ạ").sum() > 200  # the polite chat particle
    assert q.str.contains("đ|Đ").sum() > 50


def test_bank_is_not_one_template(bank):
    spin_q = bank.loc[bank["label"].isin(LABELS), "question"]
    words = spin_q.str.casefold().str.replace(r"[^\w\s/]", "", regex=True).str.split()
    openings = words.map(lambda w: " ".join(w[:2]))
    assert openings.nunique() >= 200  # of 545 questions
    assert openings.value_counts(normalize=True).iloc[0] < 0.05
    lengths = words.map(len)
    assert lengths.min() <= 8 and lengths.max() >= 20  # short and long questions
    # not every I question is "nếu … thì": the classifier cannot rely on one word
    i_q = bank.loc[bank["label"] == "I", "question"].str.casefold()
    assert (~i_q.str.contains("nếu")).sum() >= 50


def test_load_questions_returns_a_fresh_copy(bank):
    first = load_questions()
    first.loc[0, "label"] = "X"
    assert load_questions().loc[0, "label"] == bank.loc[0, "label"]


def test_remove_diacritics():
    assert remove_diacritics("Chị có hay bị đau lưng không ạ?") == "Chi co hay bi dau lung khong a?"
    assert remove_diacritics("ĐƯỜNG Đi") == "DUONG Di"
    nfd = unicodedata.normalize("NFD", "Tiếng Việt")
    assert remove_diacritics(nfd) == "Tieng Viet"
    with pytest.raises(TypeError, match="string"):
        remove_diacritics(3)


# ------------------------------------------------------------------ the classifier
def test_cross_validated_accuracy_beats_the_majority_baseline(stratified, bank):
    n = int(bank["label"].isin(LABELS).sum())
    assert stratified.n_questions == n
    assert stratified.n_splits == 5
    # four nearly balanced classes: always answering the commonest label scores about 1/4
    assert stratified.baseline_accuracy == pytest.approx(
        bank["label"].value_counts()[list(LABELS)].max() / n
    )
    assert stratified.baseline_accuracy < 0.3
    # measured 0.92 with scikit-learn 1.9; 0.80 leaves room for other versions
    assert stratified.accuracy > 0.80
    assert stratified.macro_f1 > 0.80
    assert stratified.accuracy > stratified.baseline_accuracy + 0.4


def test_evaluation_tables_are_consistent(stratified, bank):
    cm = stratified.confusion
    assert list(cm.index) == list(LABELS) and list(cm.columns) == list(LABELS)
    assert cm.to_numpy().sum() == stratified.n_questions
    assert np.trace(cm.to_numpy()) / stratified.n_questions == pytest.approx(stratified.accuracy)
    truth_counts = bank.loc[bank["label"].isin(LABELS), "label"].value_counts()
    assert cm.sum(axis=1).to_dict() == truth_counts.to_dict()
    pc = stratified.per_class
    assert pc["support"].to_dict() == truth_counts.to_dict()
    diag = pd.Series(np.diag(cm.to_numpy()), index=cm.index)
    pd.testing.assert_series_equal(pc["recall"], diag / cm.sum(axis=1), check_names=False)
    pd.testing.assert_series_equal(pc["precision"], diag / cm.sum(axis=0), check_names=False)
    assert stratified.macro_f1 == pytest.approx(pc["f1"].mean())
    pred = stratified.predictions
    assert (pred["correct"] == (pred["predicted"] == pred["label"])).all()
    assert pred["fold"].value_counts().between(95, 110).all()  # five folds of about 101 questions
    assert "ClassifierEvaluation(" in repr(stratified)
    assert stratified.summary()["accuracy"] == round(stratified.accuracy, 3)


def test_evaluation_never_scores_on_training_questions(bank):
    # With shuffled labels there is nothing to learn: out-of-fold accuracy is near chance (1/4),
    # while scoring on the training questions would give almost 1. The standard deviation of the
    # accuracy at p = 0.25 and n = 545 is about 0.02, so 0.40 is many standard deviations away.
    shuffled = bank[bank["label"].isin(LABELS)].copy()
    shuffled["label"] = np.random.default_rng(3).permutation(shuffled["label"].to_numpy())
    result = evaluate_classifier(shuffled, cv=5)
    assert result.accuracy < 0.40
    model = train_classifier(shuffled)
    in_sample = np.mean(
        np.array(classify(shuffled["question"].tolist(), model=model)) == shuffled["label"]
    )
    assert in_sample > 0.9  # the model memorises its training questions


def test_leave_one_category_out(by_category, bank):
    categories = sorted(bank["category"].unique())
    assert by_category.scheme == "leave one category out"
    assert by_category.n_splits == len(categories)
    assert list(by_category.by_group.index) == categories
    pred = by_category.predictions
    # each category is predicted by exactly one model, trained without it
    assert (pred.groupby("category")["fold"].nunique() == 1).all()
    assert pred.groupby("fold")["category"].nunique().eq(1).all()
    assert by_category.by_group["n_questions"].sum() == by_category.n_questions
    assert by_category.accuracy == pytest.approx(
        np.average(by_category.by_group["accuracy"], weights=by_category.by_group["n_questions"])
    )
    # measured 0.96: SPIN cues ("có hay … không", "thì", "sẽ … hơn") do not depend on the product
    assert by_category.accuracy > 0.80
    assert by_category.by_group["accuracy"].min() > 0.6


def test_questions_typed_without_diacritics(stratified):
    plain = evaluate_classifier(test_transform=remove_diacritics)
    # measured 0.90 (0.92 with diacritics): the accent-free features carry the model
    assert plain.accuracy > 0.80
    assert plain.accuracy <= stratified.accuracy + 0.02


def test_other_class_can_be_learned():
    result = evaluate_classifier(labels=ALL_LABELS)
    assert list(result.confusion.index) == list(ALL_LABELS)
    assert result.n_questions == 612
    assert result.per_class.loc["other", "recall"] > 0.6  # measured 0.87
    model = train_classifier(labels=ALL_LABELS)
    assert sorted(model.classes_) == sorted(ALL_LABELS)
    assert classify("Em chốt đơn cho anh luôn nhé?", model=model) == ["other"]


# Hand-written for this test (not in the bank). Each carries the cue that defines its type:
# S asks for a fact about the present, P whether a difficulty exists ("có hay bị … không"),
# I what a difficulty leads to ("… thì … ảnh hưởng / hư hại"), N what the solution would be worth
# ("… sẽ giúp … hơn", "yên tâm hơn").
NEW_QUESTIONS = [
    ("S", "Anh đang dùng máy lọc nước của hãng nào ạ?"),
    ("S", "Bạn thường chạy bộ mấy buổi một tuần?"),
    ("P", "Máy lọc nước nhà anh có hay bị rỉ nước không ạ?"),
    ("P", "Bạn có hay bị đau gối sau khi chạy không?"),
    ("I", "Nếu máy lọc cứ rỉ nước như vậy thì sàn bếp nhà anh có bị hư hại không ạ?"),
    ("I", "Đau gối kéo dài thì việc tập luyện và đi làm của bạn bị ảnh hưởng thế nào?"),
    ("N", "Nếu có máy lọc không rỉ nước thì anh thấy yên tâm hơn thế nào ạ?"),
    ("N", "Một đôi giày êm chân sẽ giúp bạn chạy được xa hơn ra sao?"),
]


def test_new_unambiguous_questions_are_classified_correctly(bank):
    texts = [q for _, q in NEW_QUESTIONS]
    assert not set(texts) & set(bank["question"])
    assert classify(texts) == [label for label, _ in NEW_QUESTIONS]


def test_classify_accepts_strings_lists_series_and_nfd():
    q = NEW_QUESTIONS[2][1]
    assert classify(q) == ["P"]
    assert classify(pd.Series([q, NEW_QUESTIONS[6][1]], index=[10, 20])) == ["P", "N"]
    assert classify((q,)) == classify(np.array([q], dtype=object))
    assert classify(unicodedata.normalize("NFD", q)) == ["P"]
    assert classify(remove_diacritics(q)) == ["P"]
    assert spin._default_model() is spin._default_model()  # trained once, cached


def test_classifier_on_a_users_table_with_other_column_names():
    table = pd.DataFrame(
        {
            "text": [q for _, q in NEW_QUESTIONS] * 2,
            "y": [label for label, _ in NEW_QUESTIONS] * 2,
        }
    )
    model = train_classifier(
        table, question_col="text", label_col="y", classifier="logistic_regression"
    )
    assert sorted(model.classes_) == ["I", "N", "P", "S"]
    assert classify(table["text"].tolist(), model=model) == table["y"].tolist()  # in-sample
    scores = score_questions(table["text"].tolist()[:2], model=model)
    np.testing.assert_allclose(scores[["S", "P", "I", "N"]].sum(axis=1), 1.0)  # probabilities
    result = evaluate_classifier(table, cv=2, question_col="text", label_col="y")
    assert result.n_questions == 16


def test_score_questions_and_top_terms():
    scores = score_questions([q for _, q in NEW_QUESTIONS])
    assert list(scores.columns) == ["question", "label", "S", "P", "I", "N", "margin"]
    assert scores["label"].tolist() == [label for label, _ in NEW_QUESTIONS]
    top = scores[["S", "P", "I", "N"]].to_numpy()
    np.testing.assert_array_equal(
        np.array(["S", "P", "I", "N"])[top.argmax(axis=1)], scores["label"]
    )
    assert (scores["margin"] > 0).all()
    terms = top_terms(n=5)
    assert len(terms) == 20 and list(terms["label"].unique()) == list(LABELS)
    for _, g in terms.groupby("label"):
        assert g["weight"].is_monotonic_decreasing and g["rank"].tolist() == [1, 2, 3, 4, 5]
    words = top_terms(n=10, kind="word")
    assert set(words["kind"]) == {"word"}
    # "thì" (then) introduces the consequence in I questions: far more frequent there than in S
    bank = load_questions()
    share = (
        bank.assign(thi=bank["question"].str.casefold().str.contains(r"\bthì\b"))
        .groupby("label")["thi"]
        .mean()
    )
    assert share["I"] > 0.5 > 0.1 > share["S"]
    assert "thì" in words.loc[words["label"] == "I", "feature"].tolist()


@pytest.mark.parametrize(
    ("questions", "error", "match"),
    [
        ("", ValueError, "blank"),
        ("   ", ValueError, "blank"),
        ([], ValueError, "empty"),
        ([1], TypeError, "not strings"),
        (["Chị dùng máy gì ạ?", None], TypeError, "position 1"),
        (["Chị dùng máy gì ạ?", " \t"], ValueError, r"positions \[1\]"),
        (None, TypeError, "string or a list"),
        (5, TypeError, "string or a list"),
        (pd.DataFrame({"question": ["a"]}), TypeError, "DataFrame"),
        ({"a": 1}, TypeError, "string or a list"),
    ],
    ids=[
        "empty-str",
        "spaces",
        "empty-list",
        "number",
        "none-inside",
        "blank-inside",
        "none",
        "int",
        "frame",
        "dict",
    ],
)
def test_classify_bad_input(questions, error, match):
    with pytest.raises(error, match=match):
        classify(questions)


def test_classify_bad_model():
    with pytest.raises(TypeError, match="fitted classifier"):
        classify("Chị dùng máy gì ạ?", model="my model")


def _table(**cols):
    base = {
        "question": ["Chị dùng máy gì ạ?", "Máy có hay bị nóng không ạ?"] * 3,
        "label": ["S", "P"] * 3,
    }
    base.update(cols)
    return pd.DataFrame(base)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"questions": "not a table"}, InputError, "must be a pandas DataFrame"),
        ({"questions": pd.DataFrame({"question": ["a"]})}, ValueError, "lacks column"),
        ({"questions": pd.DataFrame({"question": [], "label": []})}, ValueError, "empty"),
        ({"questions": _table(label=["S", "P", "X", "S", "P", "S"])}, ValueError, "unknown label"),
        ({"questions": _table(label=["S", "P", None, "S", "P", "S"])}, ValueError, "missing label"),
        ({"questions": _table(question=["a", 3, "b", "c", "d", "e"])}, TypeError, "not strings"),
        ({"questions": _table(question=["a", "  ", "b", "c", "d", "e"])}, ValueError, "blank"),
        ({"questions": _table()}, ValueError, "no question labelled 'I', 'N'"),
        ({"labels": ("S",)}, ValueError, "at least two"),
        ({"labels": ("S", "Q")}, ValueError, "unknown value"),
        ({"labels": ("S", "S", "P")}, ValueError, "repeated"),
        ({"labels": "SPIN"}, TypeError, "tuple of label names"),
        ({"classifier": "random_forest"}, ValueError, "classifier must be one of"),
    ],
    ids=[
        "not-frame", "no-label-col", "empty", "unknown-label", "missing-label", "number-question",
        "blank-question", "absent-label", "one-label", "bad-label", "repeated", "string-labels", "classifier",
    ],
)  # fmt: skip
def test_train_classifier_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        train_classifier(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"cv": 1}, ValueError, "cv must be ≥ 2"),
        ({"cv": 2.5}, TypeError, "whole number"),
        ({"cv": True}, TypeError, "whole number"),
        ({"questions": _table(), "labels": ("S", "P"), "cv": 4}, ValueError, "at least 4 questions per label"),
        ({"leave_out": "province"}, ValueError, "leave_out must name a column"),
        ({"questions": _table(category="phones"), "labels": ("S", "P"), "leave_out": "category"}, ValueError, "single group"),
        ({"test_transform": "strip"}, TypeError, "test_transform"),
    ],
    ids=["cv-1", "cv-float", "cv-bool", "cv-too-large", "leave-out-col", "one-group", "transform"],
)  # fmt: skip
def test_evaluate_classifier_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        evaluate_classifier(**kwargs)


# ------------------------------------------------------------------ sequence features
# sequence, n_questions, n_S, n_P, n_I, n_N, n_other, has_P, has_I, has_N, full_sequence, extra_situation, pattern
HAND = [
    ("S-P-I-N", 4, 1, 1, 1, 1, 0, True, True, True, True, 0, "S-P-I-N"),
    ("S", 1, 1, 0, 0, 0, 0, False, False, False, False, 0, "S"),
    ("S-S-S-S", 4, 4, 0, 0, 0, 0, False, False, False, False, 2, "S"),
    # P comes before the only S: no P after an S, so not the full order
    ("P-S-I-N", 4, 1, 1, 1, 1, 0, True, True, True, False, 0, "P-S-I-N"),
    # S, then the P at position 3, the I at 4, the N at 5: an ordered subsequence
    ("S-I-P-I-N", 5, 1, 1, 2, 1, 0, True, True, True, True, 0, "S-I-P-I-N"),
    ("S-S-P-other-I-N", 6, 2, 1, 1, 1, 1, True, True, True, True, 0, "S-P-I-N"),
    ("N-I-P-S", 4, 1, 1, 1, 1, 0, True, True, True, False, 0, "N-I-P-S"),
    ("S-P-N-I", 4, 1, 1, 1, 1, 0, True, True, True, False, 0, "S-P-N-I"),  # no N after the I
    ("other", 1, 0, 0, 0, 0, 1, False, False, False, False, 0, "(none)"),
    ("", 0, 0, 0, 0, 0, 0, False, False, False, False, 0, "(none)"),
    ("S-S-S-P-P-I", 6, 3, 2, 1, 0, 0, True, True, False, False, 1, "S-P-I"),
    ("s - p - i - n", 4, 1, 1, 1, 1, 0, True, True, True, True, 0, "S-P-I-N"),  # case and spaces
    ("S-S-S-S-S-P-I-N", 8, 5, 1, 1, 1, 0, True, True, True, True, 3, "S-P-I-N"),
    (
        "OTHER-S-other-S",
        4,
        2,
        0,
        0,
        0,
        2,
        False,
        False,
        False,
        False,
        0,
        "S",
    ),  # S-S merged once other goes
]
HAND_COLUMNS = [
    "n_questions", "n_S", "n_P", "n_I", "n_N", "n_other", "has_P", "has_I", "has_N",
    "full_sequence", "extra_situation", "pattern",
]  # fmt: skip


def _expected_features(index=None):
    exp = pd.DataFrame([row[1:] for row in HAND], columns=HAND_COLUMNS, index=index)
    ints = [c for c in HAND_COLUMNS if c.startswith("n_")] + ["extra_situation"]
    return exp.astype({c: np.int64 for c in ints}).astype({"pattern": object})


def test_sequence_features_by_hand():
    chats = pd.DataFrame(
        {"chat_id": [f"c{i}" for i in range(len(HAND))], "spin_sequence": [r[0] for r in HAND]}
    )
    got = sequence_features(chats)
    assert got["chat_id"].tolist() == chats["chat_id"].tolist()
    pd.testing.assert_frame_equal(got.drop(columns="chat_id"), _expected_features())


def test_sequence_features_keeps_the_index_and_accepts_a_series():
    index = pd.Index([100 + 7 * i for i in range(len(HAND))], name="row")
    series = pd.Series([r[0] for r in HAND], index=index)
    got = sequence_features(series)
    pd.testing.assert_frame_equal(got, _expected_features(index))
    dup = sequence_features(pd.Series(["S-P", "I", "S-P"], index=[1, 1, 2]))
    assert dup["n_questions"].tolist() == [2, 1, 2] and dup.index.tolist() == [1, 1, 2]
    other_sep = sequence_features(pd.DataFrame({"seq": ["S>P>I>N"]}), sequence_col="seq", sep=">")
    assert bool(other_sep["full_sequence"].iloc[0]) and "chat_id" not in other_sep.columns


def test_sequence_features_agree_with_the_simulators_purchase_model():
    """The planted logit uses the same features: rebuild it from ours and compare."""
    from ecrm_lab.synth.chats import LABELS as SIM_LABELS
    from ecrm_lab.synth.chats import purchase_probability

    rng = np.random.default_rng(8)
    width = 9
    lengths = rng.integers(1, width + 1, 400)
    codes = np.full((400, width), -1)
    for i, n in enumerate(lengths):
        codes[i, :n] = rng.integers(0, 5, n)
    seqs = ["-".join(SIM_LABELS[c] for c in row if c >= 0) for row in codes]
    effects = {"intercept": -1.0, "has_problem": 0.3, "has_implication": 0.6, "has_need_payoff": 0.9,
               "full_sequence": 1.2, "extra_situation": -0.4}  # fmt: skip
    f = sequence_features(pd.Series(seqs))
    logit = effects["intercept"] + sum(
        effects[t] * f[c].astype(float) for t, c in spin.TERMS.items() if c
    )
    np.testing.assert_allclose(
        1 / (1 + np.exp(-logit)), purchase_probability(codes, effects), rtol=1e-12
    )


@pytest.mark.parametrize(
    ("sequences", "error", "match"),
    [
        (["S-P", "S-X"], InputError, r"\(first bad row 1\): has unknown or empty label\(s\) 'X'"),
        (["S--P"], ValueError, "unknown or empty label"),
        (["S-P-"], ValueError, "unknown or empty label"),
        (["SPIN"], ValueError, "'SPIN'"),
        (["S", None], ValueError, "missing sequence"),
        (["S", np.nan], ValueError, "missing sequence"),
        (["S", 5], InputError, "first bad row 1.*must hold text"),
        ([], ValueError, "empty"),
    ],
    ids=["letter", "empty-label", "trailing-sep", "no-sep", "none", "nan", "number", "no-rows"],
)
def test_sequence_features_bad_sequences(sequences, error, match):
    chats = pd.DataFrame({"spin_sequence": pd.Series(sequences, dtype=object)})
    with pytest.raises(error, match=match):
        sequence_features(chats)


@pytest.mark.parametrize(
    ("table", "kwargs", "error", "match"),
    [
        ("no table", {}, InputError, "must be a pandas DataFrame"),
        (pd.DataFrame({"seq": ["S"]}), {}, ValueError, "lacks column"),
        (pd.DataFrame({"spin_sequence": ["S"]}), {"sep": ""}, ValueError, "sep must be"),
    ],
    ids=["not-frame", "no-column", "empty-sep"],
)
def test_sequence_features_bad_tables(table, kwargs, error, match):
    with pytest.raises(error, match=match):
        sequence_features(table, **kwargs)


# ------------------------------------------------------------------ Wilson interval and outcomes
def test_wilson_interval_by_hand():
    # 8 of 10, z = 1.959964: p = 0.8, z²/n = 0.3841459, denominator 1.3841459,
    # centre = (0.8 + 0.1920729) / 1.3841459 = 0.716740,
    # half = 1.959964 / 1.3841459 · √(0.016 + 3.841459 / 400) = 1.416010 · 0.1600113 = 0.226578
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.716740 - 0.226578, abs=2e-6)
    assert high == pytest.approx(0.716740 + 0.226578, abs=2e-6)
    # 0 of 10: the interval is [0, (z²/n) / (1 + z²/n)] = [0, 0.3841459 / 1.3841459]
    low, high = wilson_interval(0, 10)
    assert low == 0 and high == pytest.approx(0.3841459 / 1.3841459, abs=1e-7)
    # symmetric: k of n mirrors n − k of n
    lo_a, hi_a = wilson_interval(3, 17)
    lo_b, hi_b = wilson_interval(14, 17)
    assert lo_a == pytest.approx(1 - hi_b) and hi_a == pytest.approx(1 - lo_b)


def test_wilson_interval_matches_scipy_on_arrays():
    from scipy.stats import binomtest

    k = np.array([0, 1, 5, 37, 100])
    n = np.array([4, 9, 5, 120, 250])
    low, high = wilson_interval(k, n, ci_level=0.9)
    for i in range(len(k)):
        ci = binomtest(int(k[i]), int(n[i])).proportion_ci(confidence_level=0.9, method="wilson")
        assert low[i] == pytest.approx(ci.low, abs=1e-9) and high[i] == pytest.approx(
            ci.high, abs=1e-9
        )


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((1, 0), {}, ValueError, "n must be ≥ 1"),
        ((5, 4), {}, ValueError, "between 0 and n"),
        ((-1, 4), {}, ValueError, "between 0 and n"),
        ((1, 4), {"ci_level": 1.5}, ValueError, "strictly between"),
        ((1, 4), {"ci_level": "95%"}, TypeError, "number"),
        ((np.nan, 4), {}, ValueError, "finite"),
    ],
    ids=["n-zero", "k-above-n", "k-negative", "level-big", "level-text", "nan"],
)
def test_wilson_interval_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        wilson_interval(*args, **kwargs)


@pytest.fixture()
def hand_chats():
    # patterns: S (3 chats, 1 bought), S-P (2 chats: "S-P" and "S-S-P", 1 bought),
    # S-P-I-N (3 chats, 3 bought: "S-P-I-N", "S-other-P-I-N", "S-P-P-I-N"), (none) (1 chat, "other", 0)
    return pd.DataFrame(
        {
            "chat_id": [f"c{i}" for i in range(9)],
            "spin_sequence": [
                "S",
                "S",
                "S-S",
                "S-P",
                "S-S-P",
                "S-P-I-N",
                "S-other-P-I-N",
                "S-P-P-I-N",
                "other",
            ],
            "purchased": [True, False, False, True, False, True, True, True, False],
        }
    )


def test_sequence_outcomes_by_pattern_by_hand(hand_chats):
    out = sequence_outcomes(hand_chats, min_chats=1)
    assert list(out.columns) == [
        "pattern",
        "n_chats",
        "n_purchases",
        "conversion_rate",
        "ci_low",
        "ci_high",
    ]
    # sorted by number of chats (largest first), ties alphabetically ("S" before "S-P-I-N")
    assert out["pattern"].tolist() == ["S", "S-P-I-N", "S-P", "(none)"]
    assert out["n_chats"].tolist() == [3, 3, 2, 1]
    assert out["n_purchases"].tolist() == [1, 3, 1, 0]
    np.testing.assert_allclose(out["conversion_rate"], [1 / 3, 1, 0.5, 0])
    low, high = wilson_interval(np.array([1, 3, 1, 0]), np.array([3, 3, 2, 1]))
    np.testing.assert_allclose(out["ci_low"], low)
    np.testing.assert_allclose(out["ci_high"], high)
    big = sequence_outcomes(hand_chats, min_chats=3)
    assert big["pattern"].tolist() == ["S", "S-P-I-N"]
    assert big.attrs["n_chats_dropped"] == 3  # the two S-P chats and the "other" chat


def test_sequence_outcomes_by_sequence_and_features(hand_chats):
    seq = sequence_outcomes(hand_chats, by="sequence", min_chats=2)
    assert seq["sequence"].tolist() == ["S"] and seq["n_chats"].tolist() == [2]
    feats = sequence_outcomes(hand_chats, by=["has_N", "full_sequence"], min_chats=1)
    assert list(feats.columns[:2]) == ["feature", "value"]
    # has_N: 6 chats without (1 bought: c0 and c3 → 2 bought), 3 with (3 bought)
    row = feats.set_index(["feature", "value"])
    assert (
        row.loc[("has_N", False), "n_chats"] == 6 and row.loc[("has_N", False), "n_purchases"] == 2
    )
    assert row.loc[("has_N", True), "n_chats"] == 3 and row.loc[("has_N", True), "n_purchases"] == 3
    assert row.loc[("full_sequence", True), "n_chats"] == 3
    by_s = sequence_outcomes(hand_chats, by="n_S", min_chats=1)
    assert by_s["n_S"].tolist() == [0, 1, 2]  # feature values in increasing order
    assert by_s["n_chats"].tolist() == [1, 6, 2]
    ints = hand_chats.assign(purchased=hand_chats["purchased"].astype(int))
    pd.testing.assert_frame_equal(
        sequence_outcomes(ints, min_chats=1), sequence_outcomes(hand_chats, min_chats=1)
    )


@pytest.mark.parametrize(
    ("change", "kwargs", "error", "match"),
    [
        ({}, {"by": "colour"}, ValueError, "by must be"),
        ({}, {"by": ["has_N", "pattern"]}, ValueError, "feature columns only"),
        ({}, {"by": []}, ValueError, "by must be"),
        ({}, {"min_chats": 0}, ValueError, "min_chats"),
        ({"purchased": [True, None] * 4 + [False]}, {}, ValueError, "missing value"),
        ({"purchased": ["yes", "no"] * 4 + ["no"]}, {}, InputError, "purchased .*True/False"),
        ({"purchased": [2, 0] * 4 + [1]}, {}, InputError, "first bad row 0.*True/False"),
    ],
    ids=[
        "by",
        "by-list-pattern",
        "by-empty",
        "min-chats",
        "purchased-missing",
        "purchased-text",
        "purchased-2",
    ],
)
def test_sequence_outcomes_bad_input(hand_chats, change, kwargs, error, match):
    chats = hand_chats.assign(**{k: pd.Series(v, dtype=object) for k, v in change.items()})
    with pytest.raises(error, match=match):
        sequence_outcomes(chats, **kwargs)


def test_sequence_outcomes_needs_the_purchase_column(hand_chats):
    with pytest.raises(ValueError, match="lacks column"):
        sequence_outcomes(hand_chats.drop(columns="purchased"))


# ------------------------------------------------------------------ the logistic regression
def _loglik(beta, X, y):
    eta = X @ beta
    return np.sum(y * eta - np.logaddexp(0, eta))


def test_fit_matches_an_independent_maximum_likelihood_fit():
    from sklearn.linear_model import LogisticRegression

    from ecrm_lab import load_vietshop

    chats = load_vietshop().sales_chats
    effects = fit_sequence_effects(chats)
    assert list(effects.index) == list(spin.TERMS)
    f = sequence_features(chats)
    X = f[list(spin.FEATURES)].to_numpy(dtype=float)
    y = chats["purchased"].to_numpy(dtype=float)
    sk = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(effects["estimate"], [sk.intercept_[0], *sk.coef_[0]], atol=1e-4)
    # standard errors from a finite-difference Hessian of the log-likelihood
    Xc = np.column_stack([np.ones(len(y)), X])
    beta = effects["estimate"].to_numpy()
    h = 1e-4
    k = len(beta)
    H = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            ei, ej = np.eye(k)[i] * h, np.eye(k)[j] * h
            H[i, j] = (
                _loglik(beta + ei + ej, Xc, y) - _loglik(beta + ei - ej, Xc, y)
                - _loglik(beta - ei + ej, Xc, y) + _loglik(beta - ei - ej, Xc, y)
            ) / (4 * h * h)  # fmt: skip
    np.testing.assert_allclose(effects["std_error"], np.sqrt(np.diag(np.linalg.inv(-H))), rtol=1e-3)
    np.testing.assert_allclose(effects["ci_high"] - effects["estimate"], Z95 * effects["std_error"])
    np.testing.assert_allclose(effects["odds_ratio"], np.exp(effects["estimate"]))
    assert effects.attrs["n_chats"] == len(chats)
    assert effects.attrs["log_likelihood"] == pytest.approx(_loglik(beta, Xc, y))


@pytest.mark.slow
def test_fit_recovers_the_planted_spin_effects():
    from ecrm_lab.synth import ShopConfig, simulate

    shop = simulate(ShopConfig(n_customers=20_000), rng=2025)
    chats = shop.sales_chats
    assert len(chats) > 9_000  # measured 10.8k–11.4k chats at this size
    comparison = compare_with_truth(fit_sequence_effects(chats), shop.truth_params)
    planted = shop.truth_params.set_index("parameter")["value"]
    assert comparison["true_value"].tolist() == [planted[f"spin_{t}"] for t in spin.TERMS]
    # each estimate within 3 standard errors (a 0.3 % miss per term if the model is right)
    assert (comparison["error_in_se"].abs() < 3).all(), comparison
    assert comparison["std_error"].max() < 0.12  # enough chats to pin every effect down


def test_compare_with_truth_by_hand():
    effects = pd.DataFrame(
        {
            "estimate": [0.5, -0.2],
            "std_error": [0.1, 0.05],
            "ci_low": [0.3, -0.3],
            "ci_high": [0.7, -0.1],
        },
        index=pd.Index(["has_problem", "extra_situation"], name="term"),
    )
    truth = pd.DataFrame(
        {"parameter": ["spin_extra_situation", "spin_has_problem", "x"], "value": [-0.35, 0.6, 1]}
    )
    out = compare_with_truth(effects, truth)
    np.testing.assert_allclose(out["true_value"], [0.6, -0.35])
    np.testing.assert_allclose(out["error"], [-0.1, 0.15])
    np.testing.assert_allclose(out["error_in_se"], [-1.0, 3.0])
    assert out["covered"].tolist() == [True, False]  # -0.35 is below -0.3
    with pytest.raises(ValueError, match="no row"):
        compare_with_truth(effects, truth, prefix="tv_")
    with pytest.raises(ValueError, match="lacks column"):
        compare_with_truth(effects.drop(columns="std_error"), truth)


def _chats(pairs):
    seqs, bought = zip(*pairs, strict=True)
    return pd.DataFrame({"spin_sequence": list(seqs), "purchased": list(bought)})


@pytest.mark.parametrize(
    ("chats", "match"),
    [
        (
            _chats([("S-P-I-N", True), ("S-P", True), ("P", True)]),
            "every chat in sales_chats bought",
        ),
        (
            _chats([("S-P-I-N", True), ("P-I", False), ("P-N", True), ("S-P-I", False)] * 5),
            "has_P is the same",
        ),
        # has_N predicts the purchase perfectly: the likelihood has no maximum
        (
            _chats(
                [
                    ("S-N", True),
                    ("S", False),
                    ("P-I-N", True),
                    ("S-P-I", False),
                    ("N", True),
                    ("P", False),
                    ("S-P-I-N", True),
                    ("S-S-S", False),
                    ("I", False),
                    ("S-S-S-N", True),
                ]
                * 3
            ),
            "did not converge",
        ),  # fmt: skip
        # has_P and has_I are equal in every chat; every feature varies and both outcomes occur
        (
            _chats(
                [
                    (s, b)
                    for s in ["S-P-I", "S-S-S-N", "S-P-I-N", "S", "S-S-S-P-I"]
                    for b in (True, False)
                ]
            ),
            "collinear",
        ),  # fmt: skip
    ],
    ids=["all-bought", "constant-feature", "separation", "collinear"],
)
def test_fit_sequence_effects_bad_input(chats, match):
    with pytest.raises(ValueError, match=match):
        fit_sequence_effects(chats)


def test_fit_sequence_effects_bad_ci_level(hand_chats):
    with pytest.raises(ValueError, match="ci_level"):
        fit_sequence_effects(hand_chats, ci_level=95)
    with pytest.raises(ValueError, match="ci_level"):
        sequence_outcomes(hand_chats, ci_level=0)


# ------------------------------------------------------------------ plots
def test_plots_draw_and_refuse_bad_tables(stratified, hand_chats):
    import matplotlib.pyplot as plt

    ax = spin.plot_confusion_matrix(stratified)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(LABELS)
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == str(stratified.confusion.iloc[0, 0])
    ax = spin.plot_confusion_matrix(stratified.confusion, normalize=True, lang="en")
    assert ax.get_ylabel() == "True label" and ax.texts[0].get_text().endswith("%")
    with pytest.raises(TypeError, match="confusion-matrix DataFrame"):
        spin.plot_confusion_matrix(np.eye(2))
    with pytest.raises(ValueError, match="square"):
        spin.plot_confusion_matrix(pd.DataFrame([[1, 2, 3]]))
    out = sequence_outcomes(hand_chats, min_chats=1)
    ax = spin.plot_conversion_rates(out, lang="vi")
    assert len(ax.get_yticklabels()) == len(out)
    feats = sequence_outcomes(hand_chats, by=["has_N"], min_chats=1)
    ax = spin.plot_conversion_rates(feats, lang="vi")
    assert {t.get_text() for t in ax.get_yticklabels()} == {
        "có câu hỏi N: không  (n=6)",
        "có câu hỏi N: có  (n=3)",
    }
    with pytest.raises(ValueError, match="empty"):
        spin.plot_conversion_rates(out.iloc[:0])
    effects = pd.DataFrame(
        {
            "estimate": [-1.0, 0.5],
            "ci_low": [-1.2, 0.3],
            "ci_high": [-0.8, 0.7],
            "true_value": [-1.1, 0.6],
        },
        index=pd.Index(["intercept", "has_problem"], name="term"),
    )
    ax = spin.plot_effects(effects, lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "has a P question"
    ]  # intercept left out
    assert len(ax.collections) >= 1  # the true values
    with pytest.raises(ValueError, match="lacks column"):
        spin.plot_effects(effects.drop(columns="ci_low"))
    plt.close("all")


# ------------------------------------------------------------------ module hygiene
def test_import_is_light_and_the_module_does_not_use_the_simulator():
    code = "import sys, ecrm_lab.spin; print(sorted(m for m in ('sklearn', 'matplotlib', 'scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    files = sorted((ROOT / "ecrm_lab" / "spin").glob("*.py"))
    assert {f.name for f in files} >= {"__init__.py", "bank.py", "classifier.py", "sequences.py"}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if re.search(r"synth", m)], path.name
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 800, path.name


def test_public_names_are_listed():
    assert set(spin.__all__) <= set(dir(spin))


# ------------------------------------------------------------------ interval level, duplicates, reference
def test_plots_name_the_interval_level_they_draw(hand_chats):
    import matplotlib.pyplot as plt

    out90 = sequence_outcomes(hand_chats, min_chats=1, ci_level=0.9)
    out95 = sequence_outcomes(hand_chats, min_chats=1)
    assert out90.attrs["ci_level"] == 0.9
    # a 90 % interval is strictly inside the 95 % one wherever the rate is not 0 or 1
    inner = (out95["conversion_rate"] > 0) & (out95["conversion_rate"] < 1)
    assert (out90.loc[inner, "ci_low"] > out95.loc[inner, "ci_low"]).all()
    ax = spin.plot_conversion_rates(out90, lang="en")
    assert ax.get_xlabel() == "Share of chats ending in an order (90 % interval)"
    ax = spin.plot_conversion_rates(out90, lang="vi")
    assert "khoảng tin cậy 90 %" in ax.get_xlabel() and "95" not in ax.get_xlabel()
    ax = spin.plot_conversion_rates(out95, lang="en", ci_level=0.8)  # an explicit level wins
    assert "80 % interval" in ax.get_xlabel()
    unknown = out90.copy()
    unknown.attrs = {}
    assert spin.plot_conversion_rates(unknown, lang="en").get_xlabel() == (
        "Share of chats ending in an order (interval)"
    )
    effects = pd.DataFrame(
        {"estimate": [0.5], "ci_low": [0.3], "ci_high": [0.7]},
        index=pd.Index(["has_problem"], name="term"),
    )
    effects.attrs["ci_level"] = 0.99
    ax = spin.plot_effects(effects, lang="en")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["estimate (99 % CI)"]
    ax = spin.plot_effects(effects, lang="vi", ci_level=0.9)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ước lượng (KTC 90 %)"]
    plt.close("all")


def test_fitted_effects_carry_their_level_to_the_plot():
    import matplotlib.pyplot as plt

    from ecrm_lab import load_vietshop

    shop = load_vietshop()
    effects = fit_sequence_effects(shop.sales_chats, ci_level=0.8)
    assert effects.attrs["ci_level"] == 0.8
    np.testing.assert_allclose(
        effects["ci_high"] - effects["estimate"], 1.2815515655446004 * effects["std_error"]
    )
    comparison = compare_with_truth(effects, shop.truth_params)
    ax = spin.plot_effects(comparison, lang="en")
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert legend == {"estimate (80 % CI)", "true value (simulator)"}
    plt.close("all")


def test_duplicated_chats_are_refused_not_counted_twice(hand_chats):
    doubled = pd.concat([hand_chats, hand_chats.iloc[[3]]])
    for call in (
        lambda t: sequence_outcomes(t, min_chats=1),
        lambda t: fit_sequence_effects(t),
    ):
        with pytest.raises(InputError) as info:
            call(doubled)
        assert info.value.table == "sales_chats" and info.value.column == "chat_id"
        assert "drop_duplicates" in info.value.fix
    missing = hand_chats.assign(chat_id=[None] + [f"c{i}" for i in range(1, 9)])
    with pytest.raises(InputError, match="missing id"):
        sequence_outcomes(missing, min_chats=1)
    # without an id column every row is one chat (documented): the extra row counts
    no_ids = doubled.drop(columns="chat_id")
    out = sequence_outcomes(no_ids, by="pattern", min_chats=1).set_index("pattern")
    assert out.loc["S-P", "n_chats"] == 3
    out = sequence_outcomes(doubled, by="pattern", min_chats=1, id_col=None).set_index("pattern")
    assert out.loc["S-P", "n_chats"] == 3


def test_effects_name_their_reference_level_and_wald_p_values():
    from scipy.stats import norm

    from ecrm_lab import load_vietshop

    effects = fit_sequence_effects(load_vietshop().sales_chats)
    assert effects.loc["has_problem", "reference"] == "has_P = False"
    assert effects.loc["has_need_payoff", "reference"] == "has_N = False"
    assert "at most 2 S questions" in effects.loc["intercept", "reference"]
    z = effects["estimate"] / effects["std_error"]
    np.testing.assert_allclose(effects["p_value"], 2 * norm.sf(np.abs(z)), rtol=1e-8)


def test_plots_draw_the_numbers_of_their_table(hand_chats):
    import matplotlib.pyplot as plt

    out = sequence_outcomes(hand_chats, by="pattern", min_chats=1)
    ax = spin.plot_conversion_rates(out, lang="en")
    container = ax.containers[0]  # the errorbar: points, caps, bars
    points = container.lines[0]
    np.testing.assert_allclose(points.get_xdata(), out["conversion_rate"])
    # the first group is drawn at the top: y positions count down
    np.testing.assert_allclose(points.get_ydata(), np.arange(len(out))[::-1])
    segments = container.lines[2][0].get_segments()
    np.testing.assert_allclose([s[0][0] for s in segments], out["ci_low"])
    np.testing.assert_allclose([s[1][0] for s in segments], out["ci_high"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [f"{p}  (n={n})" for p, n in zip(out["pattern"], out["n_chats"], strict=True)]

    effects = pd.DataFrame(
        {
            "estimate": [-1.0, 0.5, -0.2],
            "ci_low": [-1.2, 0.3, -0.5],
            "ci_high": [-0.8, 0.7, 0.1],
            "true_value": [-1.1, 0.6, -0.3],
        },
        index=pd.Index(["intercept", "has_problem", "extra_situation"], name="term"),
    )
    ax = spin.plot_effects(effects, lang="en")
    container = ax.containers[0]
    np.testing.assert_allclose(container.lines[0].get_xdata(), [0.5, -0.2])  # intercept left out
    segments = container.lines[2][0].get_segments()
    np.testing.assert_allclose([(s[0][0], s[1][0]) for s in segments], [(0.3, 0.7), (-0.5, 0.1)])
    diamonds = ax.collections[-1].get_offsets()
    np.testing.assert_allclose(np.asarray(diamonds)[:, 0], [0.6, -0.3])
    plt.close("all")
