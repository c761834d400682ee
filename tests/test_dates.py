"""Dates written as text: day/month/year is read day-first, ambiguous and placeholder dates are errors.

Vietnamese spreadsheets write ``31/01/2025``; pandas' ``format="mixed"`` alone reads ``03/04/2025`` as
4 March, a silent wrong answer (found by the bad-table review).
"""

from __future__ import annotations

import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab._validate import as_datetimes, as_timestamp
from ecrm_lab.tables import prepare_orders


def _orders(dates):
    return pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(len(dates))],
            "customer_id": ["c1"] * len(dates),
            "order_date": dates,
            "amount": [100_000] * len(dates),
            "status": ["completed"] * len(dates),
        }
    )


def test_day_first_when_a_day_is_above_12():
    got = prepare_orders(_orders(["31/01/2025", "03/04/2025"]))["order_date"]
    assert got.tolist() == [pd.Timestamp("2025-01-31"), pd.Timestamp("2025-04-03")]


def test_month_first_when_a_month_field_is_above_12():
    got = as_datetimes(pd.Series(["01/31/2025", "04/03/2025"]), table="t", column="d")
    assert got.tolist() == [pd.Timestamp("2025-01-31"), pd.Timestamp("2025-04-03")]


def test_iso_dates_and_times_untouched():
    got = as_datetimes(pd.Series(["2025-04-03", "2025-01-31 10:30"]), table="t", column="d")
    assert got.tolist() == [pd.Timestamp("2025-04-03"), pd.Timestamp("2025-01-31 10:30")]


def test_ambiguous_slashed_dates_are_an_error_naming_the_fix():
    with pytest.raises(InputError) as err:
        prepare_orders(_orders(["03/04/2025", "04/05/2025"]))
    e = err.value
    assert (e.table, e.column, e.row) == ("orders", "order_date", 0)
    assert "day/month" in str(e) and "YYYY-MM-DD" in str(e) and "dayfirst=True" in str(e)


def test_mixed_orders_of_fields_are_an_error():
    with pytest.raises(InputError, match="mixes day/month/year and month/day/year"):
        as_datetimes(pd.Series(["31/01/2025", "01/31/2025"]), table="t", column="d")


@pytest.mark.parametrize("placeholder", ["1900-01-01", "0001-01-01", "2205-06-30"])
def test_placeholder_years_are_an_error(placeholder):
    with pytest.raises(InputError) as err:
        prepare_orders(_orders(["2025-01-02", placeholder]))
    assert err.value.row == 1 and "placeholder" in str(err.value)
    assert "1950–2100" in str(err.value)


def test_as_timestamp_reads_day_first_and_refuses_ambiguity():
    assert as_timestamp("31/12/2025", "snapshot_date") == pd.Timestamp("2025-12-31")
    assert as_timestamp("12/31/2025", "snapshot_date") == pd.Timestamp("2025-12-31")
    with pytest.raises(ValueError, match="snapshot_date '03/04/2025' reads both"):
        as_timestamp("03/04/2025", "snapshot_date")
    with pytest.raises(ValueError, match="not a readable date"):
        as_timestamp("31/31/2025", "as_of")


# --- order statuses (same review: capitals counted as purchases, unknown statuses dropped silently)


@pytest.mark.parametrize("bad", ["COMPLETED", "Cancelled", " returned"])
def test_status_in_other_case_or_with_spaces_is_an_error(bad):
    df = _orders(["2025-01-02", "2025-01-03", "2025-01-04"]).assign(
        status=["completed", bad, "completed"]
    )
    with pytest.raises(InputError) as err:
        prepare_orders(df, require=("order", "customer", "date", "status"))
    e = err.value
    assert (e.table, e.column, e.row) == ("orders", "status", 1)
    assert "only in case or spaces" in str(e) and ".str.strip().str.lower()" in str(e)


def test_unknown_status_beside_the_shop_codes_is_an_error():
    df = _orders(["2025-01-02", "2025-01-03"]).assign(status=["completed", "refunded"])
    with pytest.raises(InputError) as err:
        prepare_orders(df, require=("order", "customer", "date", "status"))
    assert err.value.row == 1 and "'refunded'" in str(err.value)
    assert "completed, cancelled, returned" in str(err.value)


def test_own_statuses_only_are_left_to_the_methods():
    df = _orders(["2025-01-02", "2025-01-03"]).assign(status=["Delivered", "Lost"])
    assert prepare_orders(df, require=("date", "status"))["status"].tolist() == [
        "Delivered",
        "Lost",
    ]


def test_btyd_summary_no_longer_counts_capital_cancelled_as_a_purchase():
    from ecrm_lab.clv import btyd_summary

    df = _orders(["2025-01-02", "2025-01-09"]).assign(status=["completed", "CANCELLED"])
    with pytest.raises(InputError, match="only in case or spaces"):
        btyd_summary(df, as_of="2025-02-01")
