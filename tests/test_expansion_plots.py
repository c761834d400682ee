"""Expansion: reminder outcomes by hand, and the plot functions of lesson 06 on hand-made tables
(bars from zero, only what occurs, labels from text.csv, clear errors on a wrong table)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer
from matplotlib.patches import Rectangle

from ecrm_lab import InputError
from ecrm_lab import expansion as ex
from ecrm_lab._stats import wilson_interval


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


# Reminders on 2025-01-31. Purchase days up to then, and the median gap:
#   a: 01-01, 01-21            gap 20 → due 02-10, +10 days      buys 02-05 (within 30 days)
#   b: 2024-06-01, 06-11, 06-21 gaps 10 → due 2024-07-01, −214   buys nothing
#   c: 01-01, 01-15 (+ a cancelled order on 02-10) gap 14 → due 01-29, −2   the cancel does not count
#   d: 01-10, 01-20            gap 10 → due 01-30, −1            buys 03-15 (43 days later: too late)
ORDERS = [
    ("a", "2025-01-01", "completed"),
    ("a", "2025-01-21", "completed"),
    ("a", "2025-02-05", "completed"),
    ("b", "2024-06-01", "completed"),
    ("b", "2024-06-11", "completed"),
    ("b", "2024-06-21", "completed"),
    ("c", "2025-01-01", "completed"),
    ("c", "2025-01-15", "completed"),
    ("c", "2025-02-10", "cancelled"),
    ("d", "2025-01-10", "completed"),
    ("d", "2025-01-20", "completed"),
    ("d", "2025-03-15", "completed"),
]


def _orders():
    o = pd.DataFrame(ORDERS, columns=["customer_id", "order_date", "status"])
    o["order_date"] = pd.to_datetime(o["order_date"])
    return o


def _outcomes(**kw):
    o = _orders()
    r = ex.next_purchase_reminders(o[o["order_date"] <= "2025-01-31"], as_of="2025-01-31")
    return r, ex.reminder_outcomes(r, o, as_of="2025-01-31", **kw)


def test_reminder_outcomes_by_hand():
    r, out = _outcomes(bands=(-1000, -30, -1, 1000))
    assert r["days_until_due"].to_dict() == {"a": 10, "b": -214, "c": -2, "d": -1}
    assert out["band"].tolist() == ["≤ -30", "-29 … -1", "≥ 0"]
    assert out["customers"].tolist() == [1, 2, 1]
    assert out["buyers"].tolist() == [0, 0, 1]  # c's order was cancelled, d bought too late
    assert out["rate"].tolist() == [0.0, 0.0, 1.0]
    low, high = wilson_interval(np.array([0, 0, 1]), np.array([1, 2, 1]))
    assert np.allclose(out["ci_low"], low) and np.allclose(out["ci_high"], high)
    # a longer horizon catches d's purchase on 03-15 (43 days after the as-of date)
    _, longer = _outcomes(bands=(-1000, -30, -1, 1000), horizon_days=60)
    assert longer["buyers"].tolist() == [0, 1, 1]


def test_reminder_outcomes_leave_out_empty_bands():
    _, out = _outcomes(bands=(-1000, -500, -100, 0, 1000))
    assert out["band"].tolist() == ["-499 … -100", "-99 … 0", "≥ 1"]
    assert out["customers"].sum() == 4


def test_reminder_outcomes_bad_input():
    r, _ = _outcomes()
    o = _orders()
    with pytest.raises(InputError, match="days_until_due"):
        ex.reminder_outcomes(r.drop(columns="days_until_due"), o, as_of="2025-01-31")
    with pytest.raises(ValueError, match="horizon_days"):
        ex.reminder_outcomes(r, o, as_of="2025-01-31", horizon_days=0)
    with pytest.raises(ValueError, match="increasing"):
        ex.reminder_outcomes(r, o, as_of="2025-01-31", bands=(0, -5, 10))
    with pytest.raises(InputError, match="inside the bands"):
        ex.reminder_outcomes(r, o, as_of="2025-01-31", bands=(500, 1000))
    with pytest.raises(InputError, match="order_date"):
        ex.reminder_outcomes(r, o.drop(columns="order_date"), as_of="2025-01-31")


# ------------------------------------------------------------------------------- the plots
def _bars(ax) -> list:
    return [p for c in ax.containers if isinstance(c, BarContainer) for p in c.patches]


def _from_zero(ax):
    assert ax.get_yscale() == "linear"
    low, high = ax.get_ylim()
    assert low <= 0 <= high
    assert all(p.get_y() == 0 for p in _bars(ax))


def test_plot_interpurchase_gaps_counts_and_median():
    gaps = pd.DataFrame({"gap_days": [1, 2, 3, 8, 9, 30, 400]})
    ax = ex.plot_interpurchase_gaps(gaps, max_days=35, bin_days=7, lang="vi")
    _from_zero(ax)
    heights = [p.get_height() for p in _bars(ax)]
    assert heights == [3, 2, 0, 0, 1]  # 0–7, 7–14, 14–21, 21–28, 28–35; 400 is not drawn
    assert any("1 lần mua" in t.get_text() and "35 ngày" in t.get_text() for t in ax.texts)
    median = [line for line in ax.get_lines() if line.get_linestyle() == "--"][0]
    assert median.get_xdata()[0] == 8  # the median of all seven gaps
    assert ax.get_xlabel() == "Khoảng cách đến lần mua trước (ngày)"
    assert (
        "median 8 days"
        in ex.plot_interpurchase_gaps(gaps, lang="en").get_legend_handles_labels()[1]
    )


def test_plot_reminder_outcomes_bars_in_band_order():
    _, out = _outcomes(bands=(-1000, -30, -1, 1000))
    ax = ex.plot_reminder_outcomes(out, lang="vi")
    _from_zero(ax)
    assert [p.get_height() for p in _bars(ax)] == [0.0, 0.0, 1.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["≤ -30", "-29 … -1", "≥ 0"]
    colours = {tuple(p.get_facecolor()) for p in _bars(ax)}
    assert len(colours) == 2  # overdue and not yet due
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "đã quá ngày dự kiến",
        "chưa đến ngày dự kiến",
    ]


def _rules():
    baskets = [["milk", "bread"], ["milk", "bread", "butter"], ["milk"], ["bread", "butter"]]
    return ex.association_rules(baskets, min_support=0.5, min_confidence=0.6)


def test_plot_lift_heatmap_one_cell_per_rule_and_the_planted_pairs_outlined():
    rules = _rules()  # butter→bread, bread→butter (1.33), bread→milk, milk→bread (0.89)
    ax = ex.plot_lift_heatmap(rules, highlight={"butter": "bread", "tea": "milk"}, lang="vi")
    assert not _bars(ax)
    cells = sorted(t.get_text() for t in ax.texts)
    assert cells == ["0.9", "0.9", "1.3", "1.3"]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert set(rows) == {"bread", "butter", "milk"} and set(cols) == {"bread", "butter", "milk"}
    outlines = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(outlines) == 1  # tea → milk is not a rule: nothing to outline
    i, j = rows.index("butter"), cols.index("bread")
    assert outlines[0].get_xy() == (j - 0.5, i - 0.5)
    assert ax.get_legend() is not None


def test_plot_lift_heatmap_bad_input():
    with pytest.raises(InputError, match="association_rules"):
        ex.plot_lift_heatmap(pd.DataFrame({"rule": ["x"]}))
    rules = _rules()
    two = rules.assign(consequents=[("a", "b")] * len(rules))
    with pytest.raises(InputError, match="one item on each side"):
        ex.plot_lift_heatmap(two)
    with pytest.raises(ValueError, match="max_items"):
        ex.plot_lift_heatmap(rules, max_items=1)


def _purchases():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b"],
            "order_date": ["2025-01-01", "2025-02-01", "2025-03-01", "2025-01-01", "2025-02-01"],
            "tier": ["basic", "standard", "standard", "premium", "basic"],
        }
    )


def test_plot_tier_transitions_shares_in_percent_with_upsell_cells_outlined():
    shares = ex.tier_transitions(_purchases(), group_col=None)
    ax = ex.plot_tier_transitions(shares, lang="vi")
    assert not _bars(ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["phổ thông", "tiêu chuẩn", "cao cấp"]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["0%", "100%", "0%", "0%", "100%", "0%", "100%", "0%", "0%"]
    outlines = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(outlines) == 3  # above the diagonal: basic→standard, basic→premium, standard→premium


def test_plot_tier_transitions_bad_input():
    counts = ex.tier_transitions(_purchases(), group_col=None, normalize=False)
    counts.loc["basic", "standard"] = 3
    with pytest.raises(InputError, match="normalize=True"):
        ex.plot_tier_transitions(counts)
    shares = ex.tier_transitions(_purchases(), group_col=None)
    with pytest.raises(InputError, match="same tiers"):
        ex.plot_tier_transitions(shares.iloc[:, :2])
    with pytest.raises(InputError, match="tier_transitions"):
        ex.plot_tier_transitions("basic")


def test_plot_referral_generations_counts_each_generation():
    r = pd.DataFrame({"referrer_id": ["a", "a", "b", "d", "x"], "referee_id": list("bcdey")})
    tree = ex.referral_tree(r, date_col=None)  # a → b, c; b → d → e; x → y
    ax = ex.plot_referral_generations(tree, lang="vi")
    _from_zero(ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2", "3"]
    assert [p.get_height() for p in _bars(ax)] == [2, 3, 1, 1]
    assert ax.get_ylabel() == "Số người"
    with pytest.raises(InputError, match="referral_tree"):
        ex.plot_referral_generations(tree.drop(columns="generation"))
    with pytest.raises(InputError, match="empty"):
        ex.plot_referral_generations(tree.iloc[:0])
