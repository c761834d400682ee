"""Customer expansion: re-sell (reminders), cross-sell (association rules), up-sell (tiers), referrals.

The expansion stage of the e-customer lifecycle grows the value of customers one already has:

* **re-sell** — :func:`interpurchase_times` and :func:`next_purchase_reminders`: each customer's
  usual gap between purchases and the day the next one is due;
* **cross-sell** — :func:`association_rules` (mlxtend's FP-growth or Apriori underneath) and
  :func:`recommend`: "customers who bought {A, B} also bought C", with support, confidence, lift;
* **up-sell** — :func:`tier_transitions`: how often a customer's next purchase in a subcategory is
  in a dearer price tier;
* **referrals** — :func:`referral_tree` and :func:`viral_coefficient`: who brought whom, in how
  many generations, and how many new customers each customer brings.

Plots: :mod:`ecrm_lab.expansion.plots` (``plot_*``). Written by hand: the reminders, tier transitions and referral tree (a few lines of pandas each); the
frequent itemsets come from mlxtend.
"""

from .plots import (
    plot_interpurchase_gaps,
    plot_lift_heatmap,
    plot_referral_generations,
    plot_reminder_outcomes,
    plot_tier_transitions,
)
from .referrals import referral_tree, viral_coefficient
from .reminders import interpurchase_times, next_purchase_reminders, reminder_outcomes
from .rules import association_rules, baskets_from_items, recommend
from .tiers import tier_transitions

__all__ = [
    "interpurchase_times",
    "next_purchase_reminders",
    "reminder_outcomes",
    "baskets_from_items",
    "association_rules",
    "recommend",
    "tier_transitions",
    "referral_tree",
    "viral_coefficient",
    "plot_interpurchase_gaps",
    "plot_reminder_outcomes",
    "plot_lift_heatmap",
    "plot_tier_transitions",
    "plot_referral_generations",
]
