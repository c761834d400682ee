"""Every public RFM, CLV and expansion function of lessons 06–08 walked with the same bad tables.

Cases: missing column, wrong type (numeric dates, text amounts), empty table, not a table, missing
ids, a copied order row, future dates, negative and zero amounts. Each is an ``InputError`` naming the
table and the column (and a fix), or a documented handling checked against the clean table's
result (``SAME``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab.clv import fit_bgnbd, fit_gamma_gamma, historic_clv, summary_from_transactions
from ecrm_lab.expansion import (
    association_rules,
    interpurchase_times,
    next_purchase_reminders,
    referral_tree,
    reminder_outcomes,
    tier_transitions,
    viral_coefficient,
)
from ecrm_lab.rfm import (
    fit_rfm_bins,
    rfm_kmeans,
    rfm_scores,
    rfm_segments,
    rfm_table,
    segment_migration,
)

AS_OF = "2025-03-31"


def _orders():
    rows = [
        ("a", "2025-01-02", 100_000, "completed"),
        ("a", "2025-02-10", 120_000, "completed"),
        ("a", "2025-03-20", 90_000, "cancelled"),
        ("b", "2025-01-15", 300_000, "completed"),
        ("b", "2025-03-02", 200_000, "completed"),
        ("c", "2025-02-01", 50_000, "returned"),
        ("c", "2025-02-03", 50_000, "completed"),
        ("d", "2025-03-01", 80_000, "completed"),
        ("d", "2025-03-30", 80_000, "completed"),
    ]
    df = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "status"])
    df.insert(0, "order_id", [f"o{i}" for i in range(len(df))])
    df["order_date"] = pd.to_datetime(df["order_date"])
    return df


CALLS = {
    "rfm_table": lambda t: rfm_table(t, as_of=AS_OF),
    "historic_clv": lambda t: historic_clv(t, as_of=AS_OF),
    "summary_from_transactions": lambda t: summary_from_transactions(
        t, calibration_end="2025-02-15", observation_end=AS_OF
    ),
    "interpurchase_times": lambda t: interpurchase_times(t, as_of=AS_OF),
    "next_purchase_reminders": lambda t: next_purchase_reminders(t, as_of=AS_OF),
}
USES_AMOUNT = {"rfm_table", "historic_clv", "summary_from_transactions"}


def _mutate(case: str, df: pd.DataFrame):
    df = df.copy()
    if case == "missing-column":
        return df.drop(columns="customer_id")
    if case == "numeric-dates":
        df["order_date"] = np.arange(len(df)) + 20250101  # yyyymmdd integers, not dates
        return df
    if case == "text-amounts":
        df["amount"] = df["amount"].astype(str).str.replace("000", ".000")
        return df
    if case == "empty":
        return df.iloc[:0]
    if case == "not-a-table":
        return df.to_dict("list")
    if case == "nan-id":
        df["customer_id"] = df["customer_id"].astype(object)
        df.iloc[3, df.columns.get_loc("customer_id")] = None
        return df
    if case == "copied-row":
        return pd.concat([df, df.iloc[[1]]])
    if case == "future-dates":
        extra = df.iloc[[0]].assign(order_date=pd.Timestamp("2030-01-01"), order_id="o99")
        return pd.concat([df, extra], ignore_index=True)
    if case == "negative-amount":
        df.loc[1, "amount"] = -5
        return df
    if case == "zero-amount":
        df.loc[1, "amount"] = 0
        return df
    raise AssertionError(case)


ERROR, SAME = "error", "same"
CASES = {
    "missing-column": "customer_id",
    "numeric-dates": "order_date",
    "text-amounts": "amount",
    "empty": None,
    "not-a-table": None,
    "nan-id": "customer_id",
    "copied-row": "order_id",
    "future-dates": "order_date",
    "negative-amount": "amount",
    "zero-amount": "amount",
}


def _expect(function: str, case: str):
    if case in ("text-amounts", "negative-amount", "zero-amount") and function not in USES_AMOUNT:
        return (SAME,)  # the function never reads the amount
    if case == "copied-row" and function not in USES_AMOUNT:
        return (SAME,)  # purchases are merged by day: a copied order is the same purchase day
    if case == "zero-amount" and function != "rfm_table":
        return ("zero",)
    return (ERROR, CASES[case])


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("function", list(CALLS))
def test_bad_orders(function, case):
    call = CALLS[function]
    expect = _expect(function, case)
    bad = _mutate(case, _orders())
    if expect[0] == ERROR:
        with pytest.raises(InputError) as e:
            call(bad)
        assert e.value.fix, str(e.value)
        assert e.value.table in ("orders", "transactions")
        if expect[1] is not None:
            assert e.value.column == expect[1], str(e.value)
    elif expect[0] == SAME:
        pd.testing.assert_frame_equal(call(bad), call(_orders()))
    else:  # a zero-valued purchase is a purchase (documented): it counts, with value 0
        s, clean = call(bad), call(_orders())
        count = "frequency" if "frequency" in s else "n_orders"
        assert s[count].equals(clean[count])
        money = "monetary_value" if "monetary_value" in s else "revenue"
        assert s.loc["a", money] == clean.loc["a", money] - 120_000


def test_every_function_is_walked():
    assert set(CALLS) == {
        "rfm_table",
        "historic_clv",
        "summary_from_transactions",
        "interpurchase_times",
        "next_purchase_reminders",
    }


# ------------------------------------------- the functions that take other tables (summaries, …)
def _rfm():
    return rfm_table(_orders(), as_of=AS_OF)


def _summary():
    return summary_from_transactions(_orders(), calibration_end="2025-02-15")


def _referrals():
    return pd.DataFrame(
        {"referrer_id": ["a", "a"], "referee_id": ["b", "c"], "referral_date": ["2025-01-01"] * 2}
    )


def _purchases():
    return _orders().assign(tier=["basic", "premium"] * 4 + ["basic"], subcategory="tea")


# function → (table name in the error, a clean table, how to call it, a required column)
OTHER = {
    "fit_rfm_bins": ("rfm", _rfm, lambda t: fit_rfm_bins(t), "frequency"),
    "rfm_scores": ("rfm", _rfm, lambda t: rfm_scores(t), "monetary"),
    "rfm_kmeans": ("rfm", _rfm, lambda t: rfm_kmeans(t, n_clusters=2, rng=0), "recency_days"),
    "rfm_segments": ("scores", lambda: rfm_scores(_rfm()), lambda t: rfm_segments(t), "r_score"),
    "segment_migration": (
        "before",
        lambda: rfm_segments(rfm_scores(_rfm())),
        lambda t: segment_migration(t, rfm_segments(rfm_scores(_rfm()))),
        "segment",
    ),
    "fit_bgnbd": ("summary", _summary, lambda t: fit_bgnbd(t), "recency_btyd"),
    "fit_gamma_gamma": ("summary", _summary, lambda t: fit_gamma_gamma(t), "monetary_value"),
    "tier_transitions": ("purchases", _purchases, lambda t: tier_transitions(t), "tier"),
    "reminder_outcomes": (
        "reminders",
        lambda: next_purchase_reminders(_orders(), as_of=AS_OF),
        lambda t: reminder_outcomes(t, _orders(), as_of="2025-02-28"),
        "days_until_due",
    ),
    "referral_tree": ("referrals", _referrals, lambda t: referral_tree(t), "referee_id"),
    "viral_coefficient": (
        "referrals",
        _referrals,
        lambda t: viral_coefficient(t, pd.DataFrame({"customer_id": list("abc")})),
        "referrer_id",
    ),
}


@pytest.mark.parametrize("case", ["missing-column", "empty", "not-a-table"])
@pytest.mark.parametrize("function", list(OTHER))
def test_bad_other_tables(function, case):
    table, clean, call, column = OTHER[function]
    df = clean()
    if function not in ("fit_bgnbd", "fit_gamma_gamma"):
        call(df)  # the clean table works
    bad = {
        "missing-column": lambda: df.drop(columns=column),
        "empty": lambda: df.iloc[:0],
        "not-a-table": lambda: df.to_dict("list"),
    }[case]()
    with pytest.raises(InputError) as e:
        call(bad)
    assert e.value.table == table, str(e.value)
    if case == "missing-column":
        assert column in str(e.value)


def test_association_rules_refuses_a_table():
    with pytest.raises(InputError, match="baskets_from_items") as e:
        association_rules(_orders(), min_support=0.5, min_confidence=0.5)
    assert e.value.table == "baskets"
