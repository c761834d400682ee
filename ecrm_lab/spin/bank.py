"""The labelled Vietnamese SPIN question bank shipped with the package."""

from __future__ import annotations

import functools
from importlib import resources

import pandas as pd

from ..text import remove_diacritics

__all__ = ["load_questions", "remove_diacritics"]


# ------------------------------------------------------------------------------ the question bank
@functools.lru_cache(maxsize=1)
def _bank() -> pd.DataFrame:
    with (
        resources.files("ecrm_lab").joinpath("data/spin_questions.csv").open(encoding="utf-8") as f
    ):
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def load_questions() -> pd.DataFrame:
    """The labelled Vietnamese SPIN question bank shipped with the package.

    Read with :mod:`importlib.resources`, so it works from a source checkout and from an installed
    wheel. Each call returns a fresh copy that you may change.

    Returns
    -------
    DataFrame
        One row per seller question (612 rows):

        * ``question_id`` — ``"q0001"``, ``"q0002"``, …
        * ``question`` — the seller's line in Vietnamese (NFC-normalised UTF-8);
        * ``label`` — ``"S"``, ``"P"``, ``"I"``, ``"N"`` or ``"other"`` (see :data:`ALL_LABELS`);
        * ``category`` — product category code (``"phones"``, ``"beauty"``, …) or ``"general"``;
        * ``register`` — how the seller addresses the shopper: ``"chị"``, ``"anh"``, ``"bạn"``,
          ``"mình"`` or ``"anh/chị"``.

    Examples
    --------
    >>> bank = load_questions()
    >>> len(bank), sorted(bank["label"].unique())
    (612, ['I', 'N', 'P', 'S', 'other'])
    """
    return _bank().copy()
