"""``simulate``: one call from a config and a seed to a whole VietShop world."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..shopdata import ShopData
from .catalog import make_products
from .chats import make_chats
from .config import ShopConfig
from .marketing import make_marketing
from .people import make_customers
from .purchases import (
    HOUR_PROFILE,
    clocks,
    draw_traits,
    expected_future,
    make_order_items,
    simulate_purchases,
    voucher_rate,
)
from .sessions import make_sessions

__all__ = ["simulate", "PARTS"]

#: The parts of the world, each with its own child random stream, in spawn order. New parts are
#: appended at the end so that existing tables stay the same for the same seed.
PARTS = (
    "customers", "products", "traits", "purchases", "orders", "order_items", "sessions",
    "marketing", "chats",
)  # fmt: skip


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


def _personas(cfg: ShopConfig, traits: pd.DataFrame) -> np.ndarray:
    """Descriptive persona from the latent traits, with cut-offs from the population distributions."""
    from scipy import stats

    lam_q = stats.gamma(cfg.r, scale=1 / cfg.alpha).ppf([0.6, 0.8])
    p_q80 = stats.beta(cfg.a, cfg.b).ppf(0.8)
    # mean order value = spend_p / nu, nu ~ Gamma(q, rate gamma): its quantiles mirror nu's
    mov_q = cfg.spend_p / stats.gamma(cfg.spend_q, scale=1 / cfg.spend_gamma).ppf([0.5, 0.2])
    lam = traits["purchase_rate"].to_numpy()
    mov = traits["mean_order_value"].to_numpy()
    p = traits["dropout_prob"].to_numpy()
    return np.select(
        [
            traits["deal_seeker"].to_numpy(),
            (lam >= lam_q[1]) & (mov >= mov_q[0]),
            lam >= lam_q[0],
            mov >= mov_q[1],
            p >= p_q80,
        ],
        ["deal_seeker", "vip", "regular", "big_ticket", "fickle"],
        "occasional",
    )


def simulate(
    config: ShopConfig | None = None,
    *,
    rng: int | np.random.Generator | None = None,
    progress: Callable[[str], None] | None = None,
) -> ShopData:
    """Simulate one VietShop world.

    Parameters
    ----------
    config : ShopConfig, optional
        The scenario; default ``ShopConfig()`` (the ``small`` preset).
    rng : int, numpy.random.Generator or None
        Source of all randomness (SPEC 7). Each part of the world draws from its own child stream, so a
        table added later never changes the existing ones for the same seed.
    progress : callable, optional
        Called with the name of each part as it starts (used by the CLI's progress bar).

    Returns
    -------
    ShopData
        Tables ``customers``, ``products``, ``orders``, ``order_items``, ``sessions``, ``truth``,
        ``prospects``, ``touchpoints``, ``campaigns``, ``marketing_spend``, ``sales_chats``,
        ``chat_messages`` and ``truth_params``.

    Examples
    --------
    >>> data = simulate(ShopConfig.preset("tiny"), rng=42)
    >>> len(data.customers)
    200
    """
    if config is None:
        config = ShopConfig()
    if not isinstance(config, ShopConfig):
        raise TypeError(f"config must be a ShopConfig, not {type(config).__name__}")
    if not (rng is None or isinstance(rng, np.random.Generator)) and (
        isinstance(rng, bool) or not isinstance(rng, int | np.integer)
    ):
        raise TypeError(f"rng must be an int, a numpy Generator or None, not {type(rng).__name__}")
    if isinstance(rng, int | np.integer) and rng < 0:
        raise ValueError(f"rng must be a non-negative integer seed, got {rng}")
    cfg = config
    streams = dict(zip(PARTS, np.random.default_rng(rng).spawn(len(PARTS)), strict=True))
    step = progress or (lambda name: None)

    step("customers")
    customers = make_customers(cfg, rng=streams["customers"])
    signup_day = (customers["signup_date"] - pd.Timestamp(cfg.start)).dt.days.to_numpy()
    step("products")
    products = make_products(cfg.n_products, rng=streams["products"])

    step("traits")
    traits = draw_traits(cfg, customers["acquisition_channel"].to_numpy(), rng=streams["traits"])
    step("purchases")
    events, churn_day = simulate_purchases(cfg, signup_day, traits, rng=streams["purchases"])

    step("orders")
    r_orders = streams["orders"]
    n_orders = len(events)
    hour = r_orders.choice(24, size=n_orders, p=HOUR_PROFILE / HOUR_PROFILE.sum())
    seconds = hour * 3600 + r_orders.integers(0, 3600, n_orders)
    day_ts = pd.Timestamp(cfg.start) + pd.to_timedelta(events["day"].to_numpy(), unit="D")
    order_ts = day_ts + pd.to_timedelta(seconds, unit="s")
    chan = list(cfg.order_channel_mix)
    channel = np.asarray(chan, dtype=object)[
        r_orders.choice(len(chan), n_orders, p=list(cfg.order_channel_mix.values()))
    ]
    vrate = voucher_rate(pd.DatetimeIndex(day_ts), r_orders)
    # chronological order ids
    chrono = np.lexsort((events["cust"].to_numpy(), order_ts.to_numpy()))
    order_id = np.empty(n_orders, dtype=object)
    order_id[chrono] = _ids("DH", n_orders, 8)
    orders = pd.DataFrame(
        {
            "order_id": order_id,
            "customer_id": customers["customer_id"].to_numpy()[events["cust"].to_numpy()],
            "order_date": order_ts,
            "channel": channel,
            "payment_method": events["payment_method"].to_numpy(),
        }
    )

    step("order_items")
    fav_cat = _favourite_category(products, len(customers), streams["order_items"])
    gross_target = events["value"].to_numpy() / (1 - vrate)
    items = make_order_items(
        orders,
        products,
        fav_cat[events["cust"].to_numpy()],
        gross_target,
        rng=streams["order_items"],
    )
    gross = items.groupby("order_id", sort=False)["line_amount"].sum().reindex(orders["order_id"])
    discount = (np.round(gross.to_numpy() * vrate, -3)).astype(np.int64)
    orders["amount"] = gross.to_numpy().astype(np.int64) - discount
    orders["discount"] = discount
    orders["status"] = events["status"].to_numpy()
    orders = orders.iloc[chrono].reset_index(drop=True)
    items = (
        items.assign(
            _pos=items["order_id"].map(pd.Series(np.arange(n_orders), index=orders["order_id"]))
        )
        .sort_values(["_pos", "line_no"], kind="stable")
        .drop(columns="_pos")
        .reset_index(drop=True)
    )

    step("sessions")
    sess = make_sessions(
        cfg,
        events["cust"].to_numpy(),
        events["day"].to_numpy(),
        signup_day,
        churn_day,
        traits,
        customers["acquisition_channel"].to_numpy(),
        clocks(cfg),
        rng=streams["sessions"],
    )
    sessions = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[sess["cust"].to_numpy()],
            "session_date": pd.Timestamp(cfg.start)
            + pd.to_timedelta(sess["day"].to_numpy(), unit="D"),
            "visits": sess["visits"].to_numpy(),
            "pageviews": sess["pageviews"].to_numpy(),
            "minutes": sess["minutes"].to_numpy(),
            "traffic_source": sess["traffic_source"].to_numpy(),
        }
    )

    active = np.isnan(churn_day)
    exp_n, exp_v = expected_future(cfg, traits, active)
    churn_date = pd.Series(pd.Timestamp(cfg.start) + pd.to_timedelta(np.floor(churn_day), unit="D"))
    truth = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy(),
            "persona": _personas(cfg, traits),
            "purchase_rate": traits["purchase_rate"].round(6).to_numpy(),
            "dropout_prob": traits["dropout_prob"].round(6).to_numpy(),
            "mean_order_value": traits["mean_order_value"].round(0).to_numpy(),
            "deal_seeker": traits["deal_seeker"].to_numpy(),
            "churn_date": churn_date.to_numpy(),
            "expected_purchases_52w": np.round(exp_n, 4),
            "expected_value_52w": np.round(exp_v, 0),
        }
    )
    step("marketing")
    mk = make_marketing(cfg, customers, orders, rng=streams["marketing"])
    step("chats")
    ch = make_chats(cfg, customers, orders, items, products, mk["prospects"], rng=streams["chats"])
    truth_params = pd.concat([mk["params"], ch["params"]], ignore_index=True)

    meta = {"seed": int(rng) if isinstance(rng, int | np.integer) else None, **cfg.to_dict()}
    return ShopData(
        {
            "customers": customers,
            "products": products,
            "orders": orders,
            "order_items": items,
            "sessions": sessions,
            "truth": truth,
            "prospects": mk["prospects"],
            "touchpoints": mk["touchpoints"],
            "campaigns": mk["campaigns"],
            "marketing_spend": mk["marketing_spend"],
            "sales_chats": ch["sales_chats"],
            "chat_messages": ch["chat_messages"],
            "truth_params": truth_params,
        },
        config=meta,
    )


def _favourite_category(products: pd.DataFrame, n: int, rng: np.random.Generator) -> np.ndarray:
    """Each customer's favourite category, drawn in proportion to the shop's demand."""
    from .catalog import subcategory_table

    plan = subcategory_table()
    share = plan.groupby("category")["weight"].sum()
    return share.index.to_numpy()[rng.choice(len(share), n, p=share.to_numpy())]
