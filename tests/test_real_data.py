"""The analysis modules on real data: UCI Online Retail (Chen, Sain & Guo 2012), from ../shared only.

The product never reads ``../shared``; a user's clone has no such folder, so these tests skip there.
They show that the functions work on someone else's table once its columns are named, and they check
the lifecycle rules against an independent pandas recomputation on 4,372 real customers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from ecrm_lab import InputError
from ecrm_lab.lifecycle import assign_stages, repurchase_after_failure, transition_matrix

RDA = SHARED / "data" / "real" / "onlineretail.rda"
pytestmark = pytest.mark.skipif(
    not RDA.exists(), reason="real data lives in ../shared (absent here)"
)
AS_OF = pd.Timestamp("2011-12-09")  # the last day of the data


@pytest.fixture(scope="module")
def retail() -> pd.DataFrame:
    pyreadr = pytest.importorskip("pyreadr")
    return pyreadr.read_r(str(RDA))["onlineretail"]


@pytest.fixture(scope="module")
def shop(retail):
    """Invoices of identified customers as orders; invoices starting with "C" are cancellations."""
    lines = retail.dropna(subset=["CustomerID"]).assign(
        customer_id=lambda d: d["CustomerID"].astype(int).astype(str),
        value=lambda d: d["Quantity"] * d["UnitPrice"],
    )
    orders = lines.groupby("InvoiceNo", as_index=False).agg(
        customer_id=("customer_id", "first"),
        order_date=("InvoiceDate", "min"),
        amount=("value", "sum"),
    )
    orders["status"] = np.where(orders["InvoiceNo"].str.startswith("C"), "cancelled", "completed")
    orders["amount"] = orders["amount"].abs().round(2)  # a cancellation's value is a refund
    customers = pd.DataFrame({"customer_id": orders["customer_id"].unique()})
    return customers, orders


def test_published_size_of_the_data(retail, shop):
    # UCI Online Retail: 541,909 invoice lines, 406,829 of them with a customer id, 4,372 customers
    assert len(retail) == 541_909
    assert retail["CustomerID"].notna().sum() == 406_829
    customers, orders = shop
    assert len(customers) == 4_372
    assert retail["InvoiceNo"].nunique() == 25_900
    assert orders["order_date"].max().normalize() == AS_OF


def test_raw_refunds_get_a_clear_error(shop):
    customers, orders = shop
    raw = orders.assign(
        amount=np.where(orders["status"] == "cancelled", -orders["amount"], orders["amount"])
    )
    with pytest.raises(InputError, match=r"has 3654 negative value\(s\)") as info:
        assign_stages(customers, raw, None, as_of=AS_OF, signup_col=None, order_col="InvoiceNo")
    assert (info.value.table, info.value.column) == ("orders", "amount")
    assert "refunds" in info.value.fix
    # the first refund named is a real cancellation invoice
    assert raw.loc[info.value.row, "InvoiceNo"].startswith("C")


def test_identical_invoices_need_the_invoice_number(shop):
    # two different invoices of one customer at the same minute with the same value and status:
    # without the invoice number they look like an accidental copy and are refused, with it they
    # are two orders
    customers, orders = shop
    with pytest.raises(InputError, match="identical to an earlier one") as info:
        assign_stages(
            customers, orders.drop(columns="InvoiceNo"), None, as_of=AS_OF, signup_col=None
        )
    twin = orders.loc[info.value.row]
    same = orders[
        (orders["customer_id"] == twin["customer_id"])
        & (orders["order_date"] == twin["order_date"])
        & (orders["amount"] == twin["amount"])
    ]
    assert len(same) == 2 and same["InvoiceNo"].nunique() == 2
    st = assign_stages(customers, orders, None, as_of=AS_OF, signup_col=None, order_col="InvoiceNo")
    assert len(st) == len(customers)


def test_lifecycle_rules_match_an_independent_recomputation(shop):
    customers, orders = shop
    st = assign_stages(
        customers, orders, None, as_of=AS_OF, signup_col=None, order_col="InvoiceNo"
    ).set_index("customer_id")
    assert len(st) == len(customers)

    day = orders.assign(d=orders["order_date"].dt.normalize())
    buys = day[day["status"] == "completed"]
    first = buys.groupby("customer_id")["d"].min()
    n_buys = buys.groupby("customer_id").size()
    last_active = day.groupby("customer_id")["d"].max()  # any invoice, cancellations too
    ids = customers["customer_id"]
    never_bought = ~ids.isin(first.index)
    lapsed = ~never_bought & ((AS_OF - last_active.reindex(ids)).dt.days >= 180).to_numpy()
    new = (AS_OF - first.reindex(ids)).dt.days < 90
    once = n_buys.reindex(ids).fillna(0) == 1
    acquisition = ~never_bought & ~lapsed & (new | once).to_numpy()
    stage = st.loc[ids, "stage"].astype(str).to_numpy()
    assert (stage == "selection").sum() == never_bought.sum()
    assert (stage == "lapsed").sum() == lapsed.sum()
    assert (stage == "acquisition").sum() == acquisition.sum()
    assert set(stage[~(never_bought | lapsed | acquisition).to_numpy()]) <= {
        "retention",
        "expansion",
    }


def test_transitions_and_reorders_on_real_data(shop):
    customers, orders = shop
    m = transition_matrix(
        customers,
        orders,
        None,
        start="2011-06-30",
        end="2011-12-09",
        normalize=False,
        signup_col=None,
        order_col="InvoiceNo",
    )
    st = assign_stages(
        customers, orders, None, as_of="2011-06-30", signup_col=None, order_col="InvoiceNo"
    )
    assert int(m.to_numpy().sum()) == len(st)  # everyone who existed at the start, once
    assert m.loc["selection":, "selection"].iloc[1:].sum() == 0  # nobody un-buys
    reorder = repurchase_after_failure(orders, horizon_days=90, order_col="InvoiceNo")
    reorder = reorder.set_index(["order_type", "outcome"])
    assert reorder["n_orders"].sum() > 10_000
    # independent recomputation in plain pandas: next invoice of the same customer (time order,
    # ties in row order) within 90 days, for invoices with 90 days of follow-up
    o = orders.assign(row=np.arange(len(orders))).sort_values(["customer_id", "order_date", "row"])
    day = o["order_date"].dt.normalize()
    nxt = day.groupby(o["customer_id"]).shift(-1)
    o["reordered"] = (nxt - day).dt.days <= 90
    o["order_type"] = np.where(o.groupby("customer_id").cumcount() == 0, "first", "repeat")
    o["outcome"] = np.where(o["status"] == "completed", "completed", "failed")
    kept = o[day + pd.Timedelta(days=90) <= day.max()]
    expected = kept.groupby(["order_type", "outcome"])["reordered"].agg(["size", "sum", "mean"])
    for key, row in expected.iterrows():
        assert reorder.loc[key, "n_orders"] == row["size"]
        assert reorder.loc[key, "n_reordered"] == row["sum"]
        assert reorder.loc[key, "reorder_rate"] == pytest.approx(row["mean"])
