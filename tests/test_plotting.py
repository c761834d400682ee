"""Tests for ecrm_lab.plotting: theme, VND formatting and labels."""

from __future__ import annotations

import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from ecrm_lab import i18n  # noqa: E402
from ecrm_lab.plotting import (  # noqa: E402
    PALETTE,
    STAGE_COLORS,
    STATUS_COLORS,
    format_vnd,
    label_axes,
    set_theme,
    vnd_axis,
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch):
    """Vietnamese by default; rcParams and figures restored after each test."""
    monkeypatch.setitem(i18n._state, "lang", "vi")
    with matplotlib.rc_context():
        yield
    plt.close("all")


def test_import_is_light_and_side_effect_free():
    code = (
        "import sys\n"
        "import ecrm_lab.plotting, ecrm_lab.exercises, ecrm_lab.i18n\n"
        "bad = [m for m in ('matplotlib', 'seaborn') if m in sys.modules]\n"
        "assert not bad, bad\n"
        "assert ecrm_lab.i18n._state['lang'] is None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_colours():
    import seaborn as sns

    assert PALETTE == sns.color_palette("colorblind").as_hex()
    assert set(STAGE_COLORS) == {"selection", "acquisition", "retention", "expansion", "lapsed"}
    assert set(STATUS_COLORS) == {"completed", "cancelled", "returned"}
    for colour in [*STAGE_COLORS.values(), *STATUS_COLORS.values()]:
        assert matplotlib.colors.is_color_like(colour)
    assert len(set(STAGE_COLORS.values())) == 5


def test_set_theme_sets_readable_defaults():
    assert set_theme() is None
    rc = matplotlib.rcParams
    assert rc["figure.dpi"] == 100
    assert tuple(rc["figure.figsize"]) == (8.0, 4.5)
    assert rc["savefig.bbox"] == "tight"
    assert rc["axes.titleweight"] == "bold"
    assert rc["svg.hashsalt"] == "ecrm_lab"
    assert rc["font.sans-serif"][0] == "DejaVu Sans"
    cycle = [c["color"] for c in rc["axes.prop_cycle"]]
    assert [matplotlib.colors.to_hex(c) for c in cycle] == PALETTE


def test_set_theme_context_and_scale():
    set_theme("talk", font_scale=1.2)
    big = matplotlib.rcParams["axes.titlesize"]
    set_theme("paper")
    assert matplotlib.rcParams["axes.titlesize"] < big


def test_vietnamese_text_renders_without_missing_glyphs():
    set_theme()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 2_000_000])
    label_axes(ax, x="order_date", y="revenue", title="Doanh thu theo tháng — Đà Nẵng, Hồ Chí Minh")
    vnd_axis(ax)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (1_250_000, "1,25 tr ₫", "1.25M ₫"),
        (950_000, "950 nghìn ₫", "950K ₫"),
        (2_300_000_000, "2,3 tỷ ₫", "2.3B ₫"),
        (1_000_000, "1 tr ₫", "1M ₫"),
        (1_500, "1,5 nghìn ₫", "1.5K ₫"),
        (500, "500 ₫", "500 ₫"),
        (12.5, "12,5 ₫", "12.5 ₫"),
        (0, "0 ₫", "0 ₫"),
        (-45_000, "-45 nghìn ₫", "-45K ₫"),
        (999_999, "1 tr ₫", "1M ₫"),
        (5_000_000_000_000, "5.000 tỷ ₫", "5,000B ₫"),
        (123_456_789, "123,46 tr ₫", "123.46M ₫"),
    ],
)
def test_format_vnd_table(value, vi, en):
    assert format_vnd(value, lang="vi") == vi
    assert format_vnd(value, lang="en") == en


def test_format_vnd_uses_current_language_and_numpy():
    import numpy as np

    assert format_vnd(np.float64(1_250_000)) == "1,25 tr ₫"
    i18n.set_language("en")
    assert format_vnd(np.int64(1_250_000), 3) == "1.25M ₫"


def test_format_vnd_odd_values():
    assert format_vnd(float("nan")) == ""
    assert format_vnd(float("inf")) == ""
    assert format_vnd("không phải số") == "không phải số"
    with pytest.raises(ValueError, match="allowed values"):
        format_vnd(1, lang="fr")


def test_vnd_axis_formats_tick_labels():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0, 1_000_000, 2_000_000])
    ax.set_yticks([0, 500_000, 1_250_000, 2_000_000])
    assert vnd_axis(ax) is ax
    fig.canvas.draw()
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels == ["0 ₫", "500 nghìn ₫", "1,25 tr ₫", "2 tr ₫"]
    assert ax.xaxis.get_major_formatter()(1_000_000, 0) != "1 tr ₫"


def test_vnd_axis_both_and_bad_axis():
    _, ax = plt.subplots()
    vnd_axis(ax, axis="both")
    assert ax.xaxis.get_major_formatter()(2_300_000_000, 0) == "2,3 tỷ ₫"
    assert ax.yaxis.get_major_formatter()(950_000, 0) == "950 nghìn ₫"
    with pytest.raises(ValueError, match="'z'"):
        vnd_axis(ax, axis="z")


def test_label_axes_translates_known_names():
    _, ax = plt.subplots()
    assert label_axes(ax, x="order_date", y="revenue", title="orders") is ax
    assert ax.get_xlabel() == "Ngày đặt hàng"
    assert ax.get_ylabel() == "Doanh thu"
    assert ax.get_title() == "Đơn hàng"
    label_axes(ax, x="week", lang="en", title="Doanh thu mỗi tuần")
    assert ax.get_xlabel() == "Week"
    assert ax.get_ylabel() == "Doanh thu"  # unchanged
    assert ax.get_title() == "Doanh thu mỗi tuần"


def test_label_axes_prefers_column_names_over_codes_of_other_kinds():
    # "brand" is a column and a campaign objective: an axis names the column
    fig, ax = plt.subplots()
    label_axes(ax, x="brand", y="revenue", title="orders")
    assert ax.get_xlabel() == "Thương hiệu"
    assert ax.get_ylabel() == "Doanh thu"
    assert ax.get_title() == "Đơn hàng"
    label_axes(ax, x="retention", title="Một tiêu đề tự do")
    assert ax.get_xlabel() == "giữ chân"
    assert ax.get_title() == "Một tiêu đề tự do"


def test_colours_come_from_the_vocabulary():
    from ecrm_lab import vocabulary

    assert list(STAGE_COLORS) == list(vocabulary.codes("stage"))
    assert list(STATUS_COLORS) == list(vocabulary.codes("status"))
