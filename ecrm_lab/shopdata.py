"""``ShopData``: the tables of one shop, saved and loaded as CSV or Parquet with dtypes restored."""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import _schema

__all__ = ["ShopData", "restore_dtypes", "FORMATS"]

FORMATS = ("csv", "parquet")
_CONFIG_FILE = "config.yaml"


def restore_dtypes(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Give the columns of a known table their documented dtypes (unknown tables are returned as-is).

    Dates become ``datetime64[ns]``, categories ``category`` (with the documented category order when
    one is fixed), integers ``int64`` (``Int64`` when values are missing), booleans ``bool``.
    """
    if table not in _schema.TABLES:
        return df
    out = df.copy(deep=False)  # columns are replaced, never changed in place
    for col in _schema.columns_of(table):
        if col.column not in out.columns:
            continue
        s = out[col.column]
        if col.kind in ("date", "datetime"):
            s = pd.to_datetime(s).astype("datetime64[ns]")
        elif col.kind == "category":
            values = col.categories or sorted(pd.unique(s.dropna().astype(str)))
            s = pd.Categorical(s.astype(str).where(s.notna()), categories=list(values))
        elif col.kind == "integer":
            s = s.astype("Int64") if s.isna().any() else s.astype(np.int64)
        elif col.kind == "number":
            s = s.astype(np.float64)
        elif col.kind == "boolean":
            s = s.astype(bool)
        elif col.kind == "string":
            s = s.astype(str).where(s.notna())
        out[col.column] = s
    return out


class ShopData:
    """The tables of one shop, each reachable as an attribute (``data.orders``) or by name.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Observed tables and the ``truth`` table. Known tables (see :mod:`ecrm_lab._schema`) get their
        documented dtypes.
    config : dict, optional
        The simulator configuration that produced the data (``ShopConfig.to_dict()``) and the seed.

    Examples
    --------
    >>> from ecrm_lab.synth import ShopConfig, simulate
    >>> data = simulate(ShopConfig.preset("tiny"), rng=1)
    >>> data.table_names[:3]
    ('customers', 'products', 'orders')
    """

    def __init__(
        self, tables: Mapping[str, pd.DataFrame], *, config: Mapping[str, Any] | None = None
    ):
        bad = [k for k, v in tables.items() if not isinstance(v, pd.DataFrame)]
        if bad:
            raise TypeError(f"ShopData tables must be DataFrames; not: {', '.join(bad)}")
        known = [t for t in _schema.TABLES if t in tables]
        order = known + sorted(set(tables) - set(known))
        self._tables = {name: restore_dtypes(tables[name], name) for name in order}
        self.config = dict(config) if config else {}

    # ---------------------------------------------------------------- access
    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(
            f"this ShopData has no table {name!r}; its tables are: {', '.join(tables)}"
        )

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.__getattr__(name)

    def __contains__(self, name: str) -> bool:
        return name in self._tables

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._tables))

    @property
    def table_names(self) -> tuple[str, ...]:
        """Names of the tables, in schema order."""
        return tuple(self._tables)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """A shallow copy of the name → table mapping."""
        return dict(self._tables)

    def summary(self) -> pd.DataFrame:
        """One row per table: ``table``, ``rows``, ``columns``."""
        return pd.DataFrame(
            {
                "table": list(self._tables),
                "rows": [len(t) for t in self._tables.values()],
                "columns": [t.shape[1] for t in self._tables.values()],
            }
        )

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={len(v):,}" for k, v in self._tables.items())
        return f"ShopData({parts})"

    # ---------------------------------------------------------------- I/O
    def save(
        self, path: str | pathlib.Path, *, format: str = "csv", overwrite: bool = False
    ) -> pathlib.Path:
        """Write every table (``<table>.csv`` or ``<table>.parquet``) and ``config.yaml`` into ``path``.

        The files are written into a temporary folder beside ``path`` that is renamed at the end, so an
        interrupted save leaves nothing half-written. A folder that already holds files is refused unless
        ``overwrite=True`` (then it is replaced as a whole).
        """
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
        path = pathlib.Path(path)
        if path.exists() and not path.is_dir():
            raise FileExistsError(
                f"{str(path)!r} is a file, not a folder: choose another output folder"
            )
        if path.is_dir() and any(path.iterdir()) and not overwrite:
            raise FileExistsError(
                f"output folder {str(path)!r} already holds files: choose an empty folder or pass overwrite=True"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = pathlib.Path(tempfile.mkdtemp(prefix=f".{path.name}.tmp-", dir=path.parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; give the folder the usual permissions
        try:
            for name, df in self._tables.items():
                if format == "csv":
                    df.to_csv(
                        tmp / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n"
                    )
                else:
                    df.to_parquet(tmp / f"{name}.parquet", index=False)
            if self.config:
                import yaml

                (tmp / _CONFIG_FILE).write_text(
                    yaml.safe_dump(self.config, sort_keys=False, allow_unicode=True),
                    encoding="utf-8",
                )
            if path.exists():
                old = path.with_name(f".{path.name}.old-{tmp.name[-8:]}")
                path.rename(old)
                tmp.rename(path)
                shutil.rmtree(old)
            else:
                tmp.rename(path)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp)
        return path

    @classmethod
    def load(cls, path: str | pathlib.Path) -> ShopData:
        """Read a folder written by :meth:`save` (CSV or Parquet; dtypes restored)."""
        path = pathlib.Path(path)
        if not path.is_dir():
            raise FileNotFoundError(f"no shop data folder at {str(path)!r}")
        tables: dict[str, pd.DataFrame] = {}
        for file in sorted(path.iterdir()):
            if file.suffix == ".csv":
                text_cols = {
                    c.column: str
                    for c in (_schema.columns_of(file.stem) if file.stem in _schema.TABLES else [])
                    if c.kind == "string"
                }
                tables[file.stem] = pd.read_csv(file, encoding="utf-8", dtype=text_cols)
            elif file.suffix == ".parquet":
                tables[file.stem] = pd.read_parquet(file)
        if not tables:
            raise FileNotFoundError(f"{str(path)!r} holds no .csv or .parquet tables")
        config = {}
        if (path / _CONFIG_FILE).is_file():
            import yaml

            config = yaml.safe_load((path / _CONFIG_FILE).read_text(encoding="utf-8")) or {}
        return cls(tables, config=config)
