"""Campaign e-mails: who got which e-mail, and whether they opened, clicked and bought (``emails``).

The campaigns are data (vocabulary kind ``email_campaign``, ``data/vocabulary/email_campaign.csv``):
each row names what fixes the send day (``anchor``) and the day relative to it (``offset_days``):

* ``tet`` — the first day of the lunar new year (:data:`~ecrm_lab.synth.calendar.TET_DATES`);
* ``date`` — a month and day every year (8 March, the 9.9, 11.11 and 12.12 mega sales);
* ``birthday`` — the customer's birthday (a day of the year drawn for each customer: the data hold
  only the birth year);
* ``lapsed`` — ``offset_days`` after a customer's order when no order followed by then (the
  re-engagement e-mail; at most one per gap between orders).

Who gets them: a share ``email_optin_share`` of the customers subscribed (drawn per customer), from
the day after their signup to the end of the data; after each e-mail a subscriber leaves the list
with probability ``email_rates["unsubscribe"]`` and gets no more e-mails.

What is planted (recorded in ``crm_truth``): every e-mail is personalised at random with
probability ``email_personalised_share`` (so the effect is identifiable); it is opened with
probability ``email_rates["open"]`` (``"open_personalised"`` when personalised) and, once opened,
clicked with probability ``email_rates["click"]`` (``"click_personalised"``). Opening and clicking
do not depend on anything else. ``converted`` is not a draw: an e-mail converted when it was clicked
and the customer placed an order (any status) in the ``email_conversion_days`` days after the send
day — the orders are the simulator's own, so the e-mails do not cause orders: a conversion is an
attribution (last click within the window), as a shop's e-mail tool would report it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .. import vocabulary
from .._docs import fill_doc
from ._common import truth_rows
from .calendar import TET_DATES
from .config import ShopConfig
from .ids import make_ids
from .service import index_of

__all__ = ["make_emails", "campaign_table"]

_ANCHORS = ("tet", "date", "birthday", "lapsed")


def campaign_table() -> pd.DataFrame:
    """The e-mail campaigns of the vocabulary (kind ``email_campaign``), with typed columns.

    Returns
    -------
    pandas.DataFrame
        One row per campaign, in vocabulary order: ``code``, ``order``, ``vi``, ``en``, ``anchor``
        (``tet``, ``date``, ``birthday`` or ``lapsed``), ``month`` and ``day`` (int, 0 unless the
        anchor is ``date``) and ``offset_days`` (int).

    Examples
    --------
    >>> campaign_table().set_index("code").loc["sale_11_11", ["month", "day", "offset_days"]].tolist()
    [11, 11, -1]
    """
    df = vocabulary.table("email_campaign")
    bad = sorted(set(df["anchor"]) - set(_ANCHORS))
    if bad:
        raise ValueError(
            f"email_campaign.csv has unknown anchor(s) {', '.join(bad)}; use one of "
            f"{', '.join(_ANCHORS)}"
        )
    for col in ("month", "day", "offset_days"):
        df[col] = pd.to_numeric(df[col].replace("", "0")).astype(np.int64)
    return df


def _calendar_sends(cfg: ShopConfig, campaigns: pd.DataFrame) -> list[tuple[int, int]]:
    """(campaign position, day offset) of every send of the ``tet`` and ``date`` campaigns."""
    start, end = cfg.start, cfg.end
    out = []
    for pos, row in enumerate(campaigns.itertuples()):
        if row.anchor not in ("tet", "date"):
            continue
        for year in range(start.year, end.year + 2):
            if row.anchor == "tet":
                if year not in TET_DATES:
                    continue
                anchor = TET_DATES[year]
            else:
                anchor = dt.date(year, row.month, row.day)
            day = anchor + dt.timedelta(days=int(row.offset_days))
            if start <= day <= end:
                out.append((pos, (day - start).days))
    return out


def _order_days(customers: pd.DataFrame, orders: pd.DataFrame, start: dt.date):
    """Customer position and day offset of every order, sorted by customer then day."""
    pos = index_of(customers["customer_id"], orders["customer_id"])
    day = (orders["order_date"].dt.normalize() - pd.Timestamp(start)).dt.days.to_numpy()
    order = np.lexsort((day, pos))
    return pos[order].astype(np.int64), day[order].astype(np.int64)


@fill_doc
def make_emails(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    rng: np.random.Generator,
    block: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Send the campaign e-mails of one customer block and draw opens, clicks and conversions.

    Parameters
    ----------
    {synth_cfg}
    customers : DataFrame
        The block's customers: ``customer_id``, ``signup_date``.
    orders : DataFrame
        Their orders: ``customer_id``, ``order_date``.
    {synth_rng}
    {synth_block}

    Returns
    -------
    emails : DataFrame
        One row per e-mail sent, chronological: ``email_id`` (``EM00000001`` …, numbered within the
        block), ``campaign`` (code of the ``email_campaign`` vocabulary), ``customer_id``,
        ``sent_date`` (day), ``personalised``, ``opened``, ``clicked``, ``converted`` (bool;
        converted ⇒ clicked ⇒ opened).
    truth : DataFrame
        The planted values (rows of ``crm_truth``): ``parameter``, ``value``, ``n`` (e-mails of the
        block), ``description``.
    """
    start = cfg.start
    n = len(customers)
    n_days = (cfg.end - start).days + 1
    campaigns = campaign_table()
    signup = (customers["signup_date"] - pd.Timestamp(start)).dt.days.to_numpy()
    subscribed = rng.random(n) < cfg.email_optin_share
    birthday = rng.integers(0, 365, n)  # day of a non-leap year
    subs = np.flatnonzero(subscribed)

    o_cust, o_day = _order_days(customers, orders, start)
    cust_parts, day_parts, camp_parts = [], [], []
    for pos, day in _calendar_sends(cfg, campaigns):
        who = subs[signup[subs] < day]
        cust_parts.append(who)
        day_parts.append(np.full(who.size, day))
        camp_parts.append(np.full(who.size, pos))
    for pos, row in enumerate(campaigns.itertuples()):
        if row.anchor == "birthday":
            for year in range(start.year, cfg.end.year + 1):
                bday = pd.Timestamp(year, 1, 1) + pd.to_timedelta(birthday[subs], unit="D")
                if year % 4 == 0:  # the reference year has no 29 February
                    bday = bday + pd.to_timedelta((birthday[subs] >= 59).astype(int), unit="D")
                day = (bday - pd.Timestamp(start)).days.to_numpy() + int(row.offset_days)
                keep = (day > signup[subs]) & (day >= 0) & (day < n_days)
                cust_parts.append(subs[keep])
                day_parts.append(day[keep])
                camp_parts.append(np.full(int(keep.sum()), pos))
        elif row.anchor == "lapsed":
            nxt_same = np.append(o_cust[1:] == o_cust[:-1], False)
            nxt_day = np.where(nxt_same, np.append(o_day[1:], 0), np.iinfo(np.int64).max)
            send = o_day + int(row.offset_days)
            keep = subscribed[o_cust] & (send < nxt_day) & (send < n_days) & (send > o_day)
            cust_parts.append(o_cust[keep])
            day_parts.append(send[keep])
            camp_parts.append(np.full(int(keep.sum()), pos))
    cust = np.concatenate(cust_parts).astype(np.int64) if cust_parts else np.zeros(0, np.int64)
    day = np.concatenate(day_parts).astype(np.int64) if day_parts else np.zeros(0, np.int64)
    camp = np.concatenate(camp_parts).astype(np.int64) if camp_parts else np.zeros(0, np.int64)

    # unsubscribes: in each customer's own order of e-mails, nothing after the one they left on
    order = np.lexsort((camp, day, cust))
    cust, day, camp = cust[order], day[order], camp[order]
    rates = cfg.email_rates
    leaves = rng.random(cust.size) < rates["unsubscribe"]
    # e-mails left on before this one, within the customer's run (cust is sorted)
    left = np.cumsum(leaves, dtype=np.int64)
    first = np.searchsorted(cust, cust, side="left")
    left_before = left - (left[first] - leaves[first]) - leaves
    keep = left_before == 0
    cust, day, camp = cust[keep], day[keep], camp[keep]

    # chronological rows, then the randomised personalisation and the engagement draws
    order = np.lexsort((camp, cust, day))
    cust, day, camp = cust[order], day[order], camp[order]
    m = cust.size
    personalised = rng.random(m) < cfg.email_personalised_share
    opened = rng.random(m) < np.where(personalised, rates["open_personalised"], rates["open"])
    clicked = opened & (
        rng.random(m) < np.where(personalised, rates["click_personalised"], rates["click"])
    )
    key = o_cust * (n_days + 1) + o_day
    nxt = np.searchsorted(key, cust * (n_days + 1) + day, side="right")
    has = nxt < key.size
    nxt = np.minimum(nxt, max(key.size - 1, 0))
    if key.size:
        has &= (o_cust[nxt] == cust) & (o_day[nxt] <= day + cfg.email_conversion_days)
    converted = clicked & has

    emails = pd.DataFrame(
        {
            "email_id": make_ids("EM", m, 8, block),
            # Arrow take: no Python strings made and converted back to Arrow
            "campaign": pd.array(campaigns["code"].to_numpy(), dtype="str").take(camp),
            "customer_id": customers["customer_id"].array.take(cust),
            "sent_date": pd.Timestamp(start) + pd.to_timedelta(day, unit="D"),
            "personalised": personalised,
            "opened": opened,
            "clicked": clicked,
            "converted": converted,
        }
    )
    truth = [
        (
            "email_optin_share",
            cfg.email_optin_share,
            "share of customers subscribed to the e-mails",
        ),
        (
            "email_personalised_share",
            cfg.email_personalised_share,
            "probability that an e-mail is personalised (randomised per e-mail)",
        ),
        ("email_open_rate", rates["open"], "opens per generic e-mail sent"),
        (
            "email_open_rate_personalised",
            rates["open_personalised"],
            "opens per personalised e-mail sent",
        ),
        (
            "email_open_lift",
            rates["open_personalised"] - rates["open"],
            "planted effect of personalisation on the open rate (personalised − generic)",
        ),
        ("email_click_rate", rates["click"], "clicks per opened generic e-mail"),
        (
            "email_click_rate_personalised",
            rates["click_personalised"],
            "clicks per opened personalised e-mail",
        ),
        (
            "email_unsubscribe_prob",
            rates["unsubscribe"],
            "probability of leaving the list after an e-mail",
        ),
        (
            "email_conversion_days",
            float(cfg.email_conversion_days),
            "an e-mail converted if clicked and an order followed within this many days",
        ),
    ]
    return emails, truth_rows(truth, m)
