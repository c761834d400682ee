"""K-means on scaled RFM values, to compare with the rule-based segments."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import require_whole
from .scores import _VALUES, _check_rfm

__all__ = ["RFMKMeans", "rfm_kmeans"]


@dataclasses.dataclass(frozen=True)
class RFMKMeans:
    """K-means clusters of scaled RFM values (returned by :func:`rfm_kmeans`).

    Parameters
    ----------
    labels : pandas.Series
        Cluster of each customer (int, 1 = the cluster with the best mean standardised
        ``−recency + frequency + monetary``), indexed like the RFM table.
    centers : DataFrame
        One row per cluster (index ``cluster``): mean ``recency_days``, ``frequency``, ``monetary``
        of its customers and ``n_customers``.
    inertia : float
        Within-cluster sum of squares in the scaled space.
    log : bool
        Whether ``log1p`` was applied before standardising.
    model : object
        The fitted ``(scaler, kmeans)`` pair, used by :meth:`predict`.
    """

    labels: pd.Series
    centers: pd.DataFrame
    inertia: float
    log: bool
    model: Any = dataclasses.field(repr=False, compare=False)

    def predict(self, rfm: pd.DataFrame) -> pd.Series:
        """The nearest cluster of each customer of another RFM table.

        Parameters
        ----------
        rfm : DataFrame
            One row per customer with ``recency_days``, ``frequency``, ``monetary``.

        Returns
        -------
        pandas.Series
            Cluster numbers (int, same numbering as ``labels``), indexed like ``rfm``.

        Raises
        ------
        InputError
            As :meth:`RFMBins.transform`.
        """
        scaler, km, relabel = self.model
        z = scaler.transform(_rfm_matrix(_check_rfm(rfm), self.log))
        return pd.Series(relabel[km.predict(z)], index=rfm.index, name="cluster")


def _rfm_matrix(rfm: pd.DataFrame, log: bool) -> np.ndarray:
    v = rfm[list(_VALUES)].to_numpy(float)
    return np.log1p(v) if log else v


@fill_doc
def rfm_kmeans(
    rfm: pd.DataFrame, *, n_clusters: int = 5, log: bool = True, rng: Any = None
) -> RFMKMeans:
    """Cluster customers by K-means on standardised (by default log) recency, frequency, monetary.

    RFM values are very skewed (a few customers spend a lot), so by default each is transformed
    with ``log1p`` and then standardised (mean 0, sd 1) before scikit-learn's ``KMeans`` (``n_init=10``,
    ``random_state`` drawn from ``rng``). Clusters are renumbered 1 … ``n_clusters`` from best to
    worst (mean of −z(recency) + z(frequency) + z(monetary) of their centre), so that the numbering
    does not depend on the random start.

    Parameters
    ----------
    rfm : DataFrame
        One row per customer with ``recency_days``, ``frequency``, ``monetary``.
    n_clusters : int, default 5
        Number of clusters (2 … number of customers).
    log : bool, default True
        Apply ``log1p`` before standardising.
    {rng}

    Returns
    -------
    RFMKMeans
        ``labels``, ``centers`` (in the original units), ``inertia``; ``predict`` for another table.

    Raises
    ------
    InputError
        As :meth:`RFMBins.transform`.
    ValueError
        ``n_clusters`` below 2 or above the number of customers.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency_days": [1, 2, 3, 200, 210, 220],
    ...                     "frequency": [9, 8, 10, 1, 1, 2], "monetary": [900.0, 800, 950, 50, 40, 60]})
    >>> rfm_kmeans(rfm, n_clusters=2, rng=0).labels.tolist()
    [1, 1, 1, 2, 2, 2]
    """
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    rfm = _check_rfm(rfm)
    n_clusters = require_whole(n_clusters, "n_clusters", minimum=2)
    if not isinstance(log, bool | np.bool_):
        raise TypeError(f"log must be True or False, not {type(log).__name__} {log!r}")
    if not 2 <= n_clusters <= len(rfm):
        raise ValueError(
            f"n_clusters must be between 2 and {len(rfm)} (customers), got {n_clusters}"
        )
    seed = int(np.random.default_rng(rng).integers(2**31 - 1))
    scaler = StandardScaler().fit(_rfm_matrix(rfm, log))
    z = scaler.transform(_rfm_matrix(rfm, log))
    km = KMeans(n_clusters=int(n_clusters), n_init=10, random_state=seed).fit(z)
    value = -km.cluster_centers_[:, 0] + km.cluster_centers_[:, 1] + km.cluster_centers_[:, 2]
    relabel = np.empty(int(n_clusters), dtype=np.int64)
    relabel[np.argsort(-value, kind="stable")] = np.arange(1, int(n_clusters) + 1)
    labels = pd.Series(relabel[km.labels_], index=rfm.index, name="cluster")
    centers = rfm[list(_VALUES)].groupby(labels.to_numpy()).mean()
    centers["n_customers"] = labels.value_counts().sort_index().to_numpy()
    centers.index.name = "cluster"
    return RFMKMeans(
        labels=labels,
        centers=centers,
        inertia=float(km.inertia_),
        log=bool(log),
        model=(scaler, km, relabel),
    )
