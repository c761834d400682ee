"""The plots of the CLV lesson (``ecrm_lab.clv.plots``): what they draw, and clear errors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

from ecrm_lab.clv import (  # noqa: E402
    BGNBDFit,
    plot_clv_distribution,
    plot_clv_vs_cac,
    plot_p_alive,
    plot_predicted_vs_actual,
)
from ecrm_lab.errors import InputError  # noqa: E402

FIT = BGNBDFit(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=-9582.4, converged=True,
               n_customers=2357)  # fmt: skip


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_clv_distribution_counts_every_customer_up_to_the_clip_and_names_the_rest():
    values = pd.Series([0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 1000.0])
    ax = plot_clv_distribution(values, n_bins=4, clip_quantile=0.9, lang="en")
    bars = [c for c in ax.containers if isinstance(c, BarContainer)][0]
    heights = [p.get_height() for p in bars.patches]
    # the 0.9 quantile is 172 (numpy's linear rule), so 9 values are drawn and 1000 is not
    assert sum(heights) == 9 and all(p.get_y() == 0 for p in bars.patches)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0].startswith("mean: 136") and legend[1].startswith("median: 45")
    assert legend[2].startswith("1 customers above")
    assert ax.get_xlim()[0] == 0 and ax.get_yscale() == "linear"


@pytest.mark.parametrize(
    "values", [[], [1.0, -2.0], [1.0, np.nan], ["a", "b"]], ids=["empty", "neg", "nan", "text"]
)
def test_clv_distribution_refuses_values_that_are_not_amounts(values):
    with pytest.raises(InputError):
        plot_clv_distribution(pd.Series(values, dtype=object if values else float))


def test_predicted_vs_actual_draws_both_lines_and_labels_the_open_group():
    table = pd.DataFrame(
        {"actual": [0.2, 0.7, 6.4], "predicted": [0.22, 0.52, 6.2]},
        index=pd.Index([0, 1, 2], name="frequency"),
    )
    table.attrs["last_group_open"] = True
    ax = plot_predicted_vs_actual(table, lang="en")
    lines = ax.get_lines()
    assert [list(ln.get_ydata()) for ln in lines] == [[0.2, 0.7, 6.4], [0.22, 0.52, 6.2]]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2+"]
    assert ax.get_ylim()[0] == 0


def test_predicted_vs_actual_needs_both_columns():
    with pytest.raises(InputError, match="predicted"):
        plot_predicted_vs_actual(pd.DataFrame({"actual": [1.0]}))


def test_p_alive_curves_are_the_model_and_fall_with_silence():
    ax = plot_p_alive(FIT, T=52, frequencies=(1, 5), n_points=3)
    (one, five) = ax.get_lines()
    assert list(one.get_xdata()) == [0.0, 26.0, 52.0]
    grid = pd.DataFrame({"frequency": 5, "recency_btyd": [52.0, 26.0, 0.0], "T": 52.0})
    assert np.allclose(five.get_ydata(), FIT.p_alive(grid).to_numpy())
    # a longer silence means a lower P(alive); the frequent buyer falls faster
    assert np.all(np.diff(one.get_ydata()) < 0) and five.get_ydata()[-1] < one.get_ydata()[-1]


@pytest.mark.parametrize(
    "kwargs", [{"T": 0}, {"frequencies": (0, 1)}, {"frequencies": (1.5,)}, {"n_points": 1}]
)
def test_p_alive_refuses_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        plot_p_alive(FIT, **kwargs)


def test_clv_vs_cac_sorts_by_ratio_and_leaves_out_channels_without_cac():
    table = pd.DataFrame(
        {
            "channel": ["tiktok", "email", "direct", "tv"],
            "clv": [350_000.0, 400_000.0, 300_000.0, np.nan],
            "cac": [150_000.0, 10_000.0, 0.0, np.nan],
        }
    )
    ax = plot_clv_vs_cac(table, lang="en")
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["Email", "TikTok"]  # the smallest ratio at the top
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert [p.get_width() for p in bars[0].patches] == [400_000.0, 350_000.0]
    assert [p.get_width() for p in bars[1].patches] == [10_000.0, 150_000.0]
    assert all(p.get_x() == 0 for c in bars for p in c.patches)
    assert "CLV/CAC = 2.3" in [t.get_text() for t in ax.texts]
    plt.close("all")
    ax = plot_clv_vs_cac(table, lang="vi")
    assert "CLV/CAC = 2,3" in [t.get_text() for t in ax.texts]  # the Vietnamese decimal comma


def test_clv_vs_cac_errors_name_the_problem():
    with pytest.raises(InputError, match="cac"):
        plot_clv_vs_cac(pd.DataFrame({"channel": ["a"], "clv": [1.0]}))
    with pytest.raises(InputError, match="positive CAC"):
        plot_clv_vs_cac(pd.DataFrame({"channel": ["direct"], "clv": [1.0], "cac": [0.0]}))
