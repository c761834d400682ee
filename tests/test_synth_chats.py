"""Sales chats: one product per chat, messages that fit it, and the planted SPIN × price truth."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest

from ecrm_lab.synth import ShopConfig, chat_text, simulate
from ecrm_lab.synth.catalog import SUBCATEGORIES
from ecrm_lab.synth.chats import (
    _CATEGORY_CODE,
    format_price,
    make_chats,
    product_name,
    purchase_probability,
)


@pytest.fixture(scope="module")
def shop():
    return simulate(ShopConfig.preset("small"), rng=20_251_231)


@pytest.fixture(scope="module")
def bank():
    from ecrm_lab.spin import load_questions

    return load_questions()


def _conversation(shop):
    """Messages with their chat's product, category and the slots the templates were filled with."""
    chats = shop.sales_chats.set_index("chat_id")
    prod = shop.products.set_index("product_id")
    m = shop.chat_messages.join(chats[["product_id", "category", "customer_id"]], on="chat_id")
    m["product"] = (
        product_name(prod.reset_index()).set_axis(prod.index).reindex(m["product_id"]).to_numpy()
    )
    m["price"] = format_price(prod["price"].reindex(m["product_id"]).to_numpy())
    return m


def test_format_price_and_product_name_by_hand():
    assert list(format_price([1_450_000, 65_000])) == ["1.450.000đ", "65.000đ"]
    products = pd.DataFrame(
        {"subcategory": ["Nồi chiên không dầu", "Laptop"], "brand": ["Sen Home", "Mây Tech"]}
    )
    assert list(product_name(products)) == ["nồi chiên không dầu Sen Home", "laptop Mây Tech"]


def test_every_subcategory_has_a_product_noun_and_every_category_replies():
    assert {s[1] for s in SUBCATEGORIES} <= set(chat_text.PRODUCT_NOUN)
    codes = set(_CATEGORY_CODE.values())
    assert codes == set(chat_text.REPLIES)
    for code in codes:
        assert set(chat_text.REPLIES[code]) == {"S", "P", "I", "N"}
        for templates in chat_text.REPLIES[code].values():
            assert len(templates) >= 3 and len(set(templates)) == len(templates)
            assert all(unicodedata.normalize("NFC", t) == t for t in templates)


def test_a_chat_is_about_one_product_and_its_category(shop):
    chats, products = shop.sales_chats, shop.products.set_index("product_id")
    assert chats["product_id"].notna().all()
    assert chats["product_id"].isin(products.index).all()
    code = products["category"].astype(str).map(_CATEGORY_CODE)
    assert (
        chats["category"].astype(str).to_numpy() == code.reindex(chats["product_id"]).to_numpy()
    ).all()
    # the opener names the product
    m = _conversation(shop)
    first = m[m["turn"] == 1]
    assert [p in t for p, t in zip(first["product"], first["text"], strict=True)] == [True] * len(
        first
    )


def test_every_seller_question_belongs_to_the_chat_category(shop, bank):
    m = shop.chat_messages.join(shop.sales_chats.set_index("chat_id")["category"], on="chat_id")
    seller = m[m["speaker"] == "seller"]
    cat_of = bank.drop_duplicates("question").set_index("question")["category"]
    label_of = bank.drop_duplicates("question").set_index("question")["label"]
    assert seller["text"].isin(cat_of.index).all()  # verbatim bank questions
    q_cat = cat_of.reindex(seller["text"]).to_numpy()
    assert ((q_cat == seller["category"].astype(str).to_numpy()) | (q_cat == "general")).all()
    assert (
        label_of.reindex(seller["text"]).to_numpy() == seller["spin_label"].astype(str).to_numpy()
    ).all()
    # and most SPIN questions are the category's own, not general ones (planted: 4 in 5)
    spin = seller["spin_label"].astype(str).isin(["S", "P", "I", "N"]).to_numpy()
    assert (q_cat[spin] != "general").mean() == pytest.approx(0.8, abs=0.03)


