"""The table preparers (ecrm_lab.tables): tiny hand-built tables, one problem each."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab.tables import (
    prepare_customers,
    prepare_daily_series,
    prepare_order_items,
    prepare_orders,
    prepare_prospects,
    prepare_sessions,
    prepare_spend,
    prepare_touchpoints,
)


def orders():
    return pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3"],
            "customer_id": ["c1", "c1", "c2"],
            "order_date": ["2025-01-03", "2025-02-10 14:30", "2025-03-01"],
            "amount": [120_000, 80_000, 0],
            "status": ["completed", "cancelled", "completed"],
        },
        index=[10, 11, 12],
    )


def raises(fn, *args, table, column, row=None, words=(), **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    err = info.value
    assert err.table == table
    assert err.column == column
    if row is not None:
        assert err.row == row
    assert err.fix, "every InputError tells the fix"
    for w in words:
        assert w in str(err), (w, str(err))
    return err


def test_orders_converted_copy_and_original_untouched():
    df = orders()
    out = prepare_orders(df)
    assert out is not df
    assert out["order_date"].dtype == "datetime64[ns]"
    assert out["order_date"].iloc[1] == pd.Timestamp("2025-02-10 14:30")
    assert out["amount"].dtype == "int64"
    assert list(out.index) == [10, 11, 12]
    assert df["order_date"].dtype != "datetime64[ns]"  # the caller's table is not changed


def test_only_required_roles_are_checked():
    df = orders()
    df["amount"] = ["a", "b", "c"]
    out = prepare_orders(df, require=("customer", "date"))  # amount not needed: not checked
    assert list(out["amount"]) == ["a", "b", "c"]
    raises(prepare_orders, df, table="orders", column="amount", row=10, words=("text", "'a'"))


def test_missing_column_names_it_and_custom_names_work():
    df = orders().rename(columns={"order_date": "created"})
    raises(prepare_orders, df, table="orders", column="order_date", words=("lacks",))
    out = prepare_orders(df, date_col="created")
    assert out["created"].dtype == "datetime64[ns]"


def test_not_a_dataframe_and_empty():
    raises(prepare_orders, [1, 2], table="orders", column=None, words=("DataFrame",))
    raises(prepare_orders, orders().iloc[:0], table="orders", column=None, words=("empty",))


def test_text_in_money_is_refused_even_when_it_looks_numeric():
    df = orders()
    df["amount"] = [120_000, "80000", 5]
    raises(prepare_orders, df, table="orders", column="amount", row=11, words=("text",))


def test_inf_nan_negative_money_named_with_first_bad_row():
    for bad, word in [(np.inf, "infinite"), (np.nan, "missing"), (-5.0, "negative")]:
        df = orders()
        df["amount"] = [1.0, 2.0, bad]
        raises(prepare_orders, df, table="orders", column="amount", row=12, words=(word,))


def test_money_with_fractions_stays_float_and_booleans_are_refused():
    df = orders()
    df["amount"] = [1.5, 2.0, 3.0]
    assert prepare_orders(df)["amount"].dtype == "float64"
    df["amount"] = [1.0, 2.0, 3.0]  # a float column stays float
    assert prepare_orders(df)["amount"].dtype == "float64"
    df["amount"] = pd.array([1, 2, 3], dtype="Int64")  # nullable integers become int64
    assert prepare_orders(df)["amount"].dtype == "int64"
    df["amount"] = pd.Series([1, 2.5, 3], dtype=object, index=df.index)  # objects: converted
    assert prepare_orders(df)["amount"].tolist() == [1.0, 2.5, 3.0]
    df["amount"] = [True, False, True]
    raises(prepare_orders, df, table="orders", column="amount", words=("True/False",))


def test_duplicated_and_missing_keys():
    df = orders()
    df.loc[12, "order_id"] = "o1"
    raises(prepare_orders, df, table="orders", column="order_id", row=12, words=("duplicated",))
    df.loc[12, "order_id"] = None
    raises(prepare_orders, df, table="orders", column="order_id", row=12, words=("missing",))
    df = orders()
    df.loc[11, "customer_id"] = np.nan
    raises(prepare_orders, df, table="orders", column="customer_id", row=11, words=("missing",))


def test_dates_unreadable_numeric_and_after_as_of():
    df = orders()
    df.loc[11, "order_date"] = "31/02/2025x"
    raises(prepare_orders, df, table="orders", column="order_date", row=11, words=("unreadable",))
    df = orders()
    df["order_date"] = [20250103, 20250210, 20250301]
    raises(prepare_orders, df, table="orders", column="order_date", words=("numbers",))
    err = raises(
        prepare_orders, orders(), as_of="2025-02-10", table="orders", column="order_date", row=11
    )
    assert "after as_of=2025-02-10" in str(err)
    assert len(prepare_orders(orders(), as_of="2025-03-01")) == 3


def test_unknown_role_and_none_column_are_argument_errors():
    with pytest.raises(ValueError, match="unknown role"):
        prepare_orders(orders(), require=("amout",))
    with pytest.raises(ValueError, match="amount_col is None"):
        prepare_orders(orders(), amount_col=None)


def test_prospects_customer_may_be_empty_but_channel_not():
    p = pd.DataFrame(
        {
            "prospect_id": ["p1", "p2"],
            "first_touch_date": ["2025-01-01", "2025-01-02"],
            "channel": ["email", "tiktok"],
            "customer_id": ["c1", None],
        }
    )
    out = prepare_prospects(p, require=("prospect", "date", "channel", "customer"))
    assert out["customer_id"].isna().sum() == 1
    p.loc[1, "channel"] = None
    raises(prepare_prospects, p, table="prospects", column="channel", row=1, words=("missing",))


def test_key_columns_are_checked_whenever_present():
    t = pd.DataFrame(
        {
            "touchpoint_id": ["t1", "t1"],
            "prospect_id": ["p1", "p1"],
            "timestamp": ["2025-01-01 10:00", "2025-01-01 11:00"],
            "channel": ["email", "email"],
        }
    )
    # not required by the method, but a repeated id means a row given twice
    raises(prepare_touchpoints, t, table="touchpoints", column="touchpoint_id", row=1)
    assert len(prepare_touchpoints(t, touchpoint_col=None)) == 2  # the caller says: no such key
    assert len(prepare_touchpoints(t.drop(columns="touchpoint_id"))) == 2
    t.loc[1, "touchpoint_id"] = None
    raises(prepare_touchpoints, t, table="touchpoints", column="touchpoint_id", row=1)


def test_compound_keys_sessions_spend_items():
    s = pd.DataFrame(
        {"customer_id": ["c1", "c1", "c2"], "session_date": ["2025-01-01"] * 3, "visits": [1, 2, 1]}
    )
    raises(
        prepare_sessions,
        s,
        table="sessions",
        column=None,
        row=1,
        words=("customer_id, session_date",),
    )
    assert len(prepare_sessions(s.iloc[[0, 2]])) == 2
    s2 = s.iloc[[0, 2]].copy()
    s2["visits"] = [1.0, 1.5]
    raises(
        prepare_sessions,
        s2,
        require=("customer", "visits"),
        table="sessions",
        column="visits",
        words=("whole",),
    )
    m = pd.DataFrame(
        {"date": ["2025-01-01", "2025-01-01"], "channel": ["tv", "tv"], "spend": [1, 2]}
    )
    raises(prepare_spend, m, table="marketing_spend", column=None, row=1, words=("duplicated",))
    items = pd.DataFrame(
        {"order_id": ["o1", "o1"], "line_no": [1, 1], "product_id": ["a", "b"], "quantity": [1, 2]}
    )
    assert len(prepare_order_items(items)) == 2
    raises(
        prepare_order_items,
        items,
        require=("order", "line", "product"),
        table="order_items",
        column=None,
        row=1,
    )


def test_customers_and_custom_table_name():
    c = pd.DataFrame({"cid": ["a", "a"]})

    def call():
        return prepare_customers(c, customer_col="cid", table="members")

    raises(call, table="members", column="cid", row=1, words=("duplicated",))


def test_daily_series_sorted_gap_free():
    d = pd.DataFrame(
        {"date": ["2025-01-03", "2025-01-01", "2025-01-02"], "spend": [3, 1, 2]}, index=[7, 8, 9]
    )
    out = prepare_daily_series(d, value_cols=["spend"])
    assert list(out["spend"]) == [1, 2, 3]
    assert list(out.index) == [8, 9, 7]
    gappy = d.drop(index=9)
    err = raises(
        prepare_daily_series, gappy, value_cols="spend", table="daily", column="date", row=7
    )
    assert "first after 2025-01-01" in str(err)
    twice = pd.DataFrame({"date": ["2025-01-01 08:00", "2025-01-01 20:00"], "spend": [1, 1]})
    raises(prepare_daily_series, twice, value_cols="spend", table="daily", column="date", row=1)
    neg = d.assign(spend=[1, -1, 2])
    raises(prepare_daily_series, neg, value_cols="spend", table="daily", column="spend", row=8)
    assert len(prepare_daily_series(neg, value_cols="spend", nonnegative=False)) == 3
    raises(
        prepare_daily_series,
        d,
        value_cols="spend",
        as_of="2025-01-02",
        table="daily",
        column="date",
        row=7,
    )


def test_vietshop_tables_pass_their_preparers():
    from ecrm_lab.datasets import load_vietshop

    d = load_vietshop()
    prepare_customers(d.customers, require=("customer", "date"))
    prepare_orders(d.orders, require=("order", "customer", "date", "amount", "status"))
    prepare_order_items(d.order_items, require=("order", "line", "product", "quantity", "price"))
    prepare_sessions(d.sessions, require=("customer", "date", "visits", "pageviews", "minutes"))
    prepare_prospects(d.prospects, require=("prospect", "date", "channel", "customer"))
    prepare_touchpoints(
        d.touchpoints, require=("touchpoint", "prospect", "date", "channel", "kind")
    )
    prepare_spend(d.marketing_spend)
