"""Service quality in online retail: gaps, the importance–performance grid, and what they do to retention.

The survey behind it follows E-S-QUAL (Parasuraman, Zeithaml & Malhotra 2005): on each dimension —
efficiency, fulfilment, system availability, privacy, and for customers who needed help the recovery
dimensions responsiveness, compensation and contact (``vocabulary.codes("sq_dimension")``) — a customer
gives an **expectation** and a **perception** score on a 1–7 scale. The **gap** is perception minus
expectation (SERVQUAL's gap 5): negative where the shop falls short of what the customer expected.

* :func:`gap_by_dimension`, :func:`gap_by_customer` — the gaps, with confidence intervals;
* :func:`importance_performance` and :func:`plot_ipa` — the importance–performance grid (Martilla &
  James 1977): importance = mean expectation (stated importance), performance = mean perception, cut
  at the grand means into four quadrants (``vocabulary.codes("ipa_quadrant")``);
* :func:`gap_churn_link` — do customers with larger gaps churn more? A logistic regression of a
  churn label on the customer's gaps (statsmodels ``Logit``), as odds ratios with intervals;
* :func:`retention_by_experience` and :func:`plot_retention_by_experience` — a generic table of
  service events (deliveries with their delay, warranty claims with their outcome, tickets with their
  response time), each with a later-retention label: retention rate per group, with Wilson intervals.
  :func:`retained_after` makes that label from the orders: did the customer buy again within a
  horizon after the event?
* :func:`plot_expectation_perception` — expectation and perception per dimension on the 1–7 scale.

Input tables
------------
``surveys`` (long): one row per customer and dimension — ``customer_id``, ``dimension``,
``expectation`` and ``perception`` (numbers from 1 to 7; averages of several items are fine).
"""

from ._common import SCALE
from .experience import retained_after, retention_by_experience
from .gaps import gap_by_customer, gap_by_dimension, gap_churn_link, importance_performance
from .plots import plot_expectation_perception, plot_gaps, plot_ipa, plot_retention_by_experience

__all__ = [
    "SCALE",
    "gap_by_dimension",
    "gap_by_customer",
    "importance_performance",
    "gap_churn_link",
    "retention_by_experience",
    "retained_after",
    "plot_expectation_perception",
    "plot_gaps",
    "plot_ipa",
    "plot_retention_by_experience",
]