def test_replies_answer_their_question_type(shop):
    m = _conversation(shop).sort_values(["chat_id", "turn"]).reset_index(drop=True)
    gender = shop.customers.set_index("customer_id")["gender"].astype(str)
    g = m["customer_id"].map(gender)
    me = np.where(g == "female", "chị", np.where(g == "male", "anh", "mình"))
    prev = m.groupby("chat_id")["spin_label"].shift(1)
    prev_speaker = m.groupby("chat_id")["speaker"].shift(1)
    replies = m[(m["speaker"] == "shopper") & (prev_speaker == "seller")]
    assert len(replies) == (m["speaker"] == "seller").sum()
    wrong = 0
    for i, row in replies.iterrows():
        label = prev[i]
        pool = (
            chat_text.OTHER_REPLIES
            if label == "other"
            else chat_text.REPLIES[row["category"]][label]
        )
        slots = {
            "product": row["product"],
            "price": row["price"],
            "me": me[i],
            "Me": me[i].capitalize(),
        }
        options = {t.format(**slots) for t in pool}
        wrong += row["text"] not in options
    assert wrong == 0
    # a reply of one type is never a template of another type of the same category
    for code, by_type in chat_text.REPLIES.items():
        texts = [t for pool in by_type.values() for t in pool]
        assert len(texts) == len(set(texts)), code


def test_purchased_chats_lead_to_an_order_with_that_product(shop):
    bought = shop.sales_chats[shop.sales_chats["purchased"]]
    sub = shop.products.set_index("product_id")["subcategory"]
    items = shop.order_items[shop.order_items["order_id"].isin(bought["order_id"])]
    pairs = set(zip(items["order_id"], items["product_id"], strict=True))
    sub_pairs = set(zip(items["order_id"], items["product_id"].map(sub), strict=True))
    exact = np.mean(
        [(o, p) in pairs for o, p in zip(bought["order_id"], bought["product_id"], strict=True)]
    )
    same_sub = np.mean(
        [
            (o, sub[p]) in sub_pairs
            for o, p in zip(bought["order_id"], bought["product_id"], strict=True)
        ]
    )
    assert exact > 0.8 and same_sub > 0.95  # measured 0.86 and 0.97 on the frozen world
    closing = shop.chat_messages.groupby("chat_id").tail(1).set_index("chat_id")["text"]
    closes = set(chat_text.CLOSERS[True]) | set(chat_text.CLOSERS[False])
    assert closing.size == len(shop.sales_chats) and len(closes) > 0


def test_purchase_probability_with_price_by_hand():
    e = ShopConfig().spin_effects
    g = ShopConfig().spin_price_effects
    seqs = np.array([[0, 1, 2, 3], [0, 0, -1, -1]])
    z = np.array([np.log(2.0), np.log(0.5)])
    p = purchase_probability(seqs, e, log_price=z, price_effects=g)
    logit = np.log(p / (1 - p))
    base = (
        e["intercept"]
        + e["has_problem"]
        + e["has_implication"]
        + e["has_need_payoff"]
        + e["full_sequence"]
    )
    grow = g["log_price"] + g["has_problem"] + g["has_implication"] + g["has_need_payoff"]
    assert logit[0] == pytest.approx(base + np.log(2.0) * grow)
    assert logit[1] == pytest.approx(e["intercept"] + np.log(0.5) * g["log_price"])
    # without prices the model is the plain SPIN model
    assert purchase_probability(seqs, e)[1] == pytest.approx(1 / (1 + np.exp(-e["intercept"])))


def test_truth_records_the_price_interaction(shop):
    truth = shop.truth_params.set_index("parameter")["value"]
    cfg = ShopConfig.preset("small")
    assert truth["spin_reference_price"] == cfg.spin_reference_price
    for k, v in cfg.spin_price_effects.items():
        assert truth[f"spin_price_{k}"] == v


