"""Expected answers for ``00_welcome_and_data``."""

from __future__ import annotations

import pandas as pd

from ..shopdata import ShopData

__all__ = ["ex_00_1", "ex_00_2", "ex_00_3"]


def ex_00_1(data: ShopData) -> int:
    """Number of customers who live in Hà Nội."""
    return int((data.customers["province"] == "Hà Nội").sum())


def ex_00_2(data: ShopData) -> float:
    """Share (0–1) of all orders paid cash on delivery (payment_method == "cod")."""
    return float((data.orders["payment_method"] == "cod").mean())


def ex_00_3(data: ShopData) -> pd.Series:
    """Revenue (sum of ``amount``) of completed orders per acquisition channel of the customer, largest first."""
    completed = data.orders[data.orders["status"] == "completed"]
    joined = completed.merge(
        data.customers[["customer_id", "acquisition_channel"]], on="customer_id"
    )
    revenue = joined.groupby("acquisition_channel", observed=True)["amount"].sum()
    return revenue.sort_values(ascending=False)
