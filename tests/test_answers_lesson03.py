"""Expected answers of notebook 03 (SPIN selling), on a tiny hand-built shop."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import ROOT

from ecrm_lab.answers import lesson03
from ecrm_lab.shopdata import ShopData


def _shop() -> ShopData:
    chats = pd.DataFrame(
        {
            "chat_id": [f"CH{i}" for i in range(1, 10)],
            "spin_sequence": [
                "S-P-I-N",  # CH1 bought; pattern S-P-I-N
                "S-N",  # CH2 no
                "N-other",  # CH3 bought; pattern N
                "S-S",  # CH4 no; pattern S
                "P",  # CH5 bought
                "other",  # CH6 no; pattern (none)
                "S-P-I-N",  # CH7 bought
                "S-S-P-other-P-I",  # CH8 no; pattern S-P-I (other dropped, repeats merged)
                "S-P-I",  # CH9 bought
            ],
            "purchased": [True, False, True, False, True, False, True, False, True],
        }
    )
    return ShopData({"sales_chats": chats})


def test_ex_03_1_labels_come_from_the_bank():
    with open(ROOT / "ecrm_lab" / "data" / "spin_questions.csv", encoding="utf-8", newline="") as f:
        labels = {row["question_id"]: row["label"] for row in csv.DictReader(f)}
    answer = lesson03.ex_03_1(_shop())
    assert answer == [labels[q] for q in lesson03.EX_03_1_IDS]
    # read by hand in the bank: hăm đỏ (P), hầm xương 30 phút (N), thay pin (S), bỏ lỡ cuộc gọi (I),
    # ai trông bé (S), bé giật mình thức giấc (I)
    assert answer == ["P", "N", "S", "I", "S", "I"]
    assert lesson03.ex_03_1() == answer  # the shop does not matter


def test_ex_03_2_purchase_rate_with_a_need_payoff_question():
    # chats with an N: CH1 (bought), CH2 (no), CH3 (bought), CH7 (bought) → 3 / 4
    assert lesson03.ex_03_2(_shop()) == pytest.approx(0.75)


def test_ex_03_3_best_pattern_by_hand():
    shop = _shop()
    # patterns with ≥ 2 chats: S-P-I-N (CH1, CH7: 2/2) and S-P-I (CH8, CH9: 1/2)
    assert lesson03.ex_03_3(shop, min_chats=2) == "S-P-I-N"
    # with single chats allowed, N (CH3), P (CH5) and S-P-I-N all have rate 1: alphabetical tie-break
    assert lesson03.ex_03_3(shop, min_chats=1) == "N"


def test_lesson03_answers_agree_with_the_spin_module_on_the_frozen_data():
    from ecrm_lab import load_vietshop, spin

    data = load_vietshop()
    features = spin.sequence_features(data.sales_chats)
    assert lesson03.ex_03_2(data) == pytest.approx(
        data.sales_chats.loc[features["has_N"], "purchased"].mean()
    )
    outcomes = spin.sequence_outcomes(data.sales_chats, by="pattern", min_chats=30)
    best = outcomes.loc[outcomes["conversion_rate"].idxmax(), "pattern"]
    assert lesson03.ex_03_3(data) == best
