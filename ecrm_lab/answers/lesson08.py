"""Expected answers for ``08_customer_lifetime_value``.

The dates are those of the notebook: the VietShop data run from 2024-01-01 to 2025-12-31; the
CLV of section 6 is computed on the last day of the data (:data:`AS_OF`), the acquisition budget of
section 7 uses the new customers and the CAC of the first half of 2025 (:data:`H1`), as lesson 02.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import acquisition, clv
from ..errors import InputError
from ..exercises import Choice
from ..shopdata import ShopData

__all__ = [
    "AS_OF",
    "H1",
    "DISCOUNT_YEARLY",
    "DISCOUNT_MONTHLY",
    "N_MONTHS",
    "RETENTION_GAIN",
    "BUDGET_CUT",
    "CALIBRATION_END",
    "CUSTOMER",
    "gross_margin",
    "top_share",
    "yearly_retention",
    "retained_margin",
    "channel_value",
    "channel_to_cut",
    "ex_08_1",
    "ex_08_2",
    "ex_08_3",
    "ex_08_4",
    "ex_08_5",
]

#: The observation date of the CLV (the last day of the data).
AS_OF = "2025-12-31"
#: The period of the new customers and their CAC (section 7, as in lesson 02).
H1 = {"start": "2025-01-01", "end": "2025-06-30"}
#: Discount rate per year of the simple formula (section 2).
DISCOUNT_YEARLY = 0.10
#: Discount rate per month and months of the discounted CLV (section 6).
DISCOUNT_MONTHLY = 0.01
N_MONTHS = 12
#: Exercise 08.3: the rise in yearly retention (a share, +5 percentage points).
RETENTION_GAIN = 0.05
#: Exercise 08.4: the acquisition spend to cut from one paid channel (₫).
BUDGET_CUT = 10_000_000
#: Exercise 08.5: the end of the calibration period and the customer worked by hand in section 3.
CALIBRATION_END = "2024-12-31"
CUSTOMER = "KH000143"


def gross_margin(data: ShopData) -> float:
    """Gross margin share of the completed orders' revenue, from each product's margin (lesson 02).

    Parameters
    ----------
    data : ShopData
        The shop: ``orders`` (``order_id``, ``status``), ``order_items`` (``order_id``,
        ``product_id``, ``line_amount``) and ``products`` (``product_id``, ``margin``).

    Returns
    -------
    float
        Σ line_amount × margin / Σ line_amount over the lines of completed orders, in (0, 1).
    """
    done = data.orders.loc[data.orders["status"] == "completed", "order_id"]
    lines = data.order_items[data.order_items["order_id"].isin(done)]
    lines = lines.merge(data.products[["product_id", "margin"]], on="product_id")
    return float((lines["line_amount"] * lines["margin"]).sum() / lines["line_amount"].sum())


def top_share(values: pd.Series, share: float = 0.2) -> float:
    """Share of the total held by the top ``share`` of the values (the "80/20" reading).

    Parameters
    ----------
    values : Series of float
        One value per customer (≥ 0), e.g. historic CLV.
    share : float, default 0.2
        Share of customers at the top, in (0, 1]; their number is ``round(share × n)`` (at least 1).

    Returns
    -------
    float
        Sum of the largest ``round(share × n)`` values / sum of all values.
    """
    v = np.sort(np.asarray(values, dtype=float))[::-1]
    k = max(1, int(round(share * len(v))))
    return float(v[:k].sum() / v.sum())


def _completed(data: ShopData) -> pd.DataFrame:
    return data.orders[data.orders["status"] == "completed"]


def yearly_retention(data: ShopData, year: int = 2024) -> float:
    """Share of the customers with a completed order in ``year`` who have one in ``year + 1``.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.
    year : int, default 2024
        The first year.

    Returns
    -------
    float
        The yearly retention rate, in [0, 1].
    """
    done = _completed(data)
    years = done["order_date"].dt.year
    first = set(done.loc[years == year, "customer_id"])
    second = set(done.loc[years == year + 1, "customer_id"])
    return len(first & second) / len(first)


def retained_margin(data: ShopData, year: int = 2024) -> float:
    """Mean gross margin (₫) in ``year + 1`` of the customers who bought in both years.

    Parameters
    ----------
    data : ShopData
        The shop: orders, order items and products (for :func:`gross_margin`).
    year : int, default 2024
        The first year.

    Returns
    -------
    float
        The gross margin share × the mean completed revenue in ``year + 1`` of the retained
        customers.
    """
    done = _completed(data)
    years = done["order_date"].dt.year
    both = set(done.loc[years == year, "customer_id"]) & set(
        done.loc[years == year + 1, "customer_id"]
    )
    nxt = done[(years == year + 1) & done["customer_id"].isin(both)]
    return gross_margin(data) * float(nxt.groupby("customer_id")["amount"].sum().mean())


def channel_value(data: ShopData) -> pd.DataFrame:
    """Mean CLV and CAC of the customers each paid channel acquired in the first half of 2025.

    A new customer's CLV is the gross margin of their completed orders up to :data:`AS_OF` (what
    they brought in so far) plus the discounted gross margin the BG/NBD and gamma-gamma models
    expect in the next :data:`N_MONTHS` months (:func:`ecrm_lab.clv.discounted_clv` at
    :data:`DISCOUNT_MONTHLY` per month), both models fitted on all customers at :data:`AS_OF`.
    Customers belong to the channel of their first touch (as :func:`channel_economics`).

    Parameters
    ----------
    data : ShopData
        The shop: customers' prospects, orders, order items, products, marketing spend.

    Returns
    -------
    DataFrame
        One row per channel with spend and new customers, sorted by ``ratio``: ``channel``,
        ``new_customers`` (int), ``spend``, ``cac``, ``clv`` (₫, mean over the new customers) and
        ``ratio`` (= clv / cac).
    """
    margin = gross_margin(data)
    summary = clv.summary_from_transactions(data.orders, calibration_end=AS_OF)
    bgnbd = clv.fit_bgnbd(summary)
    gg = clv.fit_gamma_gamma(summary)
    future = clv.discounted_clv(
        bgnbd, gg, summary, n_periods=N_MONTHS, discount_rate=DISCOUNT_MONTHLY, margin=margin
    )
    past = clv.historic_clv(data.orders, as_of=AS_OF, margin=margin)["historic_clv"]
    value = past.add(future.reindex(past.index).fillna(0.0), fill_value=0.0)
    eco = acquisition.channel_economics(data.prospects, data.orders, data.marketing_spend, **H1)
    first = _completed(data).groupby("customer_id")["order_date"].min()
    start, end = pd.Timestamp(H1["start"]), pd.Timestamp(H1["end"]) + pd.Timedelta(days=1)
    new = first[(first >= start) & (first < end)].index
    touch = data.prospects.dropna(subset=["customer_id"]).set_index("customer_id")["channel"]
    per = pd.DataFrame({"channel": touch.reindex(new).astype(str), "clv": value.reindex(new)})
    mean_clv = per.groupby("channel")["clv"].mean()
    out = eco[(eco["spend"] > 0) & (eco["new_customers"] > 0)][
        ["channel", "new_customers", "spend", "cac"]
    ].copy()
    out["channel"] = out["channel"].astype(str)
    out["clv"] = out["channel"].map(mean_clv).astype(float)
    out["ratio"] = out["clv"] / out["cac"]
    return out.sort_values("ratio").reset_index(drop=True)


def channel_to_cut(table: pd.DataFrame, budget: float = BUDGET_CUT) -> str:
    """The paid channel whose cut of ``budget`` ₫ loses the least CLV net of its CAC.

    With the average CAC taken as the cost of the marginal customer, cutting ``budget`` from a
    channel loses ``budget / cac`` customers, each worth ``clv − cac``: a net loss of
    ``budget × (clv / cac − 1)`` — smallest for the channel with the smallest ratio. When the
    table has a ``spend`` column, only the channels that spent at least ``budget`` can lose it
    and are candidates.

    Parameters
    ----------
    table : DataFrame
        One row per channel: ``channel``, ``clv``, ``cac`` (> 0) and optionally ``spend`` (₫),
        e.g. :func:`channel_value`.
    budget : float, default 10,000,000
        The spend to cut (₫).

    Returns
    -------
    str
        The channel code.
    """
    t = table[table["cac"] > 0]
    if "spend" in t.columns:
        t = t[t["spend"] >= budget]
    if t.empty:
        raise InputError(
            f"no channel with a positive CAC spent at least {budget:,.0f} VND: "
            "lower the budget to cut or pass a table with such a channel"
        )
    loss = budget * (t["clv"] / t["cac"] - 1)
    return str(t.loc[loss.idxmin(), "channel"])


def ex_08_1(data: ShopData) -> float:
    """Share (0–1) of the historic CLV of all buyers brought by the top 20 % (on 2025-12-31).

    Parameters
    ----------
    data : ShopData
        The shop; ``orders`` (and the products' margins, which do not change the share).

    Returns
    -------
    float
        :func:`top_share` of :func:`ecrm_lab.clv.historic_clv` at :data:`AS_OF`.
    """
    hist = clv.historic_clv(data.orders, as_of=AS_OF, margin=gross_margin(data))
    return top_share(hist["historic_clv"], 0.2)


def ex_08_2(data: ShopData | None = None) -> Choice:
    """Which statement the P(alive) curves support (multiple choice).

    The curves show, for customers whose first purchase was 52 weeks ago, P(alive) against the
    weeks since the last purchase, one curve per number of repeat purchases. The answer does not
    depend on the data; ``data`` is accepted for a uniform call.

    Parameters
    ----------
    data : ShopData, optional
        Not used.

    Returns
    -------
    Choice
        The right option ``"B"`` and, for each wrong option, why it is wrong.
    """
    return Choice(
        "B",
        why={
            "A": (
                "Mua nhiều không tự bảo đảm còn hoạt động: với người mua đều đặn, một khoảng im "
                "lặng dài là điều bất thường, nên đường 10 lần mua rơi xuống nhanh hơn đường 1 lần "
                "mua khi số tuần im lặng tăng."
            ),
            "C": (
                "Nếu chỉ số tuần im lặng (recency kiểu RFM) quyết định thì các đường phải trùng "
                "nhau; chúng cắt nhau vì BG/NBD đọc khoảng im lặng so với nhịp mua của chính "
                "khách đó (tần suất)."
            ),
            "D": (
                "Trong BG/NBD khách chỉ có thể rời bỏ ngay sau một lần mua lặp lại, nên khách chưa "
                "mua lặp lại có P(còn hoạt động) bằng 1 — một giả định của mô hình, không phải "
                "bằng chứng rằng họ còn mua."
            ),
        },
    )


def ex_08_3(data: ShopData) -> float:
    """Rise (₫) of the simple-formula CLV when yearly retention rises by 5 percentage points.

    ``simple_clv(m, r + 0.05, d) − simple_clv(m, r, d)`` with ``m`` = :func:`retained_margin`,
    ``r`` = :func:`yearly_retention` (2024 → 2025) and ``d`` = :data:`DISCOUNT_YEARLY`.

    Parameters
    ----------
    data : ShopData
        The shop: orders, order items, products.

    Returns
    -------
    float
        The rise in ₫ per customer.
    """
    m, r = retained_margin(data), yearly_retention(data)
    return float(
        clv.simple_clv(m, r + RETENTION_GAIN, DISCOUNT_YEARLY)
        - clv.simple_clv(m, r, DISCOUNT_YEARLY)
    )


def ex_08_4(data: ShopData) -> str:
    """The paid channel to cut 10 million ₫ from (:func:`channel_to_cut` of :func:`channel_value`).

    Parameters
    ----------
    data : ShopData
        The shop (see :func:`channel_value`).

    Returns
    -------
    str
        A channel code.
    """
    return channel_to_cut(channel_value(data))


def ex_08_5(data: ShopData) -> float:
    """P(alive) on 2024-12-31 of the customer of section 3, by the BG/NBD fitted on 2024.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.

    Returns
    -------
    float
        :meth:`BGNBDFit.p_alive` of :data:`CUSTOMER`, the model fitted on the calibration summary
        to :data:`CALIBRATION_END`.
    """
    summary = clv.summary_from_transactions(data.orders, calibration_end=CALIBRATION_END)
    fit = clv.fit_bgnbd(summary)
    return float(fit.p_alive(summary.loc[[CUSTOMER]]).iloc[0])
