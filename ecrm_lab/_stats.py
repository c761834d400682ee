"""Small statistics shared by the analysis modules (no heavy imports)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = ["wilson_interval"]


def wilson_interval(
    successes: Any, n: Any, *, ci_level: float = 0.95
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Wilson score interval for a proportion (successes out of n).

    Better than "p ± 1.96·√(p(1−p)/n)" for small n and for rates near 0 or 1: it never leaves
    [0, 1] and is not empty when there are 0 successes.

    Parameters
    ----------
    successes, n : int or array of int
        Number of successes (0 … n) and of trials (≥ 1).
    ci_level : float, default 0.95
        Coverage of the interval.

    Returns
    -------
    (low, high)
        Floats for scalar input, arrays otherwise.

    Examples
    --------
    >>> low, high = wilson_interval(0, 10)
    >>> round(float(low), 3), round(float(high), 3)
    (0.0, 0.278)
    """
    from statistics import NormalDist

    if isinstance(ci_level, bool) or not isinstance(ci_level, numbers.Real):
        raise TypeError(f"ci_level must be a number such as 0.95, not {ci_level!r}")
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    k = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    if np.any(~np.isfinite(k)) or np.any(~np.isfinite(m)):
        raise ValueError("successes and n must be finite numbers")
    if np.any(m < 1):
        raise ValueError("n must be ≥ 1: a rate needs at least one trial")
    if np.any(k < 0) or np.any(k > m):
        raise ValueError("successes must lie between 0 and n")
    z = NormalDist().inv_cdf(0.5 + ci_level / 2)
    p = k / m
    denom = 1 + z**2 / m
    centre = (p + z**2 / (2 * m)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / m + z**2 / (4 * m**2))
    low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    low = np.where(k == 0, 0.0, low)  # exact bounds where rounding would leave 1e-17
    high = np.where(k == m, 1.0, high)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high
