"""Selection and acquisition: funnels, channel economics, attribution, prospect scoring, TV adstock.

The first two stages of the e-customer lifecycle — **lựa chọn** (selection: whom to target) and
**thu hút** (acquisition: winning the first purchase) — are managed through online and offline
communication: SEO, SEM (paid search), e-mail, social networks (Facebook, Zalo, TikTok), affiliates,
referrals and TV. This subpackage measures them on tables that any shop can export; every name below
is importable from ``ecrm_lab.acquisition``, and each method lives in its own module:

==============================  ==================================================================
``acquisition.funnel``          :func:`funnel`, :func:`channel_economics`
``acquisition.attribution``     :func:`build_journeys`, :func:`attribute`, :func:`compare_attribution`,
                                :func:`markov_removal_effects`
``acquisition.prospects``       :func:`prospect_features`, :func:`score_prospects`
``acquisition.adstock``         :func:`adstock`, :func:`tv_response_table`, :func:`fit_adstock`
``acquisition.plots``           :func:`plot_funnel`, :func:`plot_attribution`, :func:`plot_gains`, …
``ecrm_lab.evaluation``         :func:`gains_table` (re-exported here) and the other model checks
==============================  ==================================================================

Every function checks its tables with :mod:`ecrm_lab.tables` (``prepare_orders``, …): a bad table
raises :class:`ecrm_lab.InputError` naming the table, the column, the first bad row and the fix.
Functions with an observation window take ``as_of``: a date after it is an error.

* :func:`funnel` — per channel, how many people reached become buyers and repeat buyers;
* :func:`channel_economics` — spend, conversion rate, customer acquisition cost (CAC) and return on ad
  spend (ROAS) per channel;
* :func:`build_journeys` and :func:`attribute` — which channels get the credit for a conversion, under
  the rule-based models (first touch, last touch, linear, time decay, position based) and the
  data-driven Markov-chain removal effect; :func:`compare_attribution` puts them side by side;
* :func:`prospect_features`, :func:`score_prospects` and :func:`gains_table` — selection: a
  scikit-learn model that ranks prospects by their chance to buy, trained on prospects whose outcome
  was known before the cutoff and evaluated on later ones;
* :func:`adstock`, :func:`tv_response_table` and :func:`fit_adstock` — offline TV advertising leaves no
  click: its effect shows as extra direct and organic visits days later, with a carry-over (adstock)
  that a regression recovers.

Tables and columns (VietShop names are the defaults; pass your own names as arguments)
---------------------------------------------------------------------------------------
Date columns are named after their table: ``order_date_col``, ``touch_date_col`` (touchpoints),
``prospect_date_col`` (prospects' first touch), ``spend_date_col``; a function that takes a single
dated table calls it ``date_col``.

* ``prospects``: one row per person reached by marketing — ``prospect_id``, ``first_touch_date``,
  ``channel`` (the first-touch channel) and ``customer_id`` (missing for people who never bought).
* ``touchpoints``: one row per contact — ``prospect_id``, ``customer_id``, ``timestamp``, ``channel``,
  ``kind`` (impression, click, visit).
* ``orders``: ``order_id``, ``customer_id``, ``order_date`` (timestamp), ``amount`` (VND) and
  ``status``; only ``status == "completed"`` orders are purchases (``status_col=None``: every order).
* ``marketing_spend``: ``date``, ``channel``, ``spend`` (VND per day and channel).

Conversions
-----------
A **conversion** is a completed order. ``conversions="first"`` (default) counts only each customer's
first completed order — acquisition; ``conversions="all"`` counts every completed order. The
**journey** of a conversion is the list of its touchpoints, in time order: the customer's touchpoints
on or before the order's timestamp and after their previous conversion (``lookback_days`` shortens
it). A conversion without any touchpoint is credited to the pseudo-channel :data:`NO_TOUCHPOINT`, so
every model credits exactly the conversions and the revenue in the data. Touchpoints of people who
never convert form the non-converting journeys that the Markov model needs.

Examples
--------
>>> import pandas as pd
>>> touchpoints = pd.DataFrame({
...     "prospect_id": ["p1", "p1", "p1", "p2"],
...     "customer_id": ["c1", "c1", "c1", None],
...     "timestamp": pd.to_datetime(["2025-01-01", "2025-01-03", "2025-01-04", "2025-01-02"]),
...     "channel": ["facebook", "email", "direct", "tiktok"],
... })
>>> orders = pd.DataFrame({
...     "order_id": ["o1"], "customer_id": ["c1"], "order_date": pd.to_datetime(["2025-01-04 10:00"]),
...     "amount": [300_000], "status": ["completed"],
... })
>>> attribute(touchpoints, orders, model="linear")[["channel", "conversions", "revenue"]]
    channel  conversions   revenue
0    direct     0.333333  100000.0
1     email     0.333333  100000.0
2  facebook     0.333333  100000.0
"""

from __future__ import annotations

from ..evaluation import gains_table
from ._common import MODELS, NO_TOUCHPOINT
from .adstock import AdstockFit, adstock, fit_adstock, tv_response_table
from .attribution import attribute, build_journeys, compare_attribution, markov_removal_effects
from .funnel import channel_economics, funnel
from .plots import (
    plot_adstock_grid,
    plot_attribution,
    plot_channel_economics,
    plot_funnel,
    plot_gains,
    plot_lift,
    plot_tv_response,
)
from .prospects import ProspectScores, prospect_features, score_prospects

__all__ = [
    "MODELS",
    "NO_TOUCHPOINT",
    "funnel",
    "channel_economics",
    "build_journeys",
    "attribute",
    "compare_attribution",
    "markov_removal_effects",
    "prospect_features",
    "score_prospects",
    "ProspectScores",
    "gains_table",
    "adstock",
    "tv_response_table",
    "fit_adstock",
    "AdstockFit",
    "plot_funnel",
    "plot_attribution",
    "plot_gains",
    "plot_channel_economics",
    "plot_lift",
    "plot_tv_response",
    "plot_adstock_grid",
]
