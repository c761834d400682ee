"""Expected answers for ``03_spin_selling``.

The chat answers of 03.2 are computed with plain pandas from ``sales_chats`` (not with
:mod:`ecrm_lab.spin`), so that check also cross-checks the module the notebook uses. 03.3 fits the
regression of :func:`ecrm_lab.spin.fit_sequence_effects` (a regression is not worth re-implementing
here); its test recovers the planted strongest type on hand-built shops.
"""

from __future__ import annotations

import pandas as pd

from ..shopdata import ShopData

__all__ = [
    "EX_03_1_IDS",
    "EX_03_3_MIN_PRICE",
    "chat_prices",
    "ex_03_1",
    "ex_03_2",
    "ex_03_3",
    "ex_03_4",
]

#: Bank questions the student labels by hand in exercise 03.1, in the order shown in the notebook.
EX_03_1_IDS: tuple[str, ...] = ("q0254", "q0140", "q0012", "q0030", "q0250", "q0131")


def _labels(data: ShopData) -> pd.Series:
    """The seller's question labels of every chat, as lists ('S-P-other' → ['S', 'P', 'other'])."""
    seq = data.sales_chats["spin_sequence"].astype(str).str.strip()
    return seq.map(lambda s: [t.strip() for t in s.split("-")] if s else [])


def ex_03_1(data: ShopData | None = None) -> list[str]:
    """Return the labels (S/P/I/N) of the bank questions :data:`EX_03_1_IDS`, in that order.

    The answer comes from the question bank shipped with the package, whatever shop ``data`` is.

    Parameters
    ----------
    data : ShopData, optional
        Not used (kept so that every answer function takes the shop).

    Returns
    -------
    list of str
        One label per question id.
    """
    from ..spin import load_questions

    bank = load_questions().set_index("question_id")["label"]
    return [str(bank[q]) for q in EX_03_1_IDS]


def ex_03_2(data: ShopData) -> float:
    """Purchase rate (0–1) of the chats in which the seller asked at least one need-payoff question.

    Parameters
    ----------
    data : ShopData
        The shop; only ``sales_chats`` is used.

    Returns
    -------
    float
        The share of those chats that ended in an order.
    """
    has_n = _labels(data).map(lambda labels: "N" in labels)
    return float(data.sales_chats.loc[has_n.to_numpy(), "purchased"].astype(bool).mean())


#: Exercise 03.3 (decision): the chats about products at or above this price (VND).
EX_03_3_MIN_PRICE = 160_000

#: Question type letter of each effect of :func:`ecrm_lab.spin.fit_sequence_effects`.
_TYPE_OF_TERM = {"has_problem": "P", "has_implication": "I", "has_need_payoff": "N"}


def chat_prices(data: ShopData) -> pd.Series:
    """The price (VND) of the product each chat is about, aligned with ``data.sales_chats``.

    Parameters
    ----------
    data : ShopData
        The shop; ``sales_chats`` (column ``product_id``) and ``products`` (``product_id``,
        ``price``) are used.

    Returns
    -------
    Series
        One price per chat (same index as ``sales_chats``); NaN for a product not in ``products``.
    """
    prices = data.products.set_index("product_id")["price"]
    return data.sales_chats["product_id"].map(prices).astype(float)


def ex_03_3(data: ShopData, min_price: float = EX_03_3_MIN_PRICE) -> str:
    """The question type (P, I or N) with the largest estimated effect in chats about dear products.

    Fits the logistic regression of :func:`ecrm_lab.spin.fit_sequence_effects` on the chats whose
    product costs at least ``min_price`` and returns the type of the largest of the ``has_problem``,
    ``has_implication`` and ``has_need_payoff`` estimates.

    Parameters
    ----------
    data : ShopData
        The shop; ``sales_chats`` and ``products`` are used.
    min_price : float, default 160 000
        Price threshold (VND), inclusive.

    Returns
    -------
    str
        ``"P"``, ``"I"`` or ``"N"``.
    """
    from ..spin import fit_sequence_effects

    dear = data.sales_chats[(chat_prices(data) >= min_price).to_numpy()]
    estimates = fit_sequence_effects(dear)["estimate"]
    best = max(_TYPE_OF_TERM, key=lambda term: float(estimates[term]))
    return _TYPE_OF_TERM[best]


def ex_03_4(data: ShopData | None = None):
    """Exercise 03.4 (interpretation): why the implication effect shrinks with classified labels.

    Parameters
    ----------
    data : ShopData, optional
        Not used (the reasoning does not depend on the shop).

    Returns
    -------
    Choice
        ``"B"`` (misclassification mixes the groups being compared), with why each other option
        is wrong.
    """
    from ..exercises import Choice

    return Choice(
        "B",
        why={
            "A": "Sự thật cài sẵn trong trình mô phỏng không đổi: cùng những cuộc chat, cùng những "
            "đơn hàng. Chỉ có nhãn thay đổi, nên hệ số thay đổi là do nhãn, không phải do khách.",
            "C": "Ở đây mỗi câu được đoán bởi một mô hình chưa từng thấy nó (kiểm định chéo), nên "
            "đây không phải lỗi chấm trong mẫu; chấm trong mẫu sẽ cho nhãn gần như đúng hết.",
            "D": "Dao động mẫu đến từ việc có những khách và cuộc chat khác. Ở đây khách, cuộc chat "
            "và kết cục y hệt nhau; chỉ nhãn của vài câu hỏi khác đi.",
        },
    )
