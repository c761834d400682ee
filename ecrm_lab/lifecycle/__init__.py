"""Customer lifecycle: assign each person a stage from behaviour, count stages over time, follow the flows.

The e-customer lifecycle (Chaffey & Ellis-Chadwick, *Digital Marketing*) runs **lựa chọn → thu hút →
giữ chân → mở rộng** (selection → acquisition → retention → expansion); a customer can also leave at
any point (**rời bỏ**, lapsed). This module turns observed behaviour — orders, web/app sessions and,
optionally, marketing prospects — into one of those five stages per person at a snapshot date
``as_of``.

Stage codes in the returned tables are English and form an ordered :class:`pandas.Categorical` with
the categories in :data:`STAGES`; use :func:`ecrm_lab.i18n.label` (``label("retention")`` →
``"giữ chân"``) to display them.

Definitions
-----------
Dates are days: an event on the ``as_of`` day counts as "on or before ``as_of``" whatever its clock
time. "The last *d* days" are the *d* days ending on ``as_of`` (``as_of − d + 1 … as_of``).

* A **purchase** is an order whose status is ``"completed"`` (``status_col`` / ``completed``);
  cancelled and returned orders are not purchases and bring no revenue, but placing them is
  **activity**, like a web/app session.
* A person **exists** at ``as_of`` when their first sign of life is on or before it: the earliest of
  the sign-up date (``signup_col``), any order, any session and, when ``prospects`` is given, the
  first marketing touch. People whose first sign of life is later are left out of the snapshot.
* ``window`` (default 180 days) is the "current window", the last ``window`` days; the "previous
  window" is the ``window`` days before it.

Rules, applied in this order (the first that matches wins):

1. **selection** (lựa chọn): the person exists but has made no purchase on or before ``as_of`` — a
   prospect reached by marketing who has not converted, or a registered customer whose orders so far
   were all cancelled or returned.
2. **lapsed** (rời bỏ): a customer with no activity (no order of any status, no session) in the last
   ``lapse_days`` days (default 180).
3. **acquisition** (thu hút): the first purchase falls in the last ``new_days`` days (default 90), or
   the customer has made only one purchase so far — the relationship has not yet produced a repeat.
4. **expansion** (mở rộng): the customer buys more than before — at least ``min_window_orders``
   purchases (default 2) in the current window, and spend in the current window at least
   ``(1 + growth)`` times the spend in the previous window (``growth`` default 0.25), and the first
   purchase lies before the current window. The last condition refines the plain growth rule: growth
   needs a baseline period in which the person was already a customer. Without it, every customer
   whose whole history fits into the current window would count as "growing from zero", and
   expansion would mostly hold young customers. A customer who was silent in the previous window and
   buys strongly again (reactivation, one of Chaffey's extension techniques) does count.
5. **retention** (giữ chân): every other customer who is still active.

Care after a service failure
----------------------------
:func:`repurchase_after_failure` asks what a failed order (cancelled or returned) does to the chance
that the customer orders again, compared with a completed order — the retention side of
e-customer care.

Examples
--------
>>> import pandas as pd
>>> customers = pd.DataFrame({"customer_id": ["a", "b", "c"], "signup_date": pd.NaT})
>>> orders = pd.DataFrame({
...     "customer_id": ["a", "b", "b", "c", "c"],
...     "order_date": pd.to_datetime(
...         ["2025-01-05", "2024-01-10", "2024-02-10", "2024-06-01", "2024-12-01"]),
...     "amount": [100_000, 200_000, 150_000, 300_000, 250_000],
...     "status": "completed",
... })
>>> st = assign_stages(customers, orders, None, as_of="2025-01-05")
>>> dict(zip(st["customer_id"], st["stage"].astype(str)))
{'a': 'acquisition', 'b': 'lapsed', 'c': 'retention'}
"""

from ._core import STAGE_DTYPE, STAGES
from .failures import repurchase_after_failure
from .flows import stage_sizes, transition_matrix
from .plots import (
    plot_reorder_after_failure,
    plot_stage_counts,
    plot_stage_flow,
    plot_stage_sizes,
    plot_stage_value,
)
from .stages import assign_stages
from .value import value_by_stage

__all__ = [
    "STAGES",
    "STAGE_DTYPE",
    "assign_stages",
    "stage_sizes",
    "transition_matrix",
    "value_by_stage",
    "plot_stage_flow",
    "plot_reorder_after_failure",
    "plot_stage_counts",
    "plot_stage_sizes",
    "plot_stage_value",
    "repurchase_after_failure",
]
