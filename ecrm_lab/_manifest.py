"""The manifest of a written data folder: every file with its rows and sha256.

Minimal version written by sim-core (the full one, with the same signature, comes from sim-io).
"""

from __future__ import annotations

import hashlib
import json
import pathlib
from collections.abc import Mapping, Sequence

__all__ = ["write_manifest", "MANIFEST_FILE"]

MANIFEST_FILE = "manifest.json"
SCHEMA_VERSION = 1


def _sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _rows(path: pathlib.Path, fmt: str) -> int:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    import pandas as pd

    n = 0
    for chunk in pd.read_csv(path, chunksize=200_000, dtype=str, usecols=[0]):
        n += len(chunk)
    return n


def write_manifest(
    folder: pathlib.Path,
    tables: Mapping[str, Sequence[str]],
    *,
    fmt: str,
    config: Mapping | None = None,
) -> pathlib.Path:
    """Write ``manifest.json`` in ``folder`` and return its path.

    ``tables`` maps each table to its files, relative to ``folder``; the rows and sha256 of each file
    are computed here.
    """
    folder = pathlib.Path(folder)
    entries = {
        name: [
            {"file": f, "rows": _rows(folder / f, fmt), "sha256": _sha256(folder / f)}
            for f in files
        ]
        for name, files in tables.items()
    }
    doc = {
        "schema_version": SCHEMA_VERSION,
        "format": fmt,
        "tables": entries,
        "config": dict(config) if config else None,
    }
    path = folder / MANIFEST_FILE
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return path
