"""Customer lifetime value: BTYD summaries, the BG/NBD and gamma-gamma models, CLV figures.

* :mod:`~ecrm_lab.clv.summary` — :func:`btyd_summary`, :func:`summary_from_transactions`
  (calibration and hold-out), :func:`historic_clv`, the CDNOW data (:func:`load_cdnow`);
* :mod:`~ecrm_lab.clv.bgnbd` — :func:`fit_bgnbd` → :class:`BGNBDFit` with ``p_alive`` and
  ``conditional_expected_purchases``, :func:`bgnbd_intervals` (confidence intervals),
  :func:`holdout_comparison` (predicted against actual);
* :mod:`~ecrm_lab.clv.value` — :func:`fit_gamma_gamma` → :class:`GammaGammaFit`,
  :func:`simple_clv`, :func:`discounted_clv`;
* :mod:`~ecrm_lab.clv.plots` — :func:`plot_clv_distribution`, :func:`plot_predicted_vs_actual`,
  :func:`plot_p_alive`, :func:`plot_clv_vs_cac`.

Conventions shared with PyMC-Marketing's ``BetaGeoModel``/``GammaGammaModel`` and ``lifetimes``:
``frequency`` = repeat purchase days, recency and ``T`` from the first purchase, in weeks by default,
``monetary_value`` = mean value of the repeat purchases; parameter names ``r, alpha, a, b`` and
``p, q, gamma`` (``v`` in ``lifetimes`` and PyMC-Marketing). Written by hand (no run-time dependency on either): the
likelihoods with scipy, because ``lifetimes`` is archived and PyMC-Marketing needs PyMC.

Two different "recencies" live side by side in this field; the names here say which is which:

* ``recency_btyd`` (BG/NBD's tₓ): time from the first to the last purchase — larger is better;
* RFM recency (see :mod:`ecrm_lab.rfm`): time from the last purchase to the snapshot — smaller is better.
  ``RFM recency = T − recency_btyd``.

Fitted models are frozen results (:class:`BGNBDFit`, :class:`GammaGammaFit`) returned by plain
functions (the project's estimator convention).

References: Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
Pareto/NBD model", *Marketing Science* 24(2), 275–284; Fader, Hardie & Lee (2005), "RFM and CLV:
using iso-value curves for customer base analysis", *Journal of Marketing Research* 42(4), 415–430;
Fader & Hardie (2013), "The gamma-gamma model of monetary value".
"""

from .bgnbd import (
    BGNBDConvergenceWarning,
    BGNBDFit,
    bgnbd_intervals,
    bgnbd_loglik,
    fit_bgnbd,
    holdout_comparison,
)
from .plots import plot_clv_distribution, plot_clv_vs_cac, plot_p_alive, plot_predicted_vs_actual
from .summary import (
    CANCELLED_STATUSES,
    btyd_summary,
    historic_clv,
    load_cdnow,
    summary_from_transactions,
)
from .value import GammaGammaFit, discounted_clv, fit_gamma_gamma, gamma_gamma_loglik, simple_clv

__all__ = [
    "btyd_summary",
    "fit_bgnbd",
    "holdout_comparison",
    "bgnbd_loglik",
    "bgnbd_intervals",
    "BGNBDFit",
    "BGNBDConvergenceWarning",
    "load_cdnow",
    "summary_from_transactions",
    "fit_gamma_gamma",
    "gamma_gamma_loglik",
    "GammaGammaFit",
    "simple_clv",
    "historic_clv",
    "discounted_clv",
    "CANCELLED_STATUSES",
    "plot_clv_distribution",
    "plot_predicted_vs_actual",
    "plot_p_alive",
    "plot_clv_vs_cac",
]
