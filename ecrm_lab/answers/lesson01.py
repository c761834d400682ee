"""Expected answers for ``01_customer_care_and_lifecycle``.

The snapshot dates are those of the exercise texts: the VietShop data run from 2024-01-01 to
2025-12-31, so a snapshot on 2025-06-30 leaves six months to see what happens next.
"""

from __future__ import annotations

from .. import lifecycle
from ..shopdata import ShopData

__all__ = ["ex_01_1", "ex_01_2", "ex_01_3", "ex_01_4"]

#: Mid-point snapshot, the start of exercise 01.3.
MID = "2025-06-30"
#: Last day of the data, used by exercises 01.1 and 01.3.
END = "2025-12-31"
#: Snapshot of exercise 01.4 (its 180-day horizon ends inside the data).
YEAR_END_2024 = "2024-12-31"


def _stages(data: ShopData, as_of: str):
    return lifecycle.assign_stages(data.customers, data.orders, data.sessions, as_of=as_of)


def ex_01_1(data: ShopData) -> int:
    """Count the customers in the retention stage (giữ chân) on 2025-12-31, default rules.

    Parameters
    ----------
    data : ShopData
        The shop (e.g. ``load_vietshop()``): customers, orders, sessions.

    Returns
    -------
    int
        The number of customers.
    """
    return int((_stages(data, END)["stage"] == "retention").sum())


def ex_01_2(data: ShopData) -> float:
    """Share (0–1) of failed repeat orders followed by another order within 90 days.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.

    Returns
    -------
    float
        The reorder rate.
    """
    out = lifecycle.repurchase_after_failure(data.orders, horizon_days=90)
    row = out[(out["order_type"] == "repeat") & (out["outcome"] == "failed")]
    return float(row["reorder_rate"].iloc[0])


def ex_01_3(data: ShopData) -> float:
    """Share (0–1) of 2025-06-30's acquisition customers in retention or expansion on 2025-12-31.

    Parameters
    ----------
    data : ShopData
        The shop (e.g. ``load_vietshop()``): customers, orders, sessions.

    Returns
    -------
    float
        The share of the acquisition row of the transition matrix.
    """
    shares = lifecycle.transition_matrix(
        data.customers, data.orders, data.sessions, start=MID, end=END
    )
    return float(shares.loc["acquisition", ["retention", "expansion"]].sum())


def ex_01_4(data: ShopData) -> str:
    """Stage code with the highest future revenue per customer (180 days after 2024-12-31).

    Parameters
    ----------
    data : ShopData
        The shop (e.g. ``load_vietshop()``): customers, orders, sessions.

    Returns
    -------
    str
        A code of :data:`ecrm_lab.lifecycle.STAGES`.
    """
    stages = _stages(data, YEAR_END_2024)
    value = lifecycle.value_by_stage(stages, data.orders, as_of=YEAR_END_2024, horizon_days=180)
    return str(value.set_index("stage")["future_revenue_per_customer"].idxmax())
