"""SPIN question sequences: features, conversion rates and the logistic model of purchases."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._stats import wilson_interval
from .._validate import require_columns, require_present, require_unique_key
from ..errors import InputError
from ._common import _FEATURE_COLUMNS, _NO_PATTERN, LABELS, TERMS

__all__ = [
    "sequence_features",
    "sequence_outcomes",
    "fit_sequence_effects",
    "compare_with_truth",
    "REFERENCE",
]

# ------------------------------------------------------------------------------ sequences
_TOKEN_CODES = {"S": "S", "P": "P", "I": "I", "N": "N", "OTHER": "o"}


def _sequence_series(sales_chats: Any, sequence_col: str) -> pd.Series:
    if isinstance(sales_chats, pd.Series):
        series = sales_chats
    else:
        require_columns(sales_chats, [sequence_col], table="sales_chats")
        series = sales_chats[sequence_col]
    if len(series) == 0:
        raise InputError("is empty", table="sales_chats", fix="pass a table with at least one chat")
    return series


def _compact(series: pd.Series, *, sep: str, sequence_col: str) -> pd.Series:
    """Each sequence as a string of one-letter codes (S, P, I, N, o), validated; same index."""
    if not isinstance(sep, str) or not sep:
        raise ValueError(f"sep must be a non-empty string such as '-', got {sep!r}")
    values = series.to_numpy(dtype=object)
    missing = pd.isna(series).to_numpy()
    if missing.any():
        first = series.index[int(np.flatnonzero(missing)[0])]
        raise InputError(
            f"has {int(missing.sum())} missing sequence(s)",
            table="sales_chats",
            column=sequence_col,
            row=first,
            fix="write '' for a chat in which the seller asked no question",
        )
    not_str = np.array([not isinstance(v, str) for v in values])
    if not_str.any():
        i = int(np.flatnonzero(not_str)[0])
        raise InputError(
            f"must hold text such as 'S-P-I-N', not {type(values[i]).__name__} {values[i]!r}",
            table="sales_chats",
            column=sequence_col,
            row=series.index[i],
            fix=f"convert it with sales_chats[{sequence_col!r}].astype(str), or fix these rows",
        )
    stripped = pd.Series(values, dtype=object).str.strip()  # positional index 0 … n-1
    empty = (stripped == "").to_numpy()
    flat = stripped.str.split(sep, regex=False).explode()
    flat = flat[~empty[flat.index.to_numpy()]]
    mapped = flat.str.strip().str.upper().map(_TOKEN_CODES)
    bad = mapped.isna().to_numpy()
    if bad.any():
        tokens = pd.unique(flat[bad].astype(str))
        rows = pd.unique(flat.index[bad])
        shown = ", ".join(repr(t) for t in tokens[:5])
        raise InputError(
            f"has unknown or empty label(s) {shown} in {len(rows)} chat(s) (e.g. "
            f"{values[rows[0]]!r})",
            table="sales_chats",
            column=sequence_col,
            row=series.index[rows[0]],
            fix=f"a sequence is made of S, P, I, N and other joined by {sep!r}, e.g. "
            f"'S{sep}P{sep}I{sep}N'",
        )
    joined = (
        mapped.groupby(level=0, sort=True).agg("".join).reindex(range(len(values)), fill_value="")
    )
    return pd.Series(joined.to_numpy(dtype=object), index=series.index, dtype=object)


def _patterns(compact: pd.Series) -> pd.Series:
    """Drop ``other``, merge repeated neighbours, join with '-': 'SSPoPI' → 'S-P-I'."""
    letters = compact.str.replace("o", "", regex=False).str.replace(r"(.)\1+", r"\1", regex=True)
    out = letters.map(lambda s: "-".join(s) if s else _NO_PATTERN)
    return out.astype(object)


def sequence_features(
    sales_chats: pd.DataFrame | pd.Series,
    *,
    sequence_col: str = "spin_sequence",
    id_col: str = "chat_id",
    sep: str = "-",
) -> pd.DataFrame:
    """Per-chat counts and indicators of the SPIN question types (see the module's Definitions).

    Parameters
    ----------
    sales_chats : DataFrame or Series
        One row per chat with the sequence of the seller's question labels in ``sequence_col``, e.g.
        ``"S-P-I-N"`` (VietShop's ``sales_chats``); or just a Series of such strings.
    sequence_col : str, default "spin_sequence"
        Column with the sequences.
    id_col : str, default "chat_id"
        Identifier column, copied to the output when present.
    sep : str, default "-"
        Separator between labels.

    Returns
    -------
    DataFrame
        Same index and row order as the input; ``id_col`` (if present), then ``n_questions``,
        ``n_S``, ``n_P``, ``n_I``, ``n_N``, ``n_other`` (int), ``has_P``, ``has_I``, ``has_N``,
        ``full_sequence`` (bool), ``extra_situation`` (int, ``max(n_S − 2, 0)``) and ``pattern``
        (str, e.g. ``"S-P-I"``).

    Raises
    ------
    ValueError
        For a missing sequence, an unknown label (``"X"``, ``"Q"``, an empty label in ``"S--P"``) or
        an empty table.
    TypeError
        For a sequence that is not text, or a table that is not a DataFrame.
    """
    series = _sequence_series(sales_chats, sequence_col)
    compact = _compact(series, sep=sep, sequence_col=sequence_col)
    out = pd.DataFrame(index=series.index)
    if isinstance(sales_chats, pd.DataFrame) and id_col in sales_chats.columns:
        out[id_col] = sales_chats[id_col]
    out["n_questions"] = compact.str.len().astype(np.int64)
    for lab, code in (("S", "S"), ("P", "P"), ("I", "I"), ("N", "N"), ("other", "o")):
        out[f"n_{lab}"] = compact.str.count(code).astype(np.int64)
    for lab in [x for x in LABELS if x != "S"]:  # has_P, has_I, has_N
        out[f"has_{lab}"] = out[f"n_{lab}"] > 0
    out["full_sequence"] = compact.str.contains("S.*P.*I.*N", regex=True).astype(bool)
    out["extra_situation"] = np.maximum(out["n_S"].to_numpy() - 2, 0).astype(np.int64)
    out["pattern"] = _patterns(compact)
    return out


def _purchased(sales_chats: pd.DataFrame, purchased_col: str) -> np.ndarray:
    require_columns(sales_chats, [purchased_col], table="sales_chats")
    s = sales_chats[purchased_col]
    if s.isna().any():
        raise InputError(
            f"has {int(s.isna().sum())} missing value(s)",
            table="sales_chats",
            column=purchased_col,
            row=s.index[s.isna().to_numpy()][0],
            fix="every chat needs True (bought) or False",
        )
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(s) and s.isin([0, 1]).all():
        return s.to_numpy() == 1
    bad = ~s.isin([0, 1, True, False]).to_numpy()
    examples = ", ".join(repr(x) for x in pd.unique(s[bad])[:3])
    raise InputError(
        f"must be True/False (or 1/0), found {examples}",
        table="sales_chats",
        column=purchased_col,
        row=s.index[bad][0] if bad.any() else None,
        fix=f"convert it, e.g. sales_chats[{purchased_col!r}] == 'yes'",
    )


def sequence_outcomes(
    sales_chats: pd.DataFrame,
    *,
    by: str | Sequence[str] = "pattern",
    min_chats: int = 30,
    sequence_col: str = "spin_sequence",
    purchased_col: str = "purchased",
    id_col: str | None = "chat_id",
    sep: str = "-",
    ci_level: float = 0.95,
) -> pd.DataFrame:
    """Conversion rate (share of chats ending in a purchase) by SPIN sequence or by a sequence feature.

    Parameters
    ----------
    sales_chats : DataFrame
        One row per chat with ``sequence_col`` (e.g. ``"S-P-I-N"``) and ``purchased_col`` (bool).
    by : str or list of str, default "pattern"
        ``"sequence"`` (the sequence as written), ``"pattern"`` (``other`` removed, repeated
        neighbours merged: ``"S-S-P"`` → ``"S-P"``) or a column of :func:`sequence_features`
        (``"has_N"``, ``"full_sequence"``, ``"n_S"``, …). A list of feature columns gives one block
        of rows per feature, stacked.
    min_chats : int, default 30
        Groups with fewer chats are left out (their rates are too uncertain); the number of chats
        left out is in ``result.attrs["n_chats_dropped"]`` (for a list of features, the largest
        number left out for any one of them).
    sequence_col, purchased_col, id_col, sep : str
        Column names and label separator. When ``id_col`` is a column of ``sales_chats``, repeated
        or missing chat ids are an :class:`~ecrm_lab.InputError` (a duplicated chat would be counted
        twice); ``id_col=None`` or a table without it: every row is one chat.
    ci_level : float, default 0.95
        Coverage of the Wilson interval (kept in ``result.attrs["ci_level"]`` for the plots).

    Returns
    -------
    DataFrame
        For a single ``by``: a column named ``by`` (the group), then ``n_chats``, ``n_purchases``,
        ``conversion_rate``, ``ci_low``, ``ci_high`` (Wilson interval). Sequences and patterns are
        sorted by number of chats (largest first), feature values in increasing order. For a list:
        columns ``feature``, ``value`` and the same five columns.
    """
    level = _check_level(ci_level)
    _unique_chats(sales_chats, id_col)
    features = sequence_features(sales_chats, sequence_col=sequence_col, sep=sep)
    bought = _purchased(sales_chats, purchased_col)
    if isinstance(min_chats, bool) or not isinstance(min_chats, numbers.Integral) or min_chats < 1:
        raise ValueError(f"min_chats must be a whole number ≥ 1, got {min_chats!r}")
    allowed = ("sequence", "pattern", *_FEATURE_COLUMNS)
    names = [by] if isinstance(by, str) else list(by) if isinstance(by, Iterable) else [by]
    bad = [b for b in names if b not in allowed]
    if bad or not names:
        raise ValueError(
            f"by must be 'sequence', 'pattern' or feature column(s) {', '.join(_FEATURE_COLUMNS)}; "
            f"got {by!r}"
        )
    stacked = not isinstance(by, str)
    if stacked and any(b in ("sequence", "pattern") for b in names):
        raise ValueError("a list in by may hold feature columns only; use by='pattern' alone")
    keys = {
        "sequence": _sequence_series(sales_chats, sequence_col).astype(str).str.strip(),
        "pattern": features["pattern"],
        **{c: features[c] for c in _FEATURE_COLUMNS},
    }
    blocks, dropped = [], 0
    for name in names:
        frame = pd.DataFrame({"group": keys[name].to_numpy(), "bought": bought})
        g = frame.groupby("group", sort=True)["bought"].agg(n_chats="size", n_purchases="sum")
        g = g.astype(np.int64)
        small = g["n_chats"] < min_chats
        dropped = max(dropped, int(g.loc[small, "n_chats"].sum()))
        g = g[~small]
        if name in ("sequence", "pattern"):
            g = g.reset_index().sort_values(["n_chats", "group"], ascending=[False, True])
        else:
            g = g.reset_index()
        rate = g["n_purchases"] / g["n_chats"]
        if len(g):
            low, high = wilson_interval(
                g["n_purchases"].to_numpy(), g["n_chats"].to_numpy(), ci_level=level
            )
        else:
            low = high = np.empty(0)
        g = g.assign(conversion_rate=rate.to_numpy(), ci_low=low, ci_high=high)
        if stacked:
            g = g.rename(columns={"group": "value"})
            g.insert(0, "feature", name)
        else:
            g = g.rename(columns={"group": name})
        blocks.append(g)
    out = pd.concat(blocks, ignore_index=True) if stacked else blocks[0].reset_index(drop=True)
    out.attrs["n_chats_dropped"] = dropped
    out.attrs["min_chats"] = int(min_chats)
    out.attrs["ci_level"] = level
    return out


# ------------------------------------------------------------------------------ logistic model
def _check_level(ci_level: Any) -> float:
    if isinstance(ci_level, bool) or not isinstance(ci_level, numbers.Real) or not 0 < ci_level < 1:
        raise ValueError(
            f"ci_level must lie strictly between 0 and 1 (e.g. 0.95), got {ci_level!r}"
        )
    return float(ci_level)


def _unique_chats(sales_chats: Any, id_col: str | None) -> None:
    """Duplicated chats would be counted twice: refuse them when the table has an id column."""
    if isinstance(sales_chats, pd.DataFrame) and id_col is not None and id_col in sales_chats:
        require_present(sales_chats[id_col], table="sales_chats", column=id_col, what="id")
        require_unique_key(sales_chats, [id_col], table="sales_chats")


#: What each model term is measured against (the reference level of its indicator).
REFERENCE: dict[str, str] = {
    "intercept": "chat with no P, I or N question, not in S→P→I→N order, at most 2 S questions",
    "has_problem": "has_P = False",
    "has_implication": "has_I = False",
    "has_need_payoff": "has_N = False",
    "full_sequence": "full_sequence = False",
    "extra_situation": "extra_situation = 0 (at most 2 S questions); effect per extra S question",
}


def fit_sequence_effects(
    sales_chats: pd.DataFrame,
    *,
    sequence_col: str = "spin_sequence",
    purchased_col: str = "purchased",
    id_col: str | None = "chat_id",
    sep: str = "-",
    ci_level: float = 0.95,
) -> pd.DataFrame:
    """Logistic regression of the purchase on the chat's SPIN features, with standard errors.

    The model is ``logit P(purchase) = intercept + has_problem·[has_P] + has_implication·[has_I] +
    has_need_payoff·[has_N] + full_sequence·[S→P→I→N in order] + extra_situation·max(n_S − 2, 0)``,
    fitted by maximum likelihood without a penalty with :class:`statsmodels.api.Logit` (Newton).
    Standard errors come from the inverse Fisher information at the estimate; intervals are Wald
    intervals ``estimate ± z · std_error`` and p-values two-sided Wald tests of zero.

    Each indicator is one-hot against its reference level ``False``, written out in the ``reference``
    column: ``has_problem`` compares chats with a P question to chats without one, everything else
    equal; the intercept is the log-odds of the reference chat.

    Parameters
    ----------
    sales_chats : DataFrame
        One row per chat with ``sequence_col`` and ``purchased_col`` (see :func:`sequence_outcomes`).
        When ``id_col`` is a column, repeated or missing ids are an :class:`~ecrm_lab.InputError`
        (a duplicated chat would weigh twice); without it every row is taken as one chat.
    sequence_col, purchased_col, id_col, sep : str
        Column names and label separator (``id_col=None``: no id check).
    ci_level : float, default 0.95
        Coverage of the intervals (kept in ``result.attrs["ci_level"]`` for the plots).

    Returns
    -------
    DataFrame
        Index ``term`` (:data:`TERMS`: ``intercept``, ``has_problem``, ``has_implication``,
        ``has_need_payoff``, ``full_sequence``, ``extra_situation``), columns ``feature`` (the column
        of :func:`sequence_features`; empty for the intercept), ``reference`` (the level the term is
        measured against), ``estimate`` (log-odds), ``std_error``, ``ci_low``, ``ci_high``,
        ``p_value`` and ``odds_ratio`` (``exp(estimate)``). ``attrs``: ``n_chats``, ``n_purchases``,
        ``log_likelihood``, ``ci_level``.

    Raises
    ------
    ValueError
        When a feature does not vary (e.g. no chat has an I question), when features are collinear, or
        when the fit does not converge (a feature that predicts the outcome perfectly).
    """
    import warnings

    import statsmodels.api as sm

    level = _check_level(ci_level)
    _unique_chats(sales_chats, id_col)
    features = sequence_features(sales_chats, sequence_col=sequence_col, sep=sep)
    y = _purchased(sales_chats, purchased_col).astype(float)
    if y.min() == y.max():
        word = "bought" if y[0] else "did not buy"
        raise ValueError(
            f"every chat in sales_chats {word}: a purchase model needs chats of both kinds"
        )
    cols = [c for c in TERMS.values() if c is not None]
    X = np.column_stack([np.ones(len(y))] + [features[c].to_numpy(dtype=float) for c in cols])
    for j, c in enumerate(cols, start=1):
        if np.all(X[:, j] == X[0, j]):
            raise ValueError(
                f"feature {c} is the same ({X[0, j]:g}) in every chat, so its effect cannot be "
                "estimated: use more varied chats"
            )
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise ValueError(
            "the SPIN features are collinear in these chats (one is a combination of others): use "
            "more varied chats"
        )
    not_converged = ValueError(
        "the logistic regression did not converge: some feature predicts the purchase (almost) "
        "perfectly in these chats; use more chats"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # separation and overflow warnings: judged below
        try:
            res = sm.Logit(y, X).fit(method="newton", maxiter=100, disp=0, tol=1e-10)
        except (np.linalg.LinAlgError, ValueError) as err:  # singular Hessian, perfect separation
            raise not_converged from err
    beta = np.asarray(res.params, dtype=float)
    se = np.asarray(res.bse, dtype=float)
    if (
        not res.mle_retvals.get("converged", False)
        or not np.all(np.isfinite(se))
        or np.max(np.abs(beta)) > 15
    ):
        raise not_converged
    ci = np.asarray(res.conf_int(alpha=1 - level), dtype=float)
    out = pd.DataFrame(
        {
            "feature": [c if c is not None else "" for c in TERMS.values()],
            "reference": [REFERENCE[t] for t in TERMS],
            "estimate": beta,
            "std_error": se,
            "ci_low": ci[:, 0],
            "ci_high": ci[:, 1],
            "p_value": np.asarray(res.pvalues, dtype=float),
            "odds_ratio": np.exp(beta),
        },
        index=pd.Index(list(TERMS), name="term"),
    )
    out.attrs.update(
        n_chats=len(y), n_purchases=int(y.sum()), log_likelihood=float(res.llf), ci_level=level
    )
    return out


def compare_with_truth(
    effects: pd.DataFrame, truth_params: pd.DataFrame, *, prefix: str = "spin_"
) -> pd.DataFrame:
    """Put fitted effects beside the simulator's planted values (``truth_params``).

    Parameters
    ----------
    effects : DataFrame
        From :func:`fit_sequence_effects` (index ``term``; ``estimate``, ``std_error``, ``ci_low``,
        ``ci_high``).
    truth_params : DataFrame
        Columns ``parameter`` and ``value``; the planted effect of term ``t`` is in row
        ``prefix + t`` (VietShop: ``spin_intercept``, ``spin_has_problem``, …).
    prefix : str, default "spin_"
        Prefix of the parameter names.

    Returns
    -------
    DataFrame
        Index ``term``; ``estimate``, ``std_error``, ``ci_low``, ``ci_high``, ``true_value``,
        ``error`` (estimate − true value), ``error_in_se`` (error / std_error) and ``covered`` (the
        true value lies inside the interval).
    """
    require_columns(effects, ["estimate", "std_error", "ci_low", "ci_high"], table="effects")
    require_columns(truth_params, ["parameter", "value"], table="truth_params")
    truth = truth_params.set_index("parameter")["value"]
    wanted = [f"{prefix}{t}" for t in effects.index]
    missing = [w for w in wanted if w not in truth.index]
    if missing:
        raise ValueError(
            f"truth_params has no row(s) {', '.join(missing)}: is this the simulator's truth_params "
            "table, and is the prefix right?"
        )
    out = effects[["estimate", "std_error", "ci_low", "ci_high"]].copy()
    out["true_value"] = truth.reindex(wanted).to_numpy(dtype=float)
    out["error"] = out["estimate"] - out["true_value"]
    out["error_in_se"] = out["error"] / out["std_error"]
    out["covered"] = (out["ci_low"] <= out["true_value"]) & (out["true_value"] <= out["ci_high"])
    out.attrs = dict(effects.attrs)  # ci_level and the sample sizes travel with the table
    return out
