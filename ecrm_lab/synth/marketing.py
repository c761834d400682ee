"""Selection and acquisition: campaigns, daily marketing spend, prospects and their touchpoints.

The customers already exist (:mod:`ecrm_lab.synth.people`); this part of the world adds what happened
around them, without changing them:

* every customer was first a **prospect**, first touched through their acquisition channel a few days
  before the first order; for each channel, ``1 / conversion_rate − 1`` prospects per customer never buy;
* **touchpoints** are the prospects' journeys (first touch, further clicks, visits and ad impressions
  before the first order) and the nudges before repeat orders (e-mails, Zalo messages, ads, visits);
* **marketing_spend** per day and channel: media costs per prospect reached for search, social and e-mail,
  affiliate commissions on first orders, referral bonuses, SEO content and tools (a small share of the
  shop's net revenue, spread evenly over the days), and **TV** flights (a share of net revenue). Every
  budget scales with the size of the shop; none is a fixed amount of VND per day;
* **TV is offline**: its spend builds an adstock ``A_t = spend_t + decay · A_{t−1}``; ``lag`` days later
  each million VND of adstock brings ``tv_effect`` extra first visits through direct and organic search.
  A share ``tv_visit_conversion`` of these visitors become customers: they are the first touch of
  direct and organic-search customers whose first order follows within 30 days (the customer base
  is simulated first, so TV re-times these customers' first touch rather than adding customers). The
  others never order. The decay, lag, effect, conversion and the realised counts are in
  ``truth_params``.

Every per-customer quantity is additive over customer blocks: budgets are shares of the block's revenue
or costs per prospect reached, and counts are Poisson draws per block.
"""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import pandas as pd

from .. import vocabulary
from .._docs import fill_doc
from .calendar import TET_DATES, seasonal_curve
from .config import ShopConfig
from .ids import make_id_array, take_ids

__all__ = ["make_marketing", "tv_flights", "adstock", "order_by"]

_CLICK_CHANNELS = vocabulary.codes("channel", "click")
_CAMPAIGN_CHANNELS = _CLICK_CHANNELS
_EVENT_CHANNELS = vocabulary.codes("channel", "event")
_JOURNEY_MIX = {
    "email": 0.2, "facebook": 0.18, "tiktok": 0.12, "paid_search": 0.15, "organic_search": 0.1,
    "direct": 0.15, "zalo": 0.05, "affiliate": 0.05,
}  # fmt: skip
_RETENTION_MIX = {
    "email": 0.35, "direct": 0.25, "zalo": 0.1, "facebook": 0.1, "tiktok": 0.05, "organic_search": 0.1,
    "paid_search": 0.05,
}  # fmt: skip
_TV_WINDOW_DAYS = 30  # a TV-driven customer's first order follows the visit within this many days
_SOCIAL = vocabulary.codes("channel", "social")
# The rows of marketing_spend per day, in the order the spend noise is drawn (column spend_row).
_SPEND_ROW = vocabulary.mapping("channel", "spend_row")
_SPEND_CHANNELS = tuple(
    sorted(vocabulary.codes("channel", "spend"), key=lambda ch: int(_SPEND_ROW[ch]))
)
# The channel names in campaign names.
_CHANNEL_VI = {ch: vi for ch, vi in vocabulary.mapping("channel", "campaign_vi").items() if vi}


