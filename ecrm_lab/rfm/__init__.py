"""RFM analysis: recency, frequency and monetary value per customer, scores, named segments.

The steps of lesson 07:

1. :func:`rfm_table` — per customer, from the completed orders up to ``as_of``: ``recency_days``
   (days from the last purchase to ``as_of``), ``frequency`` (orders) and ``monetary`` (money spent);
2. :func:`fit_rfm_bins` / :func:`rfm_scores` — quintile scores 1–5 (5 best; recency reversed). The
   bin edges are *learned* on one snapshot and can be applied to another (estimator convention of the
   package: a plain function returns a frozen result, :class:`RFMBins`, whose ``transform`` scores
   any RFM table with the same edges);
3. :func:`rfm_segments` — eleven named segments (Champions … Lost) of the R × F grid, with Vietnamese
   and English names and a recommended action, read from the vocabulary (kind ``segment``);
4. :func:`segment_value` — size and value of each segment, and what its customers spent next;
   :func:`segment_migration` — how customers moved between the segments of two snapshots;
5. :func:`rfm_kmeans` — K-means on the scaled RFM values, for comparison with the rule-based grid;
6. :func:`plot_segment_map`, :func:`plot_segment_value`, :func:`plot_segment_migration` — the
   pictures of the lesson.

Two "recencies": RFM's ``recency_days`` counts from the **last purchase to the snapshot** (small is
good); BG/NBD's ``recency_btyd`` (:func:`ecrm_lab.clv.summary_from_transactions`) counts from the
**first to the last purchase** (large is good). ``recency_days = T − recency_btyd`` in days.

References: Hughes (1994), *Strategic Database Marketing*; Fader, Hardie & Lee (2005), "RFM and CLV:
using iso-value curves for customer base analysis", *Journal of Marketing Research* 42(4).
"""

from .kmeans import RFMKMeans, rfm_kmeans
from .plots import plot_segment_map, plot_segment_migration, plot_segment_value
from .scores import QUANTILES as QUANTILES
from .scores import RFMBins, fit_rfm_bins, rfm_scores
from .segments import rfm_segments, segment_grid, segment_migration, segment_value
from .table import rfm_table

__all__ = [
    "rfm_table",
    "fit_rfm_bins",
    "rfm_scores",
    "RFMBins",
    "rfm_segments",
    "segment_grid",
    "segment_migration",
    "segment_value",
    "rfm_kmeans",
    "RFMKMeans",
    "plot_segment_map",
    "plot_segment_value",
    "plot_segment_migration",
]
