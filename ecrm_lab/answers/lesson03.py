"""Expected answers for ``03_spin_selling``.

The chat answers are computed with plain pandas from ``sales_chats`` (not with :mod:`ecrm_lab.spin`),
so a check also cross-checks the module the notebook uses.
"""

from __future__ import annotations

import re

import pandas as pd

from ..shopdata import ShopData

__all__ = ["EX_03_1_IDS", "ex_03_1", "ex_03_2", "ex_03_3"]

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


def ex_03_3(data: ShopData, min_chats: int = 30) -> str:
    """The conversation pattern with the highest purchase rate among patterns with ≥ ``min_chats`` chats.

    Pattern: the seller's labels with ``other`` removed and repeated neighbours merged
    (``S-S-P-other-P-I`` → ``S-P-I``). Ties go to the alphabetically first pattern.

    Parameters
    ----------
    data : ShopData
        The shop; only ``sales_chats`` is used.
    min_chats : int, default 30
        Patterns with fewer chats are left out.

    Returns
    -------
    str
        The pattern, e.g. ``"S-P-I-N"``.
    """

    def pattern(labels: list[str]) -> str:
        letters = "".join(t for t in labels if t != "other")
        return "-".join(re.sub(r"(.)\1+", r"\1", letters)) or "(none)"

    frame = pd.DataFrame(
        {
            "pattern": _labels(data).map(pattern).to_numpy(),
            "bought": data.sales_chats["purchased"].astype(bool).to_numpy(),
        }
    )
    stats = frame.groupby("pattern")["bought"].agg(["size", "mean"])
    stats = stats[stats["size"] >= min_chats]
    best = stats["mean"].max()
    return str(sorted(stats.index[stats["mean"] == best])[0])
