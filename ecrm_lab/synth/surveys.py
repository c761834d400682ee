"""Service-quality surveys (E-S-QUAL / E-RecS-QUAL) driven by each customer's real experience.

A share of the customers (``survey_share`` of :data:`PARAMS`) answer one survey, a few days after one
of their deliveries drawn at random. They score each core dimension (efficiency, fulfillment,
system availability, privacy) and, if they had a support ticket or a warranty claim by then, the
recovery dimensions (responsiveness, compensation, contact): an **expectation** and a
**perception** on a 1–7 scale (``vocabulary.codes("sq_dimension")``), the long table that
:mod:`ecrm_lab.service_quality` takes.

The model, on a latent scale rounded and clipped to 1–7:

* expectation = base expectation of the dimension + persona shift (VIP and big-ticket buyers expect
  more, deal seekers less) + a customer effect + noise;
* perception = the customer's latent expectation + the dimension's base gap + the effect of their
  real experience + a dropout shift + noise. Experience: the delay of the surveyed delivery and their
  earlier late deliveries (fulfillment), the share of their tickets left unresolved and the response
  time (responsiveness, contact, compensation), a rejected warranty claim (compensation);
* the **dropout shift** is planted given the dropout already decided by the purchase process: the
  customers who drop out (``truth.churn_date`` set) perceive every dimension a little worse, most
  of all fulfillment. So larger gaps go with dropout in the data; the direction (bad service →
  dropout) is a modelling choice.

The base gaps (mostly −1 … +0.2) make **fulfillment the largest gap** (planted). All parameters are in
the ``service_truth`` table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import vocabulary
from .._docs import fill_doc
from ._common import day_offset
from .config import ShopConfig
from .service import index_of

__all__ = ["PARAMS", "make_surveys", "survey_params"]

_CORE = vocabulary.codes("sq_dimension", "core")
_RECOVERY = vocabulary.codes("sq_dimension", "recovery")

#: Base expectation, base gap (perception − expectation) and dropout shift of each dimension.
DIMENSIONS: dict[str, tuple[float, float, float]] = {
    "efficiency": (5.6, -0.4, -0.2),
    "fulfillment": (6.2, -1.0, -0.5),
    "system_availability": (5.3, -0.3, -0.1),
    "privacy": (5.7, 0.2, -0.1),
    "responsiveness": (5.9, -0.3, -0.4),
    "compensation": (5.4, -0.3, -0.3),
    "contact": (5.5, -0.2, -0.3),
}

if set(DIMENSIONS) != set(_CORE) | set(_RECOVERY):  # a new dimension needs its planted values here
    raise RuntimeError(
        "surveys.DIMENSIONS must give the planted values of every sq_dimension code "
        f"({', '.join(_CORE + _RECOVERY)}), got {', '.join(DIMENSIONS)}"
    )

#: Planted survey parameters: ``{name: (value, meaning)}``, written to ``service_truth``.
PARAMS: dict[str, tuple[float, str]] = {
    "survey_share": (0.35, "probability that a customer answers a survey"),
    "survey_days_after_delivery_max": (7, "the survey comes 1 to this many days after a delivery"),
    "survey_persona_vip": (0.3, "expectation shift of VIP customers"),
    "survey_persona_big_ticket": (0.2, "expectation shift of big-ticket buyers"),
    "survey_persona_deal_seeker": (-0.3, "expectation shift of deal seekers"),
    "survey_customer_sd": (0.45, "sd of a customer's own shift of all expectations"),
    "survey_expectation_sd": (0.5, "sd of the noise of one expectation"),
    "survey_perception_sd": (0.7, "sd of the noise of one perception"),
    "survey_fulfillment_per_delay_day": (
        -0.35,
        "fulfillment perception shift per day the surveyed delivery was late (at most 4 days)",
    ),
    "survey_fulfillment_per_earlier_late": (
        -0.3,
        "fulfillment perception shift per earlier late delivery (at most 3)",
    ),
    "survey_recovery_unresolved": (
        -1.0,
        "responsiveness perception shift times the share of the customer's tickets unresolved",
    ),
    "survey_contact_unresolved": (-0.5, "contact shift times the share of tickets unresolved"),
    "survey_compensation_unresolved": (
        -0.8,
        "compensation shift times the share of tickets unresolved",
    ),
    "survey_recovery_log_response": (
        -0.25,
        "responsiveness and contact shift per unit of mean ln(1 + response_hours)",
    ),
    "survey_compensation_rejected_claim": (-1.5, "compensation shift after a rejected claim"),
    "survey_compensation_good_claim": (0.3, "compensation shift after a replaced/refunded claim"),
}
for _d, (_e, _g, _s) in DIMENSIONS.items():
    PARAMS[f"survey_expectation_{_d}"] = (_e, f"base expectation (1–7) of {_d}")
    PARAMS[f"survey_gap_{_d}"] = (_g, f"base gap (perception − expectation) of {_d}")
    PARAMS[f"survey_dropout_{_d}"] = (
        _s,
        f"perception shift of {_d} for customers who drop out (planted given the dropout)",
    )


def _p(name: str) -> float:
    return float(PARAMS[name][0])


def survey_params() -> pd.DataFrame:
    """Return the planted survey parameters.

    Returns
    -------
    pandas.DataFrame
        ``parameter``, ``value``, ``description``: the rows of :data:`PARAMS`.

    Examples
    --------
    >>> survey_params().set_index("parameter").loc["survey_gap_fulfillment", "value"]
    np.float64(-1.0)
    """
    rows = [(k, float(v), d) for k, (v, d) in PARAMS.items()]
    return pd.DataFrame(rows, columns=["parameter", "value", "description"])


@fill_doc
def make_surveys(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    truth: pd.DataFrame,
    deliveries: pd.DataFrame,
    tickets: pd.DataFrame,
    claims: pd.DataFrame,
    churn_day: np.ndarray,
    *,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Draw the survey answers (see the module docstring for the model).

    Parameters
    ----------
    {synth_cfg}
    customers : DataFrame
        The block's customers (``customer_id``), by position.
    truth : DataFrame
        The block's ``truth`` (``persona``), by position.
    deliveries, tickets, claims : DataFrame
        From :func:`~ecrm_lab.synth.service.make_deliveries`,
        :func:`~ecrm_lab.synth.service.make_tickets` and
        :func:`~ecrm_lab.synth.service.make_warranty_claims`.
    churn_day : array of float
        Day offset of each customer's dropout (NaN if still active), by position.
    {synth_rng}

    Returns
    -------
    pandas.DataFrame
        Long table, one row per surveyed customer and dimension, by survey date then customer then
        dimension (vocabulary order): ``customer_id``, ``survey_date``, ``order_id`` (the order
        whose delivery the survey followed), ``dimension`` (code of vocabulary kind
        ``sq_dimension``; the recovery dimensions only for customers with a ticket or a claim on
        or before the survey date), ``expectation`` and ``perception`` (integers 1–7).
    """
    n_days = (cfg.end - cfg.start).days + 1
    n = len(customers)
    cid = customers["customer_id"]
    lag_max = int(_p("survey_days_after_delivery_max"))
    # one random eligible delivery per sampled customer
    d = deliveries
    d_pos = index_of(cid, d["customer_id"])
    arrived = day_offset(d["shipped_date"], cfg.start) + d["actual_days"].to_numpy(np.int64)
    sampled = rng.random(n) < _p("survey_share")
    key = rng.random(len(d))
    ok = sampled[d_pos] & (arrived + lag_max < n_days)
    rows_ok = np.flatnonzero(ok)
    by = np.lexsort((key[ok], d_pos[ok]))  # by customer, then key (stable)
    pos_by = d_pos[ok][by]
    pick = rows_ok[by][np.r_[True, pos_by[1:] != pos_by[:-1]]] if by.size else rows_ok
    s_pos = d_pos[pick]
    s_day = arrived[pick] + rng.integers(1, lag_max + 1, pick.size)
    m = pick.size
    # experience before the survey
    delay = np.clip(d["delay_days"].to_numpy()[pick], 0, 4)
    # earlier late deliveries: late, arrived on or before the survey day, not the surveyed one
    sday_by_pos = np.full(n, -1)
    sday_by_pos[s_pos] = s_day
    late_prior = (d["delay_days"].to_numpy() > 0) & (arrived <= sday_by_pos[d_pos])
    late_prior[pick] = False
    late_before = np.minimum(np.bincount(d_pos, weights=late_prior, minlength=n)[s_pos], 3)
    t_pos = index_of(cid, tickets["customer_id"])
    t_day = day_offset(tickets["created_at"], cfg.start)
    t_in = t_day <= sday_by_pos[t_pos]
    n_t = np.bincount(t_pos, weights=t_in, minlength=n)[s_pos]
    unres = np.bincount(t_pos, weights=t_in & ~tickets["resolved"].to_numpy(bool), minlength=n)
    unres_share = np.divide(unres[s_pos], n_t, out=np.zeros(m), where=n_t > 0)
    resp = np.bincount(
        t_pos, weights=t_in * np.log1p(tickets["response_hours"].to_numpy(float)), minlength=n
    )
    log_resp = np.divide(resp[s_pos], n_t, out=np.zeros(m), where=n_t > 0)
    c_pos = index_of(cid, claims["customer_id"])
    c_in = day_offset(claims["claim_date"], cfg.start) <= sday_by_pos[c_pos]
    outcome = claims["outcome"].to_numpy()
    n_c = np.bincount(c_pos, weights=c_in, minlength=n)[s_pos]
    rejected = np.bincount(c_pos, weights=c_in & (outcome == "rejected"), minlength=n)[s_pos] > 0
    good = np.bincount(
        c_pos, weights=c_in & np.isin(outcome, ["replaced", "refunded"]), minlength=n
    )
    good = good[s_pos] > 0
    problem = (n_t + n_c) > 0
    dropout = ~np.isnan(churn_day[s_pos])
    persona = truth["persona"].to_numpy()[s_pos]
    shift = np.select(
        [persona == "vip", persona == "big_ticket", persona == "deal_seeker"],
        [
            _p("survey_persona_vip"),
            _p("survey_persona_big_ticket"),
            _p("survey_persona_deal_seeker"),
        ],
        0.0,
    )
    person = shift + _p("survey_customer_sd") * rng.standard_normal(m)
    experience = {
        "fulfillment": _p("survey_fulfillment_per_delay_day") * delay
        + _p("survey_fulfillment_per_earlier_late") * late_before,
        "responsiveness": _p("survey_recovery_unresolved") * unres_share
        + _p("survey_recovery_log_response") * log_resp,
        "contact": _p("survey_contact_unresolved") * unres_share
        + _p("survey_recovery_log_response") * log_resp,
        "compensation": _p("survey_compensation_unresolved") * unres_share
        + _p("survey_compensation_rejected_claim") * rejected
        + _p("survey_compensation_good_claim") * good,
    }
    picked_order = d["order_id"].take(pick).to_numpy(dtype=object)
    cols = {name: [] for name in ("pos", "day", "dim", "order_id", "dimension", "e", "p")}
    for dim in (*_CORE, *_RECOVERY):
        rows = np.ones(m, dtype=bool) if dim in _CORE else problem
        latent = _p(f"survey_expectation_{dim}") + person
        e = latent + _p("survey_expectation_sd") * rng.standard_normal(m)
        p = (
            latent
            + _p(f"survey_gap_{dim}")
            + experience.get(dim, 0.0)
            + _p(f"survey_dropout_{dim}") * dropout
            + _p("survey_perception_sd") * rng.standard_normal(m)
        )
        k = int(rows.sum())
        cols["pos"].append(s_pos[rows])
        cols["day"].append(s_day[rows])
        cols["dim"].append(np.full(k, (*_CORE, *_RECOVERY).index(dim)))
        cols["order_id"].append(picked_order[rows])
        cols["dimension"].append(np.full(k, dim, dtype=object))
        cols["e"].append(np.clip(np.round(e[rows]), 1, 7).astype(np.int64))
        cols["p"].append(np.clip(np.round(p[rows]), 1, 7).astype(np.int64))
    out = {name: np.concatenate(parts) for name, parts in cols.items()}
    order = np.lexsort((out["dim"], out["pos"], out["day"]))  # stable: by day, customer, dimension
    out = {name: col[order] for name, col in out.items()}
    return pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[out["pos"]],
            "survey_date": pd.Timestamp(cfg.start) + pd.to_timedelta(out["day"], unit="D"),
            "order_id": out["order_id"],
            "dimension": out["dimension"],
            "expectation": out["e"],
            "perception": out["p"],
        }
    )