def tv_flights(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """List the TV flights between two dates: before Tết, in June, before 9.9 and in November.

    Parameters
    ----------
    first, last : datetime.date
        The period; flights that overlap it are cut to it.

    Returns
    -------
    list of tuple
        ``(name, first day, last day)`` of each flight (Vietnamese names such as ``"Tết 2025"``),
        in calendar order.
    """
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
    """Compute the geometric adstock ``A_t = spend_t + decay · A_{t−1}`` (``A_{−1} = 0``).

    Parameters
    ----------
    spend : array of float
        Spend per day, in time order.
    decay : float
        Share of yesterday's adstock carried over to today, in [0, 1).

    Returns
    -------
    numpy.ndarray of float
        The adstock of each day, the same length as ``spend``.

    Examples
    --------
    >>> adstock([100.0, 0.0, 0.0], 0.5)
    array([100.,  50.,  25.])
    """
    x = np.asarray(spend, dtype=float)
    out = np.empty_like(x)
    acc = 0.0
    for t, v in enumerate(x.tolist()):  # a few hundred days; numpy only (no scipy import)
        acc = v + decay * acc
        out[t] = acc
    return out


def order_by(major: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """Row order by ``major``, then ``minor``: ``numpy.lexsort((minor, major))``, faster.

    Integer or datetime keys are folded into one int64 key and sorted once (stable), which gives the
    same order; keys with missing times or too wide a range fall back to ``numpy.lexsort``.

    Parameters
    ----------
    major, minor : ndarray of int or datetime64
        The sort keys, of the same length.

    Returns
    -------
    numpy.ndarray of int
        The positions of the rows in sorted order (ties keep their order).

    Examples
    --------
    >>> order_by(np.array([2, 1, 2, 1]), np.array([0, 5, -1, 5])).tolist()
    [1, 3, 2, 0]
    """
    keys = []
    for k in (major, minor):
        if np.issubdtype(k.dtype, np.datetime64):
            if np.isnat(k).any():
                return np.lexsort((minor, major))
            k = k.view(np.int64)
        keys.append(np.asarray(k, dtype=np.int64))
    a, b = keys
    if not a.size:
        return np.lexsort((minor, major))
    a0, b0 = int(a.min()), int(b.min())
    width = int(b.max()) - b0 + 1
    span = (int(a.max()) - a0 + 1) * width
    if span >= 2**62:
        return np.lexsort((minor, major))
    key = (a - a0) * width + (b - b0)
    n = key.size
    if span * n < 2**62:
        # Ties broken by the row number make every key unique, so an unstable sort of the values
        # (numpy's SIMD sort: several times faster than a stable argsort) gives the same order.
        return np.sort(key * n + np.arange(n)) % n
    return np.argsort(key, kind="stable")


@functools.lru_cache(maxsize=8)
def _campaign_table(start: dt.date, end: dt.date) -> pd.DataFrame:
    return _make_campaigns(start, end)


def _campaigns(cfg: ShopConfig) -> pd.DataFrame:
    """The campaigns of the period (the same for every block: built once, a copy each time)."""
    return _campaign_table(cfg.start, cfg.end).copy()


def _make_campaigns(start: dt.date, end: dt.date) -> pd.DataFrame:
    rows = []
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


#: Channel names as integer codes (alphabetical, so sorting by code sorts by name).
_CHANNELS = np.asarray(sorted(vocabulary.codes("channel", "touch")), dtype=object)
_CODE = {c: i for i, c in enumerate(_CHANNELS)}


def _codes(names) -> np.ndarray:
    codes = pd.Index(_CHANNELS).get_indexer(np.asarray(names, dtype=object))
    if (codes < 0).any():
        raise KeyError(np.asarray(names, dtype=object)[codes < 0][0])  # as _CODE[name] would
    return codes.astype(np.int64)


def _campaign_lookup(campaigns: pd.DataFrame, start: dt.date, n_days: int):
    """Arrays (channel code, day) → campaign row (−1 where none runs), for base and sale-event ones."""
    base = np.full((len(_CHANNELS), n_days), -1, dtype=np.int64)
    event = base.copy()
    t0 = pd.Timestamp(start)
    for i, row in enumerate(campaigns.itertuples(index=False)):  # tens of campaigns, not rows
        arr = event if row.objective == "sale_event" else base
        a, b = (row.start_date - t0).days, (row.end_date - t0).days
        arr[_CODE[row.channel], a : b + 1] = i
    return base, event


def _assign_campaigns(code, day, lookup, rng) -> np.ndarray:
    """Campaign row per touch: a sale event running that day (7 times in 10), else the always-on one."""
    base, event = lookup
    use_event = rng.random(len(code)) < 0.7
    ev = event[code, day]
    return np.where(use_event & (ev >= 0), ev, base[code, day])


_GRID = 2**14  # cells of [0, 1) in a _cdf_table (a power of two: u * _GRID is exact)


def _cdf_table(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What ``rng.choice(len(p), n, p=p)`` searches: its cdf, and the answer per cell of [0, 1).

    ``cell[b]`` is the position every ``u`` in ``[b, b + 1) / _GRID`` gets (``cdf.searchsorted(u,
    side="right")``), or −1 where a cdf value falls inside the cell and ``u`` must be searched.
    """
    cdf = np.asarray(p, dtype=float).cumsum()  # as numpy's Generator.choice does
    cdf /= cdf[-1]
    scaled = cdf * _GRID  # exact; cell b is [b, b + 1) on this scale
    # cdf values <= the start b of each cell, and < its end b + 1 (counted, not searched)
    lo = np.bincount(np.ceil(scaled).astype(np.int64), minlength=_GRID + 1).cumsum()[:_GRID]
    hi = np.bincount(np.floor(scaled).astype(np.int64), minlength=_GRID + 1).cumsum()[:_GRID]
    cell = np.where(lo == hi, lo, -1)
    cdf.setflags(write=False)
    cell.setflags(write=False)
    return cdf, cell


def _choice(rng: np.random.Generator, table: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    """``rng.choice(len(p), n, p=p)`` for ``table = _cdf_table(p)``: the same draw, the same result.

    numpy draws ``rng.random(n)`` and binary-searches the cdf for each; a look-up in the table's
    cells answers all but the few % of draws that fall in a cell holding a cdf value (the search
    mispredicts a branch at every step: several times slower for 10⁵ draws).
    """
    cdf, cell = table
    u = rng.random(n)
    out = cell[(u * _GRID).astype(np.int64)]
    unsure = out < 0
    out[unsure] = cdf.searchsorted(u[unsure], side="right")
    return out


@functools.lru_cache(maxsize=8)
def _mix_table(mix: tuple[tuple[str, float], ...]) -> tuple[np.ndarray, tuple]:
    keys = _codes([ch for ch, _ in mix])
    p = np.array([w for _, w in mix], dtype=float)
    keys.setflags(write=False)
    return keys, _cdf_table(p / p.sum())


def _draw(mix: dict[str, float], n: int, rng) -> np.ndarray:
    """Channel codes drawn from ``mix`` (as ``keys[rng.choice(len(keys), n, p=weights)]``)."""
    keys, table = _mix_table(tuple(mix.items()))
    return keys[_choice(rng, table, n)]


@fill_doc
def make_marketing(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    rng: np.random.Generator,
    spend_rng: np.random.Generator | None = None,
    block: int = 0,
) -> dict[str, pd.DataFrame]:
    """Draw campaigns, marketing_spend, prospects, touchpoints and the marketing truth parameters.

    Parameters
    ----------
    cfg : ShopConfig
        The scenario (budgets, conversion rates, TV adstock truth).
    customers : DataFrame
        ``customer_id``, ``acquisition_channel`` (one row per customer).
    orders : DataFrame
        ``customer_id``, ``order_date``, ``amount`` (VND), ``status`` (``completed`` counts as revenue).
    {synth_rng}
    spend_rng : numpy.random.Generator, optional
        The stream shared by all customer blocks for the daily spend noise. Every budget is a share
        of the block's own revenue or a cost per prospect it reached, so the blocks' spend adds up
        to the world's (:mod:`ecrm_lab.synth.parts`).
    {synth_block}

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
    t0 = start.to_datetime64().astype("datetime64[ns]")
    n_days = (cfg.end - cfg.start).days + 1
    days = pd.date_range(cfg.start, cfg.end, freq="D")

    # ---- revenue: the base of the budgets that are a share of sales
    completed = (orders["status"] == "completed").to_numpy(dtype=bool)
    net_revenue = float(orders["amount"].to_numpy()[completed].sum())

    # ---- TV flights and adstock
    campaigns = _campaigns(cfg)
    tv_on = np.zeros(n_days, dtype=bool)
    for _, a, b in tv_flights(cfg.start, cfg.end):
        tv_on[(a - cfg.start).days : (b - cfg.start).days + 1] = True
    weight = np.where(tv_on, r_spend.uniform(0.85, 1.15, n_days), 0.0)
    tv_budget = cfg.tv_budget_share * net_revenue
    tv_spend = (
        np.round(tv_budget * weight / weight.sum(), -3) if weight.sum() > 0 else np.zeros(n_days)
    )
    stock = adstock(tv_spend, cfg.tv_decay)
    lagged = np.concatenate([np.zeros(cfg.tv_lag_days), stock[: n_days - cfg.tv_lag_days]])
    tv_visits = r_pros.poisson(cfg.tv_effect * lagged / 1e6)

    # ---- prospects: one per customer (converted) + the ones who never buy
    cust_ids = customers["customer_id"].to_numpy()
    o_cust = pd.Index(cust_ids).get_indexer(orders["customer_id"].to_numpy())
    o_ts = orders["order_date"].to_numpy().astype("datetime64[ns]")
    # each customer's first order (NaT without orders), by one pass over the orders
    first_ns = np.full(len(customers), np.iinfo(np.int64).max)
    dated = (o_cust >= 0) & ~np.isnat(o_ts)
    np.minimum.at(first_ns, o_cust[dated], o_ts[dated].view(np.int64))
    cust_first = np.where(
        first_ns == np.iinfo(np.int64).max, np.datetime64("NaT", "ns"), first_ns.view("M8[ns]")
    )
    lag = (r_pros.exponential(6.0, len(customers)) * 86_400e9).astype("timedelta64[ns]")
    touch0 = cust_first - lag
    early = touch0 < t0
    frac = r_pros.random(len(customers))
    touch0 = np.where(early, t0 + ((cust_first - t0) * frac).astype("timedelta64[ns]"), touch0)
    cust_code = _codes(customers["acquisition_channel"].astype(str))

    # TV visitors: their time of arrival; a share become the first touch of direct/organic customers
    tv_days = np.repeat(np.arange(n_days), tv_visits)
    tv_ts = np.sort(
        t0 + (tv_days * 86_400 + r_pros.integers(0, 86_400, tv_days.size)).astype("timedelta64[s]")
    )
    wants = r_pros.random(tv_ts.size) < cfg.tv_visit_conversion
    pool = np.flatnonzero(np.isin(cust_code, _codes(("direct", "organic_search"))))
    pool = pool[np.argsort(cust_first[pool], kind="stable")]
    pool_first = cust_first[pool]
    # each converting visitor is a direct/organic customer whose first order follows within 30 days
    lo = np.searchsorted(pool_first, tv_ts[wants], side="right")
    hi = np.searchsorted(
        pool_first, tv_ts[wants] + np.timedelta64(_TV_WINDOW_DAYS, "D"), side="right"
    )
    cand = lo + np.floor(r_pros.random(lo.size) * (hi - lo)).astype(np.int64)
    ok = hi > lo
    ok &= ~pd.Series(np.where(ok, cand, -1)).duplicated().to_numpy()
    cand = np.where(ok, cand, 0)
    touch0[pool[cand[ok]]] = tv_ts[wants][ok]
    converted_tv = np.zeros(tv_ts.size, dtype=bool)
    converted_tv[np.flatnonzero(wants)[ok]] = True
    n_tv_customers = int(ok.sum())

    curve = seasonal_curve(cfg.start, cfg.end, sale_day_boost=cfg.sale_day_boost).to_numpy()
    density = curve * (1.0 + cfg.signup_growth) ** (np.arange(n_days) / 365.25)
    density = density / density.sum()
    n_by_code = np.bincount(cust_code, minlength=len(_CHANNELS))
    lost_day, lost_code = [], []
    day_table = _cdf_table(density)
    for ch in cfg.channel_mix:  # a handful of channels
        expected = n_by_code[_CODE[ch]] * (1.0 / cfg.conversion_rate[ch] - 1.0)
        k = r_pros.poisson(expected)
        lost_day.append(_choice(r_pros, day_table, k))  # r_pros.choice(n_days, k, p=density)
        lost_code.append(np.full(k, _CODE[ch]))
    lost_day = np.concatenate(lost_day)
    lost_ts = t0 + (lost_day * 86_400 + r_pros.integers(0, 86_400, lost_day.size)).astype(
        "timedelta64[s]"
    )
    tv_lost = tv_ts[~converted_tv]
    tv_lost_code = np.where(
        r_pros.random(tv_lost.size) < 0.5, _CODE["direct"], _CODE["organic_search"]
    )
    p_ts = np.concatenate([touch0, lost_ts, tv_lost]).astype("datetime64[s]")
    p_code = np.concatenate([cust_code, *lost_code, tv_lost_code])
    p_cust = np.concatenate([np.arange(len(customers)), np.full(p_code.size - len(customers), -1)])
    order = order_by(p_ts, p_code)  # by time, then channel name
    p_ts, p_code, p_cust = p_ts[order], p_code[order], p_cust[order]
    n_p = p_ts.size
    pid = make_id_array("TN", n_p, 7, block)
    converted = p_cust >= 0
    pcust = take_ids(customers["customer_id"], p_cust)  # −1 (never bought): missing
    prospects = pd.DataFrame(
        {
            "prospect_id": pid,
            "first_touch_date": p_ts.astype("datetime64[ns]"),
            "channel": pd.Categorical.from_codes(p_code, _CHANNELS),
            "customer_id": pcust,
        }
    )

    # ---- touchpoints
    pt0 = p_ts.astype("datetime64[ns]")
    end_ts = (pd.Timestamp(cfg.end) + pd.Timedelta(days=1)).to_datetime64().astype("datetime64[ns]")
    first_of_p = np.full(n_p, end_ts)
    first_of_p[converted] = cust_first[p_cust[converted]]
    horizon = np.where(converted, first_of_p, np.minimum(pt0 + np.timedelta64(30, "D"), end_ts))
    click_codes = _codes(_CLICK_CHANNELS)
    social_codes = _codes(_SOCIAL)
    kind_names = np.asarray(vocabulary.codes("touch_kind"), dtype=object)
    kind_code = {k: i for i, k in enumerate(kind_names)}
    click, visit, impression = kind_code["click"], kind_code["visit"], kind_code["impression"]
    # first touches
    k_first = np.where(np.isin(p_code, click_codes), click, visit)
    # further touches on the way to the first order (or within 30 days for those who never buy)
    m = r_touch.poisson(np.where(converted, 1.3, 0.5))
    rep = np.repeat(np.arange(n_p), m)
    span = (horizon - pt0)[rep]
    ts_more = pt0[rep] + (span * r_touch.uniform(0.0, 1.0, rep.size)).astype("timedelta64[ns]")
    c_more = _draw(_JOURNEY_MIX, rep.size, r_touch)
    k_more = np.where(
        np.isin(c_more, social_codes) & (r_touch.random(rep.size) < 0.5),
        impression,
        np.where(np.isin(c_more, click_codes), click, visit),
    )
    # nudges before repeat orders
    o_sort = np.lexsort((o_ts, o_cust))  # by customer, then time
    oc, ot = o_cust[o_sort], o_ts[o_sort]
    is_repeat = np.r_[False, oc[1:] == oc[:-1]]
    prev_ts = np.r_[ot[:1], ot[:-1]]
    # keep the draws in chronological order of the repeat orders (as before)
    chrono = np.argsort(ot[is_repeat], kind="stable")
    r_cust, r_ts, r_prev = oc[is_repeat][chrono], ot[is_repeat][chrono], prev_ts[is_repeat][chrono]
    n_rep = r_ts.size
    n_nudges = (r_touch.random(n_rep) < 0.55).astype(int) + (r_touch.random(n_rep) < 0.25)
    rr = np.repeat(np.arange(n_rep), n_nudges)
    order_ts = r_ts[rr]
    gap = (r_touch.exponential(1.0, rr.size) * 86_400e9).astype("timedelta64[ns]")
    prev = r_prev[rr]
    nts = np.maximum(order_ts - gap, prev + ((order_ts - prev) * 0.5).astype("timedelta64[ns]"))
    c_nudge = _draw(_RETENTION_MIX, rr.size, r_touch)
    k_nudge = np.where(
        np.isin(c_nudge, social_codes) & (r_touch.random(rr.size) < 0.3),
        impression,
        np.where(np.isin(c_nudge, click_codes), click, visit),
    )
    p_of_customer = np.full(len(customers), -1)
    p_of_customer[p_cust[converted]] = np.flatnonzero(converted)
    t_p = np.concatenate([np.arange(n_p), rep, p_of_customer[r_cust[rr]]])
    t_ts = np.concatenate([pt0, ts_more, nts]).astype("datetime64[s]")
    t_code = np.concatenate([p_code, c_more, c_nudge])
    t_kind = np.concatenate([k_first, k_more, k_nudge])
    keep = t_ts < end_ts.astype("datetime64[s]")
    t_p, t_ts, t_code, t_kind = t_p[keep], t_ts[keep], t_code[keep], t_kind[keep]
    tday = ((t_ts - t0.astype("datetime64[s]")) // np.timedelta64(1, "D")).astype(np.int64)
    camp = _assign_campaigns(t_code, tday, _campaign_lookup(campaigns, cfg.start, n_days), r_touch)
    order = order_by(t_ts, t_p)  # by time, then prospect (ids are in prospect order)
    t_p, t_ts, t_code, t_kind, camp = (x[order] for x in (t_p, t_ts, t_code, t_kind, camp))
    touchpoints = pd.DataFrame(
        {
            "touchpoint_id": make_id_array("TP", t_p.size, 8, block),
            "prospect_id": take_ids(pid, t_p),
            "customer_id": take_ids(pcust, t_p),
            "timestamp": t_ts.astype("datetime64[ns]"),
            "channel": pd.Categorical.from_codes(t_code, _CHANNELS),
            "kind": pd.Categorical.from_codes(t_kind, kind_names),
            "campaign_id": take_ids(campaigns["campaign_id"], camp),  # −1: none
        }
    )

    # ---- daily spend per channel
    pday = ((p_ts - t0.astype("datetime64[s]")) // np.timedelta64(1, "D")).astype(np.int64)
    reached = np.bincount(p_code * n_days + pday, minlength=len(_CHANNELS) * n_days).reshape(
        len(_CHANNELS), n_days
    )
    fo_cust, fo_day = oc[~is_repeat], (ot[~is_repeat] - t0) // np.timedelta64(1, "D")
    fo_amount = orders["amount"].to_numpy()[o_sort][~is_repeat].astype(float)
    fo_code = cust_code[fo_cust]
    spend = {}
    for ch in _SPEND_CHANNELS:
        if ch in cfg.cost_per_prospect:
            noise = np.exp(r_spend.normal(0.0, 0.15, n_days))
            spend[ch] = reached[_CODE[ch]] * cfg.cost_per_prospect[ch] * noise
        elif ch == "organic_search":  # content and tools: a share of revenue, evenly over the days
            spend[ch] = (
                cfg.seo_cost_share * net_revenue / n_days * r_spend.uniform(0.9, 1.1, n_days)
            )
        elif ch == "tv":
            spend[ch] = tv_spend
        else:
            spend[ch] = np.zeros(n_days)
    aff = fo_code == _CODE["affiliate"]
    spend["affiliate"] = cfg.affiliate_commission * np.bincount(
        fo_day[aff], weights=fo_amount[aff], minlength=n_days
    )
    ref = fo_code == _CODE["referral"]
    spend["referral"] = cfg.referral_bonus * np.bincount(fo_day[ref], minlength=n_days)
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
        ("tv_budget_share", cfg.tv_budget_share, "TV budget as a share of net (completed) revenue"),
        (
            "tv_visit_conversion",
            cfg.tv_visit_conversion,
            "planted share of TV-driven visitors who become customers",
        ),
        ("tv_visits_realised", float(tv_ts.size), "TV-driven first visits drawn (realised count)"),
        (
            "tv_driven_customers_realised",
            float(n_tv_customers),
            "direct/organic customers whose first touch is a TV-driven visit (realised count)",
        ),
        (
            "seo_cost_share",
            cfg.seo_cost_share,
            "SEO content and tools as a share of net (completed) revenue",
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
