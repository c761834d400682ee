"""Every public lifecycle, SPIN and CLV function walked with the same bad tables.

Cases: missing column, wrong type, empty, duplicated rows, NaN keys, future dates. Each is either an
``InputError`` naming the table and the column (and a fix), or a documented handling whose result
is checked against the clean table's (``same``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab.clv import btyd_summary, fit_bgnbd
from ecrm_lab.lifecycle import (
    assign_stages,
    repurchase_after_failure,
    stage_sizes,
    transition_matrix,
    value_by_stage,
)
from ecrm_lab.spin import fit_sequence_effects, sequence_features, sequence_outcomes

AS_OF = "2025-03-31"


def _world():
    customers = pd.DataFrame(
        {"customer_id": ["a", "b", "c", "d"], "signup_date": pd.to_datetime(["2025-01-01"] * 4)}
    )
    rows = [
        ("a", "2025-01-02", 100_000, "completed"),
        ("a", "2025-02-10", 120_000, "completed"),
        ("a", "2025-03-20", 90_000, "cancelled"),
        ("b", "2025-01-15", 300_000, "completed"),
        ("b", "2025-04-20", 200_000, "completed"),
        ("c", "2025-02-01", 50_000, "returned"),
        ("c", "2025-02-03", 50_000, "completed"),
        ("d", "2025-03-01", 80_000, "completed"),
        ("d", "2025-06-30", 80_000, "completed"),
    ]
    orders = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "status"])
    orders.insert(0, "order_id", [f"o{i}" for i in range(len(orders))])
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    sessions = pd.DataFrame(
        {
            "customer_id": ["a", "c", "d"],
            "session_date": pd.to_datetime(["2025-03-25", "2025-03-01", "2025-05-01"]),
        }
    )
    seqs = ["S-P-I-N", "S", "S-S-S-P", "P-N", "S-P", "S-P-I", "N", "S-S", "I-N", "S-P-N"] * 3
    bought = [True, False, False, True, False, True, True, False, False, True] * 3
    chats = pd.DataFrame(
        {"chat_id": [f"k{i}" for i in range(30)], "spin_sequence": seqs, "purchased": bought}
    )
    summary = btyd_summary(
        pd.DataFrame(
            {
                "customer_id": ["a", "a", "a", "b", "b", "c", "d", "d", "e"],
                "order_date": pd.to_datetime(
                    [
                        "2025-01-01",
                        "2025-02-01",
                        "2025-03-01",
                        "2025-01-10",
                        "2025-01-20",
                        "2025-02-01",
                        "2025-01-05",
                        "2025-03-05",
                        "2025-03-20",
                    ]
                ),
            }
        ),
        as_of=AS_OF,
    )
    return {
        "customers": customers,
        "orders": orders,
        "sessions": sessions,
        "chats": chats,
        "summary": summary,
    }


# function → (the table it is walked with, how to call it with that table)
def _calls(w):
    stages = assign_stages(w["customers"], w["orders"], w["sessions"], as_of=AS_OF)
    return {
        "assign_stages": (
            "orders",
            lambda t: assign_stages(w["customers"], t, w["sessions"], as_of=AS_OF),
        ),
        "stage_sizes": (
            "orders",
            lambda t: stage_sizes(w["customers"], t, w["sessions"], dates=[AS_OF]),
        ),
        "transition_matrix": (
            "orders",
            lambda t: transition_matrix(
                w["customers"], t, w["sessions"], start="2025-02-28", end=AS_OF
            ),
        ),
        "value_by_stage": (
            "orders",
            lambda t: value_by_stage(stages, t, as_of=AS_OF, horizon_days=60, past_days=90),
        ),
        "repurchase_after_failure": (
            "orders",
            lambda t: repurchase_after_failure(t, horizon_days=30),
        ),
        "btyd_summary": (
            "orders",
            lambda t: btyd_summary(t, as_of="2025-06-30"),
        ),
        "fit_bgnbd": ("summary", lambda t: fit_bgnbd(t, on_failure="warn").r),
        "sequence_features": ("chats", lambda t: sequence_features(t)),
        "sequence_outcomes": ("chats", lambda t: sequence_outcomes(t, min_chats=1)),
        "fit_sequence_effects": ("chats", lambda t: fit_sequence_effects(t)),
    }


def _mutate(table: str, case: str, df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    key = {"orders": "customer_id", "chats": "spin_sequence", "summary": "frequency"}[table]
    if case == "missing-column":
        return df.drop(columns=key)
    if case == "wrong-type":
        if table == "orders":
            df["order_date"] = np.arange(len(df)) + 20250101  # yyyymmdd integers, not dates
        elif table == "chats":
            df["spin_sequence"] = np.arange(len(df))
        else:
            df["frequency"] = df["frequency"].astype(str)
        return df
    if case == "empty":
        return df.iloc[:0]
    if case == "duplicated-rows":
        return pd.concat([df, df.iloc[[1]]])
    if case == "nan-key":
        col = {"orders": "customer_id", "chats": "chat_id", "summary": "frequency"}[table]
        df[col] = df[col].astype(object)
        df.iloc[2, df.columns.get_loc(col)] = None
        if table == "summary":
            df[col] = df[col].astype(float)
        return df
    if case == "future-dates":  # an order years after every other date
        extra = df.iloc[[0]].assign(order_date=pd.Timestamp("2030-01-01"), order_id="o99")
        return pd.concat([df, extra], ignore_index=True)
    raise AssertionError(case)


ERROR = "error"
SAME = "same"  # documented handling: the result equals the clean table's
# (function, case) → expected outcome; "error" cases name (table, column) in the InputError
EXPECT = {
    **{
        (f, c): (ERROR, "orders", col)
        for f in (
            "assign_stages",
            "stage_sizes",
            "transition_matrix",
            "value_by_stage",
            "repurchase_after_failure",
            "btyd_summary",
        )
        for c, col in (
            ("missing-column", "customer_id"),
            ("wrong-type", "order_date"),
            ("empty", None),
            ("duplicated-rows", "order_id"),
            ("nan-key", "customer_id"),
        )
    },
    # BTYD merges same-day purchases: a copied row is the same purchase day (documented)
    ("btyd_summary", "duplicated-rows"): (SAME,),
    # orders after the observation end: an error unless after_end="drop"
    ("btyd_summary", "future-dates"): (ERROR, "orders", "order_date"),
    # lifecycle snapshots read only the days they need (documented): a 2030 order changes nothing at
    # AS_OF — except that the data now reach 2030, which no result here depends on
    ("assign_stages", "future-dates"): (SAME,),
    ("stage_sizes", "future-dates"): (SAME,),
    ("transition_matrix", "future-dates"): (SAME,),
    ("value_by_stage", "future-dates"): (SAME,),
    **{
        (f, c): (ERROR, "sales_chats", col)
        for f in ("sequence_features", "sequence_outcomes", "fit_sequence_effects")
        for c, col in (
            ("missing-column", "spin_sequence"),
            ("wrong-type", "spin_sequence"),
            ("empty", None),
            ("duplicated-rows", "chat_id"),
            ("nan-key", "chat_id"),
        )
    },
    # sequence_features describes rows one by one and keeps the input's index: a copied row is a
    # copied feature row (documented); the counting functions refuse it
    ("sequence_features", "duplicated-rows"): ("rows",),
    ("sequence_features", "nan-key"): ("rows",),
    ("fit_bgnbd", "missing-column"): (ERROR, "summary", "frequency"),
    ("fit_bgnbd", "wrong-type"): (ERROR, "summary", "frequency"),
    ("fit_bgnbd", "empty"): (ERROR, "summary", None),
    ("fit_bgnbd", "duplicated-rows"): (ERROR, "summary", None),
    ("fit_bgnbd", "nan-key"): (ERROR, "summary", "frequency"),
}


@pytest.mark.parametrize(
    ("function", "case"), sorted(EXPECT), ids=[f"{f}-{c}" for f, c in sorted(EXPECT)]
)
def test_bad_tables(function, case):
    import warnings

    w = _world()
    table, call = _calls(w)[function]
    bad = _mutate(table, case, w[table])
    expect = EXPECT[function, case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a tiny BG/NBD fit may warn about convergence
        if expect[0] == ERROR:
            with pytest.raises(InputError) as info:
                call(bad)
            err = info.value
            assert (err.table, err.column) == expect[1:], str(err)
            assert err.fix, str(err)
            assert str(err).startswith(err.table)
            return
        clean, result = call(w[table]), call(bad)
    if expect[0] == SAME:
        if isinstance(clean, pd.DataFrame):
            pd.testing.assert_frame_equal(clean, result)
        else:
            assert clean == result
    else:  # "rows": one output row per input row, index kept
        assert list(result.index) == list(bad.index)
