"""Retention and churn: churn labels, cohorts, survival curves, the Cox model, a churn model.

Keeping a customer costs less than winning a new one; this subpackage measures who stays, who leaves
and who is about to leave, on tables any shop can export. Every name below is importable from
``ecrm_lab.retention``; each method lives in its own module:

===========================  ========================================================================
``retention.labels``         :func:`churn_labels`, :func:`window_tradeoff` (the inactivity window)
``retention.cohorts``        :func:`cohort_retention`, :func:`cohort_matrix`
``retention.survival``       :func:`survival_data`, :func:`kaplan_meier`, :func:`fit_cox`
                             (:class:`CoxFit`) — statsmodels, since lifelines does not install beside
                             pandas 3
``retention.model``          :func:`churn_features`, :func:`churn_snapshots`, :func:`fit_churn_model`
                             (:class:`ChurnModelFit`), :func:`churn_model`, :func:`at_risk_list`
``retention.plots``          :func:`plot_cohort_heatmap`, :func:`plot_survival`,
                             :func:`plot_calibration`, :func:`plot_window_tradeoff`,
                             :func:`plot_model_metrics`
``retention.telco``          :func:`load_telco_churn` — a contractual churn table (IBM Telco)
===========================  ========================================================================

Non-contractual versus contractual churn
----------------------------------------
In e-retail nobody cancels: a customer is *called* churned after ``window_days`` without a purchase
(:func:`churn_labels`), a choice with a cost either way (:func:`window_tradeoff`). In a contract
business (telecoms, subscriptions) the churn date is known and the label is given
(:func:`load_telco_churn`). Both feed the same survival and model functions.

Tables and columns
------------------
``orders``: ``customer_id``, ``order_date`` and, for the spend feature, ``amount``; only
``status == "completed"`` orders are purchases (``status_col=None``: every order). Orders pass through
:func:`ecrm_lab.tables.prepare_orders`, so a bad table raises :class:`ecrm_lab.InputError` naming the
table, the column, the first bad row and the fix. Dates are used as days: an order during the day
``as_of`` is inside the window.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
...                        "order_date": ["2025-01-02", "2025-03-20", "2025-01-15"]})
>>> churn_labels(orders, as_of="2025-03-31", window_days=60, status_col=None)["churned"].tolist()
[False, True]
"""

from .cohorts import cohort_matrix, cohort_retention
from .labels import churn_labels, window_tradeoff
from .model import (
    FEATURES,
    ChurnModelFit,
    at_risk_list,
    churn_features,
    churn_model,
    churn_snapshots,
    fit_churn_model,
)
from .plots import (
    plot_calibration,
    plot_cohort_heatmap,
    plot_model_metrics,
    plot_survival,
    plot_window_tradeoff,
)
from .survival import CoxFit, fit_cox, kaplan_meier, survival_data
from .telco import load_telco_churn

__all__ = [
    "churn_labels",
    "window_tradeoff",
    "cohort_retention",
    "cohort_matrix",
    "survival_data",
    "kaplan_meier",
    "fit_cox",
    "CoxFit",
    "FEATURES",
    "churn_features",
    "churn_snapshots",
    "fit_churn_model",
    "ChurnModelFit",
    "churn_model",
    "at_risk_list",
    "plot_cohort_heatmap",
    "plot_survival",
    "plot_calibration",
    "plot_window_tradeoff",
    "plot_model_metrics",
    "load_telco_churn",
]
