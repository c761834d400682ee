"""The lifecycle lesson's plot_* functions on tiny hand-made tables: what they draw, and the
clear errors on a wrong table."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ecrm_lab.lifecycle import (  # noqa: E402
    plot_reorder_after_failure,
    plot_stage_counts,
    plot_stage_sizes,
    plot_stage_value,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _heights(ax):
    return [round(p.get_height(), 6) for p in ax.patches]


def test_reorder_bars_are_the_rates_from_zero_with_their_intervals():
    reorder = pd.DataFrame(
        {
            "order_type": ["first", "first", "repeat", "repeat"],
            "outcome": ["completed", "failed", "completed", "failed"],
            "reorder_rate": [0.5, 0.4, 0.75, 0.6],
            "ci_low": [0.45, 0.3, 0.7, 0.5],
            "ci_high": [0.55, 0.5, 0.8, 0.7],
        }
    )
    ax = plot_reorder_after_failure(reorder, lang="en")
    # completed bars first (first, repeat), then failed
    assert _heights(ax) == [0.5, 0.75, 0.4, 0.6]
    assert all(p.get_y() == 0 for p in ax.patches)
    assert ax.get_ylim() == (0, 1) and ax.get_yscale() == "linear"
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Customer's first order",
        "Repeat order",
    ]
    assert "180" in ax.get_ylabel() and "%" in ax.get_ylabel()


def test_stage_counts_show_only_the_stages_that_occur_in_lifecycle_order():
    stages = pd.DataFrame({"stage": ["lapsed", "acquisition", "acquisition", "retention"]})
    ax = plot_stage_counts(stages, as_of="2025-06-30", lang="en")
    assert _heights(ax) == [2, 1, 1]  # acquisition, retention, lapsed (no selection, expansion)
    assert ax.get_ylim()[0] == 0
    assert "30/06/2025" in ax.get_title()


def test_stage_sizes_stack_to_the_total_and_mark_the_events():
    sizes = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-31"] * 2 + ["2025-02-28"] * 2),
            "stage": ["acquisition", "lapsed"] * 2,
            "n_customers": [10, 0, 12, 3],
        }
    )
    ax = plot_stage_sizes(sizes, events=[("11.11", "2025-02-11")], lang="en")
    assert len(ax.collections) == 2  # one area per stage that occurs
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] >= 15
    assert "11.11" in [t.get_text() for t in ax.texts]


def test_stage_value_panels_share_one_vnd_axis_from_zero():
    value = pd.DataFrame(
        {
            "stage": ["acquisition", "expansion"],
            "past_revenue_per_customer": [300_000.0, 1_200_000.0],
            "future_revenue_per_customer": [200_000.0, 400_000.0],
        }
    )
    past, future = plot_stage_value(value, as_of="2025-06-30", lang="en")
    assert _heights(past) == [300_000, 1_200_000] and _heights(future) == [200_000, 400_000]
    assert past.get_ylim()[0] == 0 and past.get_ylim() == future.get_ylim()
    assert "180 days after 30/06/2025" == future.get_title()


@pytest.mark.parametrize(
    "call, missing",
    [
        (lambda t: plot_reorder_after_failure(t), "reorder_rate"),
        (lambda t: plot_stage_counts(t), "stage"),
        (lambda t: plot_stage_sizes(t), "n_customers"),
        (lambda t: plot_stage_value(t, as_of="2025-06-30"), "past_revenue_per_customer"),
    ],
)
def test_a_wrong_table_gets_a_message_naming_the_column_and_the_fix(call, missing):
    from ecrm_lab import InputError

    with pytest.raises(
        InputError, match=rf"lacks column\(s\).*{missing}.*Fix: pass the table"
    ) as e:
        call(pd.DataFrame({"other": [1]}))
    assert e.value.table in ("reorder", "stages", "sizes", "value")
    assert e.value.column is not None and e.value.fix.startswith("pass the table")
    with pytest.raises(InputError, match="must be a pandas DataFrame.*Fix: pass the table"):
        call([1, 2])
