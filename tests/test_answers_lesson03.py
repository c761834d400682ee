"""Expected answers of notebook 03 (SPIN selling), on a tiny hand-built shop."""

from __future__ import annotations

import csv

import numpy as np
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


def _priced_shop(effects: dict[str, float], n: int = 6_000, seed: int = 3) -> ShopData:
    """Chats about a cheap (50 000 ₫) or a dear (400 000 ₫) product, with purchases drawn from a
    logistic model whose P/I/N effects in the dear chats are ``effects``; the cheap chats have
    the opposite ranking, so looking at all chats (or at the wrong ones) gives another answer."""
    rng = np.random.default_rng(seed)
    seqs, products, bought = [], [], []
    cheap = {k: v for k, v in zip(effects, list(effects.values())[::-1], strict=True)}
    for _ in range(n):
        has = {t: bool(rng.random() < 0.5) for t in "PIN"}
        n_s = int(rng.integers(0, 5))  # 3 or 4 S questions: extra_situation varies
        seq = ["S"] * n_s + [t for t in "PIN" if has[t]]
        dear = bool(rng.random() < 0.5)
        eff = effects if dear else cheap
        logit = -1.0 + sum(eff[t] for t in "PIN" if has[t])
        seqs.append("-".join(seq))
        products.append("DEAR" if dear else "CHEAP")
        bought.append(bool(rng.random() < 1 / (1 + np.exp(-logit))))
    chats = pd.DataFrame(
        {
            "chat_id": [f"CH{i}" for i in range(n)],
            "product_id": products,
            "spin_sequence": seqs,
            "purchased": bought,
        }
    )
    products = pd.DataFrame({"product_id": ["CHEAP", "DEAR"], "price": [50_000, 400_000]})
    return ShopData({"sales_chats": chats, "products": products})


def test_ex_03_3_recovers_the_strongest_type_in_the_dear_chats():
    # planted in the dear chats: N strongest; in the cheap chats the order is reversed (P strongest)
    shop = _priced_shop({"P": 0.1, "I": 0.5, "N": 1.5})
    assert lesson03.ex_03_3(shop) == "N"
    # the threshold matters: the cheap chats alone give their own ranking
    cheap_only = ShopData(
        {
            "sales_chats": shop.sales_chats[shop.sales_chats["product_id"] == "CHEAP"],
            "products": shop.products,
        }
    )
    assert lesson03.ex_03_3(cheap_only, min_price=0) == "P"
    # plant I as the strongest in the dear chats: the answer follows
    assert lesson03.ex_03_3(_priced_shop({"P": 0.2, "I": 1.4, "N": 0.3})) == "I"


def test_chat_prices_maps_each_chat_to_its_product_price():
    shop = _priced_shop({"P": 0.1, "I": 0.5, "N": 1.5}, n=20)
    prices = lesson03.chat_prices(shop)
    assert prices.index.equals(shop.sales_chats.index)
    expected = shop.sales_chats["product_id"].map({"CHEAP": 50_000.0, "DEAR": 400_000.0})
    assert prices.tolist() == expected.tolist()


def test_ex_03_4_is_a_choice_explaining_every_wrong_option():
    spec = lesson03.ex_03_4()
    assert spec.correct == "B"
    assert spec.options == ("A", "B", "C", "D")
    assert all(len(why) > 40 for why in spec.why.values())


def test_lesson03_answers_agree_with_the_spin_module_on_the_frozen_data():
    from ecrm_lab import load_vietshop, spin

    data = load_vietshop()
    features = spin.sequence_features(data.sales_chats)
    assert lesson03.ex_03_2(data) == pytest.approx(
        data.sales_chats.loc[features["has_N"], "purchased"].mean()
    )
    # 03.3: the same regression by hand on the dear chats
    prices = data.sales_chats["product_id"].map(data.products.set_index("product_id")["price"])
    dear = data.sales_chats[prices >= lesson03.EX_03_3_MIN_PRICE]
    assert 0 < len(dear) < len(data.sales_chats)
    est = spin.fit_sequence_effects(dear)["estimate"]
    letters = {"has_problem": "P", "has_implication": "I", "has_need_payoff": "N"}
    assert lesson03.ex_03_3(data) == letters[est[list(letters)].idxmax()]
