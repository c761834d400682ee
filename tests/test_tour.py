"""The data-tour helpers of lesson 00 (ecrm_lab.tour), on tiny hand-built tables."""

from __future__ import annotations

import matplotlib.pyplot as plt  # conftest selects the Agg backend
import pandas as pd
import pytest

from ecrm_lab import InputError, tour


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _orders() -> pd.DataFrame:
    # Monday 2025-01-06 starts a full week; the data start on Sunday 2025-01-05 (a partial week)
    # and end on Wednesday 2025-01-22 (a partial week)
    dates = ["2025-01-05", "2025-01-06", "2025-01-12", "2025-01-13", "2025-01-19", "2025-01-22"]
    return pd.DataFrame(
        {
            "order_date": pd.to_datetime(dates),
            "amount": [1, 10, 20, 30, 40, 1000],
            "status": ["completed"] * 3 + ["cancelled", "completed", "completed"],
        }
    )


def test_revenue_by_period_drops_partial_weeks_and_other_statuses():
    revenue = tour.revenue_by_period(_orders(), freq="W")
    # weeks ending 2025-01-05 (partial) and 2025-01-26 (partial) are dropped; 01-13 was cancelled
    assert revenue.to_dict() == {pd.Timestamp("2025-01-12"): 30, pd.Timestamp("2025-01-19"): 40}
    every = tour.revenue_by_period(_orders(), freq="W", status=None)
    assert every[pd.Timestamp("2025-01-19")] == 70  # the cancelled order counts with status=None


def test_sale_calendar_lists_tet_and_the_double_days_in_order():
    table = tour.sale_calendar("2024-11-15", "2025-02-01")
    assert table["event"].tolist() == ["12.12", "Tết 2025"]
    tet = table.set_index("event").loc["Tết 2025"]
    assert tet["kind"] == "tet" and tet["date"] == pd.Timestamp("2025-01-29")
    assert tet["end"] == pd.Timestamp("2025-02-04")  # a seven-day holiday is shaded
    with pytest.raises(ValueError, match="before start"):
        tour.sale_calendar("2025-02-01", "2025-01-01")


def test_province_shares_keep_only_provinces_that_occur_sorted():
    customers = pd.DataFrame(
        {"province": pd.Categorical(["Huế", "Hà Nội", "Hà Nội", "Cần Thơ"],
                                    categories=["Cần Thơ", "Hà Nội", "Huế", "Lai Châu"])}
    )  # fmt: skip
    shares = tour.province_shares(customers)
    assert shares.to_dict() == {"Hà Nội": 0.5, "Cần Thơ": 0.25, "Huế": 0.25}  # no Lai Châu
    assert list(shares.index) == ["Hà Nội", "Cần Thơ", "Huế"]  # ties alphabetical


def test_plot_provinces_draws_percent_bars_from_zero():
    customers = pd.DataFrame({"province": ["Huế", "Hà Nội", "Hà Nội", "Cần Thơ"]})
    ax = tour.plot_provinces(customers, top=2)
    widths = [round(p.get_width(), 6) for p in ax.patches]
    assert widths == [25.0, 50.0]  # largest on top (barh draws bottom-up), in %
    assert all(p.get_x() == 0 for p in ax.patches)
    assert ax.get_xscale() == "linear" and ax.get_xlim()[0] == 0
    with pytest.raises(ValueError, match="top"):
        tour.plot_provinces(customers, top=0)


def test_plot_revenue_marks_the_events_in_the_period():
    orders = pd.DataFrame(
        {
            "order_date": pd.date_range("2025-01-06", "2025-03-02", freq="D"),
            "amount": 100,
            "status": "completed",
        }
    )
    ax = tour.plot_revenue_over_time(orders)
    assert [t.get_text() for t in ax.texts] == ["Tết 2025"]
    assert ax.get_ylim()[0] == 0


def test_plot_channels_sorts_each_panel_and_labels_in_vietnamese():
    table = pd.DataFrame(
        {"customers": [10, 30, 20], "revenue_per_customer": [900_000, 100_000, 500_000]},
        index=pd.Index(["email", "facebook", "tiktok"], name="acquisition_channel"),
    )
    left = tour.plot_channels(table, lang="vi")
    right = left.figure.axes[1]
    assert [t.get_text() for t in left.get_yticklabels()] == ["E-mail", "TikTok", "Facebook"]
    assert [p.get_width() for p in left.patches] == [10, 20, 30]
    assert [p.get_width() for p in right.patches] == [100_000, 500_000, 900_000]


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda: tour.revenue_by_period(pd.DataFrame({"order_date": [], "status": []})), "amount"),
        (lambda: tour.province_shares(pd.DataFrame({"city": ["Huế"]})), "province"),
        (lambda: tour.plot_channels(pd.DataFrame({"customers": [1]})), "revenue_per_customer"),
    ],
)
def test_missing_columns_name_the_column_and_the_fix(call, column):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.column == column and err.value.fix


def test_no_order_with_the_status_says_how_to_fix_it():
    with pytest.raises(InputError, match="status=None") as err:
        tour.revenue_by_period(_orders(), status="returned")
    assert err.value.column == "status"


@pytest.mark.parametrize(
    ("case", "spoil", "column"),
    [
        ("amount as text", lambda o: o.assign(amount=o["amount"].astype(str)), "amount"),
        ("negative amount", lambda o: o.assign(amount=-o["amount"]), "amount"),
        ("duplicated order", lambda o: pd.concat([o, o.head(2)]), "order_id"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_revenue_by_period_refuses_bad_orders(case, spoil, column):
    """A text amount used to be summed as text; now every bad order table is an InputError."""
    orders = pd.DataFrame(
        {
            "order_id": ["A", "B", "C", "D"],
            "order_date": pd.to_datetime(["2024-01-01", "2024-01-09", "2024-01-16", "2024-01-30"]),
            "amount": [100_000, 200_000, 300_000, 400_000],
            "status": ["completed"] * 4,
        }
    )
    with pytest.raises(InputError) as err:
        tour.revenue_by_period(spoil(orders))
    assert err.value.table == "orders" and err.value.column == column, case