def test_the_planted_spin_by_price_interaction_is_recovered(shop):
    import statsmodels.api as sm

    # a larger set of chats from the frozen world: every order placed through chat (≈ 34k chats)
    cfg = ShopConfig.preset("small")
    chats = make_chats(
        cfg,
        shop.customers,
        shop.orders.assign(channel="chat"),
        shop.order_items,
        shop.products,
        shop.prospects,
        rng=np.random.default_rng(7),
    )["sales_chats"]
    assert len(chats) > 20_000
    s = chats["spin_sequence"].str.split("-")
    price = shop.products.set_index("product_id")["price"].reindex(chats["product_id"]).to_numpy()
    z = np.log(price / cfg.spin_reference_price)
    x = pd.DataFrame(
        {
            "has_problem": s.map(lambda q: "P" in q),
            "has_implication": s.map(lambda q: "I" in q),
            "has_need_payoff": s.map(lambda q: "N" in q),
            "full_sequence": chats["spin_sequence"].str.contains("S.*P.*I.*N"),
            "extra_situation": s.map(lambda q: max(q.count("S") - 2, 0)),
        }
    ).astype(float)
    x["log_price"] = z
    for k in ("has_problem", "has_implication", "has_need_payoff"):
        x[f"{k}_x_log_price"] = x[k] * z
    fit = sm.Logit(chats["purchased"].astype(float), sm.add_constant(x)).fit(disp=0)
    planted = {
        "const": cfg.spin_effects["intercept"],
        **{k: v for k, v in cfg.spin_effects.items() if k != "intercept"},
    }
    planted["log_price"] = cfg.spin_price_effects["log_price"]
    for k in ("has_problem", "has_implication", "has_need_payoff"):
        planted[f"{k}_x_log_price"] = cfg.spin_price_effects[k]
    err = (fit.params - pd.Series(planted)) / fit.bse
    assert (err.abs() < 3.5).all(), pd.DataFrame({"est": fit.params, "se": fit.bse, "z": err})
    # the interactions are pinned down well enough to tell a student something
    inter = [f"{k}_x_log_price" for k in ("has_problem", "has_implication", "has_need_payoff")]
    assert (fit.bse[inter] < 0.1).all()
    assert fit.params["has_need_payoff_x_log_price"] > 0.15


def test_bank_is_large_varied_and_well_formed(bank):
    assert len(bank) >= 600
    assert bank["question_id"].is_unique and bank["question"].is_unique
    assert set(bank["label"]) == {"S", "P", "I", "N", "other"}
    assert set(_CATEGORY_CODE.values()) <= set(bank["category"])
    assert all(unicodedata.normalize("NFC", q) == q and q == q.strip() for q in bank["question"])
    per = bank[bank["category"] != "general"].groupby(["category", "label"]).size()
    assert per.min() >= 4


def test_classifier_accuracy_on_the_bank_is_at_least_085(bank):
    from ecrm_lab.spin import evaluate_classifier

    result = evaluate_classifier(bank, cv=5)
    assert result.accuracy >= 0.85


@pytest.mark.parametrize("seed", [1, 3])
def test_the_smallest_world_has_valid_marketing_and_chats(seed):
    # one customer: seed 1 gives no chat at all, seed 3 a few (zero rows must not crash)
    d = simulate(ShopConfig(n_customers=1, n_products=20), rng=seed)
    assert d.prospects["customer_id"].notna().sum() == 1
    assert (d.marketing_spend["spend"] >= 0).all()
    assert d.chat_messages["chat_id"].isin(d.sales_chats["chat_id"]).all()
    assert d.sales_chats["product_id"].isin(d.products["product_id"]).all()


def test_chats_when_every_prospect_buys():
    # conversion 1 everywhere and no TV: there is no lost prospect to chat with, only customers
    cfg = ShopConfig(
        n_customers=30,
        n_products=20,
        conversion_rate=dict.fromkeys(ShopConfig().conversion_rate, 1.0),
        tv_budget_share=0.0,
    )
    d = simulate(cfg, rng=3)
    assert d.prospects["customer_id"].notna().all()
    assert len(d.sales_chats) > 0 and d.sales_chats["customer_id"].notna().all()
