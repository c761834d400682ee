"""Shared fixtures: one tiny simulated shop, built once per test session."""

from __future__ import annotations

import pathlib

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def tiny_shop():
    from ecrm_lab.synth import ShopConfig, simulate

    return simulate(ShopConfig.preset("tiny"), rng=11)


@pytest.fixture(scope="session")
def small_shop():
    from ecrm_lab.synth import ShopConfig, simulate

    return simulate(ShopConfig(n_customers=3_000), rng=5)
