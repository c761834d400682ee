"""Orders: turn the purchase events into the ``orders`` and ``order_items`` tables.

Two steps, each with its own random stream (see :mod:`ecrm_lab.synth.parts`):

* :func:`order_heads` gives every purchase event a time of day (evening peak), an order channel, a
  voucher rate and a chronological order id;
* :func:`finish_orders` draws the lines of every order (:func:`~ecrm_lab.synth.purchases.make_order_items`)
  from the customer's favourite category, then sets ``amount`` (gross − discount), ``discount`` and
  ``status`` and sorts both tables chronologically.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .config import ShopConfig
from .ids import make_id_array, take_ids
from .purchases import HOUR_PROFILE, order_lines, voucher_rate

__all__ = ["order_heads", "finish_orders", "favourite_category"]


@fill_doc
def order_heads(
    cfg: ShopConfig,
    events: pd.DataFrame,
    customer_id: np.ndarray,
    *,
    rng: np.random.Generator,
    block: int = 0,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Make the order header rows in event order (one per purchase event), not yet chronological.

    Parameters
    ----------
    {synth_cfg}
    events : DataFrame
        From :func:`~ecrm_lab.synth.purchases.simulate_purchases`: ``cust`` (customer position),
        ``day`` (day offset), ``payment_method``, ``status``, ``value``.
    customer_id : array of str
        Customer id by position.
    {synth_rng}
    {synth_block}

    Returns
    -------
    orders : DataFrame
        ``order_id``, ``customer_id``, ``order_date`` (timestamp), ``channel``, ``payment_method``.
    vrate : array of float
        Voucher rate (share of the gross value paid by a voucher) of each order.
    chrono : array of int
        Positions of the orders in chronological order.
    """
    n_orders = len(events)
    hour = rng.choice(24, size=n_orders, p=HOUR_PROFILE / HOUR_PROFILE.sum())
    seconds = hour * 3600 + rng.integers(0, 3600, n_orders)
    day_ts = pd.Timestamp(cfg.start) + pd.to_timedelta(events["day"].to_numpy(), unit="D")
    order_ts = day_ts + pd.to_timedelta(seconds, unit="s")
    chan = list(cfg.order_channel_mix)
    channel = np.asarray(chan, dtype=object)[
        rng.choice(len(chan), n_orders, p=list(cfg.order_channel_mix.values()))
    ]
    vrate = voucher_rate(pd.DatetimeIndex(day_ts), rng)
    chrono = np.lexsort((events["cust"].to_numpy(), order_ts.to_numpy()))
    rank = np.empty(n_orders, dtype=np.int64)  # chronological position of each order
    rank[chrono] = np.arange(n_orders)
    # ids taken in Arrow (text columns without a Python object per row)
    order_id = make_id_array("DH", n_orders, 8, block).take(rank)
    orders = pd.DataFrame(
        {
            "order_id": order_id,
            "customer_id": take_ids(customer_id, events["cust"].to_numpy()),
            "order_date": order_ts,
            "channel": channel,
            "payment_method": events["payment_method"].to_numpy(),
        }
    )
    return orders, vrate, chrono


@fill_doc
def favourite_category(n: int, rng: np.random.Generator) -> np.ndarray:
    """Draw each customer's favourite category, in proportion to the shop's demand.

    Parameters
    ----------
    n : int
        Number of customers.
    {synth_rng}

    Returns
    -------
    numpy.ndarray of str
        ``n`` category names of :data:`~ecrm_lab.synth.catalog.SUBCATEGORIES`.
    """
    from .catalog import subcategory_table

    plan = subcategory_table()
    share = plan.groupby("category")["weight"].sum()
    return share.index.to_numpy()[rng.choice(len(share), n, p=share.to_numpy())]


@fill_doc
def finish_orders(
    orders: pd.DataFrame,
    vrate: np.ndarray,
    chrono: np.ndarray,
    events: pd.DataFrame,
    products: pd.DataFrame,
    n_customers: int,
    *,
    rng: np.random.Generator,
    behaviours=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw the order lines and complete the orders.

    Parameters
    ----------
    orders : DataFrame
        The order heads of :func:`order_heads`, in event order.
    vrate : array of float
        Voucher rate of each order (from :func:`order_heads`).
    chrono : array of int
        Positions of the orders in chronological order (from :func:`order_heads`).
    events : DataFrame
        The purchase events the orders were made from (``cust``, ``status``, ``value``: the
        gamma-gamma value paid, VND), one row per order in the same order.
    products : DataFrame
        The catalogue (:func:`~ecrm_lab.synth.catalog.make_products`): ``product_id``,
        ``subcategory``, ``price``.
    n_customers : int
        Number of customers the ``cust`` positions refer to (each gets a favourite category).
    {synth_rng}
    behaviours : BasketBehaviours, optional
        The opt-in up-sell and replenishment behaviours
        (:class:`~ecrm_lab.synth.expansion.BasketBehaviours`); None (the default): off.

    Returns
    -------
    orders : DataFrame
        The input columns plus ``amount`` (VND paid, gross − discount), ``discount`` (VND) and
        ``status``; chronological.
    order_items : DataFrame
        ``order_id``, ``line_no``, ``product_id``, ``quantity``, ``unit_price``, ``line_amount``, in the
        order of ``orders``.
    """
    n_orders = len(orders)
    fav_cat = favourite_category(n_customers, rng)
    gross_target = events["value"].to_numpy() / (1 - vrate)
    order_pos, lines = order_lines(
        n_orders,
        products,
        fav_cat[events["cust"].to_numpy()],
        gross_target,
        rng=rng,
        behaviours=behaviours,
        events=events,
    )
    n_lines = np.bincount(order_pos, minlength=n_orders)
    if n_orders and n_lines.min() == 0:  # an order without lines (a behaviour removed them all)
        raise RuntimeError("an order was left without lines; please report this as a bug")
    # the sums are exact in float64: fewer than 2**53 VND per block
    gross = np.bincount(order_pos, weights=lines["line_amount"], minlength=n_orders)
    gross = gross.astype(np.int64)
    discount = (np.round(gross * vrate, -3)).astype(np.int64)
    orders = orders.assign(
        amount=gross - discount,
        discount=discount,
        status=events["status"].to_numpy(),
    )
    orders = orders.iloc[chrono].reset_index(drop=True)
    rank = np.empty(n_orders, dtype=np.int64)  # chronological position of each order
    rank[chrono] = np.arange(n_orders)
    line_order = np.lexsort((lines["line_no"], rank[order_pos]))  # stable, like sort_values
    items = pd.DataFrame(
        {
            "order_id": orders["order_id"].array.take(rank[order_pos[line_order]]),
            **{name: col.take(line_order) for name, col in lines.items()},
        }
    )
    return orders, items
