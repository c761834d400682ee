"""Selection and acquisition: campaigns, daily marketing spend, prospects and their touchpoints.

The customers already exist (:mod:`ecrm_lab.synth.people`); this part of the world adds what happened
around them, without changing them:

* every customer was first a **prospect**, first touched through their acquisition channel a few days
  before the first order; for each channel, ``1 / conversion_rate − 1`` prospects per customer never buy;
* **touchpoints** are the prospects' journeys (first touch, further clicks, visits and ad impressions
  before the first order) and the nudges before repeat orders (e-mails, Zalo messages, ads, visits);
* **marketing_spend** per day and channel: media costs per prospect reached for search, social and e-mail,
  affiliate commissions on first orders, referral bonuses, a flat SEO content cost, and **TV** flights;
* **TV is offline**: its spend builds an adstock ``A_t = spend_t + decay · A_{t−1}``; ``lag`` days later
  each million VND of adstock brings ``tv_effect`` extra first visits through direct and organic search.
  These visitors are prospects who do not order within the data (a modelling choice: the customer base
  is simulated first). The decay, lag and effect are in the ``truth_params`` table.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .calendar import TET_DATES, seasonal_curve
from .config import ShopConfig
from .ids import make_ids

__all__ = ["make_marketing", "tv_flights", "adstock"]

_CLICK_CHANNELS = ("paid_search", "facebook", "tiktok", "zalo", "email", "affiliate")
_CAMPAIGN_CHANNELS = _CLICK_CHANNELS
_EVENT_CHANNELS = ("facebook", "tiktok", "email")
_JOURNEY_MIX = {
    "email": 0.2, "facebook": 0.18, "tiktok": 0.12, "paid_search": 0.15, "organic_search": 0.1,
    "direct": 0.15, "zalo": 0.05, "affiliate": 0.05,
}  # fmt: skip
_RETENTION_MIX = {
    "email": 0.35, "direct": 0.25, "zalo": 0.1, "facebook": 0.1, "tiktok": 0.05, "organic_search": 0.1,
    "paid_search": 0.05,
}  # fmt: skip
_SOCIAL = ("facebook", "tiktok", "zalo")
_SPEND_CHANNELS = (
    "paid_search", "organic_search", "facebook", "tiktok", "zalo", "email", "affiliate", "referral", "tv",
)  # fmt: skip
_CHANNEL_VI = {
    "paid_search": "Google Ads", "facebook": "Facebook", "tiktok": "TikTok", "zalo": "Zalo",
    "email": "E-mail", "affiliate": "Tiếp thị liên kết", "tv": "Truyền hình",
}  # fmt: skip


def tv_flights(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """TV flights (name, first day, last day) between two dates: before Tết, June, before 9.9, November."""
    flights = []
    for year in range(first.year, last.year + 2):
        tet = TET_DATES.get(year)
        if tet is not None:
            flights.append((f"Tết {year}", tet - dt.timedelta(days=24), tet - dt.timedelta(days=4)))
        flights.append((f"Hè {year}", dt.date(year, 6, 1), dt.date(year, 6, 14)))
        flights.append((f"Mùa sale 9.9 – {year}", dt.date(year, 8, 26), dt.date(year, 9, 8)))
        flights.append((f"Cuối năm {year}", dt.date(year, 11, 1), dt.date(year, 11, 21)))
    return [(n, max(a, first), min(b, last)) for n, a, b in flights if b >= first and a <= last]


def adstock(spend: np.ndarray, decay: float) -> np.ndarray:
    """Geometric adstock: ``A_t = spend_t + decay · A_{t−1}`` (``A_{−1} = 0``)."""
    x = np.asarray(spend, dtype=float)
    out = np.empty_like(x)
    acc = 0.0
    for t, v in enumerate(x.tolist()):  # a few hundred days; numpy only (no scipy import)
        acc = v + decay * acc
        out[t] = acc
    return out


def _campaigns(cfg: ShopConfig) -> pd.DataFrame:
    rows = []
    start, end = cfg.start, cfg.end
    for q_start in pd.date_range(pd.Timestamp(start).to_period("Q").start_time, end, freq="QS"):
        q_end = (q_start + pd.offsets.QuarterEnd(0)).date()
        q = (q_start.month - 1) // 3 + 1
        for ch in _CAMPAIGN_CHANNELS:
            if ch == "email":
                continue
            rows.append(
                (
                    f"Luôn bật · {_CHANNEL_VI[ch]} · Q{q}/{q_start.year}",
                    ch,
                    max(q_start.date(), start),
                    min(q_end, end),
                    "acquisition",
                )
            )
    for m_start in pd.date_range(pd.Timestamp(start).replace(day=1), end, freq="MS"):
        m_end = (m_start + pd.offsets.MonthEnd(0)).date()
        rows.append(
            (
                f"Bản tin tháng {m_start.month:02d}/{m_start.year}",
                "email",
                max(m_start.date(), start),
                min(m_end, end),
                "retention",
            )
        )
    for year in range(start.year, end.year + 1):
        for month in (9, 10, 11, 12):
            day = dt.date(year, month, month)
            if start <= day <= end:
                for ch in _EVENT_CHANNELS:
                    rows.append(
                        (
                            f"Siêu sale {month}.{month} · {_CHANNEL_VI[ch]} · {year}",
                            ch,
                            max(day - dt.timedelta(days=6), start),
                            day,
                            "sale_event",
                        )
                    )
        tet = TET_DATES.get(year)
        if (
            tet is not None
            and start <= tet - dt.timedelta(days=3)
            and tet - dt.timedelta(days=21) <= end
        ):
            for ch in (*_EVENT_CHANNELS, "zalo"):
                rows.append(
                    (
                        f"Sắm Tết {year} · {_CHANNEL_VI[ch]}",
                        ch,
                        max(tet - dt.timedelta(days=21), start),
                        min(tet - dt.timedelta(days=3), end),
                        "sale_event",
                    )
                )
    for name, a, b in tv_flights(start, end):
        rows.append((f"Quảng cáo truyền hình · {name}", "tv", a, b, "brand"))
    df = pd.DataFrame(rows, columns=["name", "channel", "start_date", "end_date", "objective"])
    df = df.sort_values(["start_date", "channel", "name"], kind="stable").reset_index(drop=True)
    df.insert(0, "campaign_id", [f"CD{i:04d}" for i in range(1, len(df) + 1)])
    df["start_date"] = pd.to_datetime(df["start_date"])
    df["end_date"] = pd.to_datetime(df["end_date"])
    return df


def _campaign_lookup(campaigns: pd.DataFrame, start: dt.date, n_days: int):
    """Per (channel, objective kind) an array day → campaign id (None where no campaign runs)."""
    table: dict[tuple[str, str], np.ndarray] = {}
    t0 = pd.Timestamp(start)
    for row in campaigns.itertuples(index=False):  # tens of campaigns, not rows of data
        kind = "event" if row.objective == "sale_event" else "base"
        arr = table.setdefault((row.channel, kind), np.full(n_days, None, dtype=object))
        a, b = (row.start_date - t0).days, (row.end_date - t0).days
        arr[a : b + 1] = row.campaign_id
    return table


def _assign_campaigns(channel, day, lookup, rng) -> np.ndarray:
    out = np.full(len(channel), None, dtype=object)
    use_event = rng.random(len(channel)) < 0.7
    for ch in pd.unique(channel):  # (order does not matter; faster than np.unique)
        sel = channel == ch
        base = lookup.get((ch, "base"))
        event = lookup.get((ch, "event"))
        if base is not None:
            out[sel] = base[day[sel]]
        if event is not None:
            ev = event[day[sel]]
            pick = use_event[sel] & (ev != None)  # noqa: E711 (object array comparison)
            tmp = out[sel]
            tmp[pick] = ev[pick]
            out[sel] = tmp
    return out


def _draw(mix: dict[str, float], n: int, rng) -> np.ndarray:
    keys = np.asarray(list(mix), dtype=object)
    p = np.array(list(mix.values()), dtype=float)
    return keys[rng.choice(len(keys), n, p=p / p.sum())]


def make_marketing(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    rng: np.random.Generator,
    scale: float = 1.0,
    spend_rng: np.random.Generator | None = None,
    block: int = 0,
) -> dict[str, pd.DataFrame]:
    """Draw campaigns, marketing_spend, prospects, touchpoints and the marketing truth parameters.

    For a block of customers (:mod:`ecrm_lab.synth.parts`): ``scale`` is the block's share of all
    customers (its share of the TV and SEO budgets and of the TV visitors), ``spend_rng`` the stream
    shared by all blocks for the daily spend noise (so the blocks' spend adds up to the world's), and
    ``block`` the block number in the prospect and touchpoint ids.

    Returns
    -------
    dict of DataFrame
        ``campaigns`` (campaign_id, name, channel, start_date, end_date, objective), ``marketing_spend``
        (date, channel, spend), ``prospects`` (prospect_id, first_touch_date, channel, customer_id),
        ``touchpoints`` (touchpoint_id, prospect_id, customer_id, timestamp, channel, kind, campaign_id)
        and ``params`` (parameter, value, description) for ``truth_params``.
    """
    r_pros, r_touch, r_spend = rng.spawn(3)
    if spend_rng is not None:
        r_spend = spend_rng
    start = pd.Timestamp(cfg.start)
    n_days = (cfg.end - cfg.start).days + 1
    days = pd.date_range(cfg.start, cfg.end, freq="D")

    # ---- TV flights and adstock
    campaigns = _campaigns(cfg)
    tv_on = np.zeros(n_days, dtype=bool)
    for _, a, b in tv_flights(cfg.start, cfg.end):
        tv_on[(a - cfg.start).days : (b - cfg.start).days + 1] = True
    tv_spend = np.where(
        tv_on, np.round(cfg.tv_daily_budget * r_spend.uniform(0.85, 1.15, n_days), -3), 0.0
    )
    stock = adstock(tv_spend, cfg.tv_decay)
    lagged = np.concatenate([np.zeros(cfg.tv_lag_days), stock[: n_days - cfg.tv_lag_days]])
    tv_visits = r_pros.poisson(scale * cfg.tv_effect * lagged / 1e6)

    # ---- prospects: one per customer (converted) + the ones who never buy
    first_order = orders.groupby("customer_id", sort=False)["order_date"].min()
    cust_first = first_order.reindex(customers["customer_id"]).to_numpy()
    lag = pd.to_timedelta(r_pros.exponential(6.0, len(customers)), unit="D")
    touch0 = cust_first - lag.to_numpy()
    early = touch0 < start.to_datetime64()
    frac = r_pros.random(len(customers))
    touch0 = np.where(
        early, start.to_datetime64() + (cust_first - start.to_datetime64()) * frac, touch0
    )
    conv = pd.DataFrame(
        {
            "first_touch_date": pd.to_datetime(touch0).floor("s"),
            "channel": customers["acquisition_channel"].astype(str).to_numpy(),
            "customer_id": customers["customer_id"].to_numpy(),
        }
    )
    curve = seasonal_curve(cfg.start, cfg.end, sale_day_boost=cfg.sale_day_boost).to_numpy()
    density = curve * (1.0 + cfg.signup_growth) ** (np.arange(n_days) / 365.25)
    density = density / density.sum()
    n_by_channel = conv["channel"].value_counts()
    parts = []
    for ch in cfg.channel_mix:  # a handful of channels
        expected = n_by_channel.get(ch, 0) * (1.0 / cfg.conversion_rate[ch] - 1.0)
        k = r_pros.poisson(expected)
        parts.append(pd.DataFrame({"day": r_pros.choice(n_days, k, p=density), "channel": ch}))
    tv_days = np.repeat(np.arange(n_days), tv_visits)
    parts.append(
        pd.DataFrame(
            {
                "day": tv_days,
                "channel": np.where(r_pros.random(tv_days.size) < 0.5, "direct", "organic_search"),
            }
        )
    )
    lost = pd.concat(parts, ignore_index=True)
    lost_ts = (
        start
        + pd.to_timedelta(lost["day"].to_numpy(), unit="D")
        + pd.to_timedelta(r_pros.integers(0, 86_400, len(lost)), unit="s")
    )
    lost = pd.DataFrame(
        {"first_touch_date": lost_ts, "channel": lost["channel"].to_numpy(), "customer_id": None}
    )
    prospects = pd.concat([conv, lost], ignore_index=True)
    prospects = prospects.sort_values(["first_touch_date", "channel"], kind="stable").reset_index(
        drop=True
    )
    prospects.insert(0, "prospect_id", make_ids("TN", len(prospects), 7, block))

    # ---- touchpoints
    pid = prospects["prospect_id"].to_numpy()
    pcust = prospects["customer_id"].to_numpy()
    pch = prospects["channel"].to_numpy()
    pt0 = prospects["first_touch_date"].to_numpy()
    converted = pd.notna(pcust)
    end_ts = (pd.Timestamp(cfg.end) + pd.Timedelta(days=1)).to_datetime64()
    first_ts = first_order.reindex(pd.Series(pcust).where(converted, "")).to_numpy()
    horizon = np.where(converted, first_ts, np.minimum(pt0 + np.timedelta64(30, "D"), end_ts))
    # first touches
    kinds0 = np.where(np.isin(pch, _CLICK_CHANNELS), "click", "visit")
    t_first = pd.DataFrame(
        {"p": np.arange(len(pid)), "timestamp": pt0, "channel": pch, "kind": kinds0}
    )
    # further touches on the way to the first order (or within 30 days for those who never buy)
    m = r_touch.poisson(np.where(converted, 1.3, 0.5))
    rep = np.repeat(np.arange(len(pid)), m)
    span = (horizon - pt0)[rep]
    ts = pt0[rep] + (span * r_touch.uniform(0.0, 1.0, rep.size)).astype("timedelta64[ns]")
    ch = _draw(_JOURNEY_MIX, rep.size, r_touch)
    kind = np.where(
        np.isin(ch, _SOCIAL) & (r_touch.random(rep.size) < 0.5),
        "impression",
        np.where(np.isin(ch, _CLICK_CHANNELS), "click", "visit"),
    )
    t_more = pd.DataFrame({"p": rep, "timestamp": ts, "channel": ch, "kind": kind})
    # nudges before repeat orders
    o = orders[["customer_id", "order_date"]].sort_values("order_date", kind="stable")
    repeat = o[o.groupby("customer_id").cumcount() > 0]
    n_nudges = (r_touch.random(len(repeat)) < 0.55).astype(int) + (
        r_touch.random(len(repeat)) < 0.25
    ).astype(int)
    rr = np.repeat(np.arange(len(repeat)), n_nudges)
    order_ts = repeat["order_date"].to_numpy()[rr]
    gap = pd.to_timedelta(r_touch.exponential(1.0, rr.size), unit="D").to_numpy()
    nts = order_ts - gap
    prev = o.groupby("customer_id")["order_date"].shift(1).reindex(repeat.index).to_numpy()[rr]
    nts = np.maximum(nts, prev + (order_ts - prev) * 0.5)  # after the previous order
    nch = _draw(_RETENTION_MIX, rr.size, r_touch)
    nkind = np.where(
        np.isin(nch, _SOCIAL) & (r_touch.random(rr.size) < 0.3),
        "impression",
        np.where(np.isin(nch, _CLICK_CHANNELS), "click", "visit"),
    )
    p_of_customer = pd.Series(np.arange(len(pid))[converted], index=pcust[converted])
    t_nudge = pd.DataFrame(
        {
            "p": p_of_customer.reindex(repeat["customer_id"].to_numpy()[rr]).to_numpy(),
            "timestamp": nts,
            "channel": nch,
            "kind": nkind,
        }
    )
    touches = pd.concat([t_first, t_more, t_nudge], ignore_index=True)
    touches["timestamp"] = pd.to_datetime(touches["timestamp"]).dt.floor("s")
    touches = touches[touches["timestamp"] < pd.Timestamp(end_ts)]
    tday = (touches["timestamp"] - start).dt.days.to_numpy()
    lookup = _campaign_lookup(campaigns, cfg.start, n_days)
    camp = _assign_campaigns(touches["channel"].to_numpy(), tday, lookup, r_touch)
    touchpoints = pd.DataFrame(
        {
            "prospect_id": pid[touches["p"].to_numpy()],
            "customer_id": pcust[touches["p"].to_numpy()],
            "timestamp": touches["timestamp"].to_numpy(),
            "channel": touches["channel"].to_numpy(),
            "kind": touches["kind"].to_numpy(),
            "campaign_id": camp,
        }
    )
    touchpoints = touchpoints.sort_values(["timestamp", "prospect_id"], kind="stable").reset_index(
        drop=True
    )
    touchpoints.insert(0, "touchpoint_id", make_ids("TP", len(touchpoints), 8, block))

    # ---- daily spend per channel
    pday = (prospects["first_touch_date"] - start).dt.days.to_numpy()
    reached = pd.crosstab(pday, prospects["channel"]).reindex(range(n_days), fill_value=0)
    spend = {}
    for ch in _SPEND_CHANNELS:
        if ch in cfg.cost_per_prospect:
            noise = np.exp(r_spend.normal(0.0, 0.15, n_days))
            base = reached[ch].to_numpy() if ch in reached else np.zeros(n_days)
            spend[ch] = base * cfg.cost_per_prospect[ch] * noise
        elif ch == "organic_search":
            spend[ch] = scale * cfg.seo_daily_cost * r_spend.uniform(0.9, 1.1, n_days)
        elif ch == "tv":
            spend[ch] = scale * tv_spend
        else:
            spend[ch] = np.zeros(n_days)
    first_orders = orders.sort_values("order_date", kind="stable").drop_duplicates("customer_id")
    acq = customers.set_index("customer_id")["acquisition_channel"].astype(str)
    fo = first_orders.assign(
        channel=acq.reindex(first_orders["customer_id"]).to_numpy(),
        day=(first_orders["order_date"] - start).dt.days,
    )
    aff = (
        fo[fo["channel"] == "affiliate"]
        .groupby("day")["amount"]
        .sum()
        .reindex(range(n_days), fill_value=0)
    )
    spend["affiliate"] = cfg.affiliate_commission * aff.to_numpy()
    ref = fo[fo["channel"] == "referral"].groupby("day").size().reindex(range(n_days), fill_value=0)
    spend["referral"] = cfg.referral_bonus * ref.to_numpy()
    marketing_spend = pd.DataFrame(
        {
            "date": np.repeat(days.to_numpy(), len(_SPEND_CHANNELS)),
            "channel": np.tile(np.asarray(_SPEND_CHANNELS, dtype=object), n_days),
            "spend": np.round(
                np.column_stack([spend[c] for c in _SPEND_CHANNELS]).ravel(), -3
            ).astype(np.int64),
        }
    )

    params = [
        (
            "tv_adstock_decay",
            cfg.tv_decay,
            "TV adstock carry-over per day: A_t = spend_t + decay * A_{t-1}",
        ),
        ("tv_lag_days", float(cfg.tv_lag_days), "days between TV adstock and the extra visits"),
        (
            "tv_visits_per_million_vnd",
            cfg.tv_effect,
            "extra direct + organic first visits per day per million VND of lagged adstock",
        ),
    ]
    params += [
        (
            f"conversion_rate_{ch}",
            float(v),
            f"share of prospects first reached via {ch} who ever order",
        )
        for ch, v in cfg.conversion_rate.items()
    ]
    params += [
        (f"cost_per_prospect_{ch}", float(v), f"media cost in VND per prospect reached via {ch}")
        for ch, v in cfg.cost_per_prospect.items()
    ]
    params += [
        (
            "affiliate_commission",
            cfg.affiliate_commission,
            "affiliate commission as a share of the first order's amount",
        ),
        (
            "referral_bonus",
            cfg.referral_bonus,
            "bonus in VND per new customer acquired by referral",
        ),
    ]
    return {
        "campaigns": campaigns,
        "marketing_spend": marketing_spend,
        "prospects": prospects,
        "touchpoints": touchpoints,
        "params": pd.DataFrame(params, columns=["parameter", "value", "description"]),
    }
