"""``ShopData``: the tables of one shop, saved and loaded as CSV or Parquet with dtypes restored.

Saving goes through :func:`ecrm_lab._atomic.atomic_output` (all files or none, the old folder intact
until the new one is complete) and writes a ``MANIFEST.json`` (:mod:`ecrm_lab._manifest`). Loading
reads the layouts ``<table>.csv``, ``<table>.parquet`` and a Parquet (or CSV) dataset folder
``<table>/part-*.parquet``, checks every file against the manifest and the schema
(:mod:`ecrm_lab._schema`) and raises :class:`~ecrm_lab._manifest.DataFileError` (an
:class:`~ecrm_lab.errors.InputError`) naming the file, the table, the column and the first bad row.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import _schema
from ._atomic import atomic_output
from ._manifest import MANIFEST, DataFileError, check_table_name, read_manifest, sha256_of
from ._manifest import write_manifest as _write_manifest
from .errors import InputError

__all__ = ["ShopData", "restore_dtypes", "FORMATS", "DataFileError"]

FORMATS = ("csv", "parquet")
_CONFIG_FILE = "config.yaml"
_KIND_WORDS = {
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time (YYYY-MM-DD HH:MM:SS)",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "True or False",
}
_BOOLEAN_TEXT = {"true": True, "false": False, "1": True, "0": False}


def _fail(problem, *, table, column, df, mask, source, fix) -> None:
    """Raise for the first row where ``mask`` holds (naming the CSV line when there is a file)."""
    pos = int(np.argmax(np.asarray(mask)))
    label = df.index[pos]
    count = int(np.asarray(mask).sum())
    value = df[column].iloc[pos]
    where = f" (line {pos + 2} of the file)" if source and str(source).endswith(".csv") else ""
    shown = value.item() if isinstance(value, np.generic) else value
    text = f"{count:,} value(s) {problem}, first {shown!r}{where}"
    if source is None:
        raise InputError(text, table=table, column=column, row=label, fix=fix)
    raise DataFileError(text, file=str(source), table=table, column=column, row=label, fix=fix)


_STR = pd.StringDtype(na_value=np.nan)  # the dtype of ``Series.astype(str)``


def _fail_categories(values: list[str], unknown: np.ndarray, args: dict[str, Any]) -> None:
    _fail(
        f"are not among the categories {', '.join(values)}",
        mask=unknown,
        fix="use one of the documented categories (data_dictionary() lists them)",
        **args,
    )


def _recode_categorical(s: pd.Series, col, present: np.ndarray, args: dict[str, Any]) -> pd.Series:
    """A categorical or text column as a categorical with the schema's categories, by codes.

    The same result as ``pd.Categorical(s.astype(str), categories=...)``, without casting every
    row to text: a categorical is recoded by its codes, an Arrow text column by its dictionary
    encoding.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        text = s.cat.categories.astype(str)  # one text per category, not per row
        codes = s.cat.codes.to_numpy()
    else:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(s.array)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        enc = pc.dictionary_encode(arr)
        text = pd.Index(enc.dictionary.to_pylist(), dtype=object)
        codes = pc.fill_null(enc.indices, -1).to_numpy().astype(np.int64)  # −1: missing
    if col.categories is not None:
        values = list(col.categories)
    else:
        used = np.unique(codes[codes >= 0])
        values = sorted(set(text[used]))
    pos = pd.Index(values).get_indexer(text)
    new = np.where(codes >= 0, pos[codes] if pos.size else codes, -1)
    unknown = present & (new < 0)
    if unknown.any():
        _fail_categories(values, unknown, args)
    cat = pd.Categorical.from_codes(new, dtype=pd.CategoricalDtype(values, ordered=False))
    return pd.Series(cat, index=s.index, name=s.name)


def restore_dtypes(
    df: pd.DataFrame, table: str, *, source: str | os.PathLike[str] | None = None
) -> pd.DataFrame:
    """Give the columns of a known table their documented dtypes (unknown tables are returned as-is).

    Parameters
    ----------
    df : DataFrame
        A table as read from a file or built by the simulator; columns the schema does not know are
        kept as they are, documented columns that are absent are skipped.
    table : str
        The table's name in :data:`ecrm_lab._schema.TABLES`.
    source : str or path, optional
        The file the table was read from, named in error messages.

    Returns
    -------
    DataFrame
        A new frame (the input is not changed): dates ``datetime64[ns]``, categories ``category``
        (with the documented categories, in order, when the schema fixes them), integers ``int64``
        (``Int64`` when values are missing), numbers ``float64``, booleans ``bool`` (``boolean`` when
        values are missing), strings ``str``.

    Raises
    ------
    InputError
        (:class:`~ecrm_lab._manifest.DataFileError` when ``source`` is given) naming the column and its
        first bad row when a value does not cast (``"abc"`` in an integer column, ``2.5`` where a whole
        number belongs, a date that is not a date) or a category column holds a value outside its
        documented categories. Such values are never turned into missing values quietly.
    """
    if table not in _schema.TABLES:
        return df
    out = df.copy(deep=False)  # columns are replaced, never changed in place
    fix_value = (
        "correct the value in the file (or regenerate the data)"
        if source is not None
        else f"give {table} values of the documented kinds (data_dictionary({table!r}) lists them)"
    )
    for col in _schema.columns_of(table):
        if col.column not in out.columns:
            continue
        s = out[col.column]
        present = s.notna().to_numpy()
        args = {"table": table, "column": col.column, "df": out, "source": source}
        if col.kind in ("date", "datetime"):
            if not pd.api.types.is_datetime64_any_dtype(s):
                parsed = pd.to_datetime(s, errors="coerce", format="ISO8601")
                bad = present & parsed.isna().to_numpy()
                if bad.any():
                    _fail(f"are not {_KIND_WORDS[col.kind]}", mask=bad, fix=fix_value, **args)
                s = parsed
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_localize(None)
            s = s.astype("datetime64[ns]")
        elif col.kind == "category":
            if isinstance(s.dtype, pd.CategoricalDtype) or s.dtype == _STR:
                s = _recode_categorical(s, col, present, args)
                out[col.column] = s
                continue
            text = s.astype(str).where(s.notna())
            if col.categories is not None:
                values = list(col.categories)
                unknown = present & ~text.isin(values).to_numpy()
                if unknown.any():
                    _fail_categories(values, unknown, args)
            else:
                values = sorted(pd.unique(text.dropna()))
            s = pd.Categorical(text, categories=values)
        elif col.kind in ("integer", "number"):
            if col.kind == "integer" and s.dtype == np.int64:
                out[col.column] = s  # int64 holds whole, finite, present numbers only
                continue
            if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
                num = pd.to_numeric(s.where(s.notna()), errors="coerce")
                if pd.api.types.is_bool_dtype(s):
                    num = pd.Series(np.nan, index=s.index)
                bad = present & num.isna().to_numpy()
                if bad.any():
                    _fail(f"are not {_KIND_WORDS[col.kind]}", mask=bad, fix=fix_value, **args)
                s = num
            values = s.to_numpy(dtype=np.float64, na_value=np.nan)
            bad = present & ~np.isfinite(np.where(present, values, 0.0))
            if bad.any():
                _fail("are infinite", mask=bad, fix=fix_value, **args)
            if col.kind == "integer":
                if not pd.api.types.is_integer_dtype(s):
                    frac = present & (np.where(present, values, 0.0) % 1 != 0)
                    if frac.any():
                        _fail("are not whole numbers", mask=frac, fix=fix_value, **args)
                s = s.astype("Int64") if not present.all() else s.astype(np.int64)
            else:
                s = s.astype(np.float64)
        elif col.kind == "boolean":
            if not pd.api.types.is_bool_dtype(s):
                mapped = s.map(
                    lambda v: (
                        v if isinstance(v, bool | np.bool_) else _BOOLEAN_TEXT.get(str(v).lower())
                    )
                )
                bad = present & mapped.isna().to_numpy()
                if bad.any():
                    _fail(f"are not {_KIND_WORDS['boolean']}", mask=bad, fix=fix_value, **args)
                s = mapped.astype(bool) if present.all() else mapped.astype("boolean")
            elif str(s.dtype) != "bool" and present.all():
                s = s.astype(bool)
        elif col.kind == "string":
            if s.dtype != _STR:  # a str column is kept as it is (astype(str) would not change it)
                s = s.astype(str).where(s.notna())
        out[col.column] = s
    return out


class ShopData:
    """The tables of one shop, each reachable as an attribute (``data.orders``) or by name.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Observed tables and the ``truth`` table. Known tables (see :mod:`ecrm_lab._schema`) get their
        documented dtypes; a value that does not fit its column is an ``InputError``. A table name is a
        word (letters, digits, ``_``, ``-``): it becomes a file name when the data are saved.
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
            raise TypeError(f"ShopData tables must be DataFrames; not: {', '.join(map(str, bad))}")
        for name in tables:
            check_table_name(name)
        known = [t for t in _schema.TABLES if t in tables]
        order = known + sorted(set(tables) - set(known))
        self._tables = {name: restore_dtypes(tables[name], name) for name in order}
        self.config = dict(config) if config else {}

    @classmethod
    def _restored(cls, tables: dict[str, pd.DataFrame], config: Mapping[str, Any]) -> ShopData:
        """Wrap tables whose dtypes were restored and checked already (by :meth:`load`)."""
        new = object.__new__(cls)
        known = [t for t in _schema.TABLES if t in tables]
        order = known + sorted(set(tables) - set(known))
        new._tables = {name: tables[name] for name in order}
        new.config = dict(config) if config else {}
        return new

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
        """Names of the tables, in schema order.

        Returns
        -------
        tuple of str
            Known tables in :data:`ecrm_lab._schema.TABLES` order, then any others sorted by name.
        """
        return tuple(self._tables)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The name → table mapping (a new dict; the tables themselves are shared).

        Returns
        -------
        dict of str to DataFrame
            The tables by name.
        """
        return dict(self._tables)

    def copy(self) -> ShopData:
        """Return a deep copy: changing a table of the copy leaves this one as it is.

        Returns
        -------
        ShopData
            New tables (deep copies) and a copy of ``config``.
        """
        new = object.__new__(type(self))
        new._tables = {name: df.copy(deep=True) for name, df in self._tables.items()}
        new.config = {k: v for k, v in self.config.items()}
        return new

    def summary(self) -> pd.DataFrame:
        """Return one row per table: ``table``, ``rows``, ``columns``.

        Returns
        -------
        DataFrame
            ``table`` (name), ``rows`` and ``columns`` (counts).
        """
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
        """Write every table, ``config.yaml`` and ``MANIFEST.json`` into the folder ``path``.

        Parameters
        ----------
        path : str or path
            Output folder (created with its parents). Refused: an empty path, the current folder, a
            file, a path below a file, and a folder that already holds files unless ``overwrite``.
        format : {"csv", "parquet"}
            ``<table>.csv`` (UTF-8, ``\\n`` line ends) or ``<table>.parquet``.
        overwrite : bool, default False
            Replace a folder that holds files, as a whole.

        Returns
        -------
        pathlib.Path
            ``path``.

        Notes
        -----
        The files are written into a temporary folder beside ``path`` that takes its name at the end;
        an exception, Ctrl-C, SIGTERM or SIGHUP leaves no temporary folder and the old ``path`` as it was
        (see :func:`ecrm_lab._atomic.atomic_output`). The manifest records each file's rows and sha256
        so that :meth:`load` can tell when a file was truncated or edited.
        """
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
        with atomic_output(path, overwrite=overwrite) as tmp:
            files: dict[str, list[str]] = {}
            for name, df in self._tables.items():
                file = f"{check_table_name(name)}.{format}"
                if format == "csv":
                    df.to_csv(tmp / file, index=False, encoding="utf-8", lineterminator="\n")
                else:
                    df.to_parquet(tmp / file, index=False)
                files[name] = [file]
            if self.config:
                import yaml

                (tmp / _CONFIG_FILE).write_text(
                    yaml.safe_dump(self.config, sort_keys=False, allow_unicode=True),
                    encoding="utf-8",
                )
            _write_manifest(tmp, files, fmt=format, config=self.config or None)
        return pathlib.Path(path)

    @classmethod
    def load(cls, path: str | pathlib.Path, *, verify: bool = True) -> ShopData:
        """Read a data folder written by :meth:`save` or by ``ecrm-lab generate``.

        Parameters
        ----------
        path : str or path
            The folder. Each table is one of ``<table>.csv``, ``<table>.parquet``, or a dataset folder
            ``<table>/part-*.parquet`` (or ``part-*.csv``) whose part files are read in name order.
        verify : bool, default True
            Check the files against ``MANIFEST.json`` when there is one: every listed table present,
            each file's rows and sha256 as recorded. ``False`` skips the manifest (to load a folder
            whose files you edited on purpose); dtypes, categories and primary keys are checked always.

        Returns
        -------
        ShopData
            The tables with their documented dtypes (compact Parquet dtypes such as ``int32``,
            ``float32`` become ``int64``, ``float64``); ``.config`` from ``config.yaml``.

        Raises
        ------
        FileNotFoundError
            ``path`` is not a folder, or holds no tables.
        DataFileError
            (an ``InputError``) naming the file, the table, the column and the first bad row where there
            is one: a table listed in the manifest is missing, a file is truncated or unreadable, its
            rows differ from the manifest, a column is missing or has a value that does not cast or an
            unknown category, a primary key is duplicated, a file was changed since it was saved, or a
            table name is not allowed (``../x``).
        """
        path = pathlib.Path(path)
        if not path.is_dir():
            raise FileNotFoundError(f"no shop data folder at {str(path)!r}")
        manifest = read_manifest(path) if verify else None
        found = _discover(path)
        if manifest is not None:
            listed = {n: [r["path"] for r in e["files"]] for n, e in manifest["tables"].items()}
            records = {r["path"]: r for e in manifest["tables"].values() for r in e["files"]}
            for name, files in listed.items():
                missing = [f for f in files if not (path / f).is_file()]
                if missing:
                    raise DataFileError(
                        f"listed in {MANIFEST} but missing ({len(missing)} of {len(files)} file(s))",
                        file=missing[0],
                        table=name,
                        fix="restore the file from its source, or generate or save the data again",
                    )
            layout = {**listed, **{n: f for n, f in found.items() if n not in listed}}
        else:
            records = {}
            layout = found
        if not layout:
            raise FileNotFoundError(f"{str(path)!r} holds no .csv or .parquet tables")
        tables = {}
        for name, files in layout.items():
            frames = [_read_table_file(path, rel, name, records.get(rel)) for rel in files]
            df = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
            if len(frames) > 1:
                df = restore_dtypes(df, name)  # categories taken from the data: their union
            if manifest is not None and name in manifest["tables"]:
                expected = manifest["tables"][name].get("rows")
                if expected is not None and len(df) != expected:
                    raise DataFileError(
                        f"{len(df):,} row(s) in all, the manifest records {expected:,}",
                        file=files[0],
                        table=name,
                        fix="restore the folder from its source or save the data again",
                    )
            _check_primary_key(df, name, files[0] if len(files) == 1 else f"{name}/")
            tables[name] = df
        config = {}
        if (path / _CONFIG_FILE).is_file():
            import yaml

            config = yaml.safe_load((path / _CONFIG_FILE).read_text(encoding="utf-8")) or {}
        return cls._restored(tables, config)


# -------------------------------------------------------------------------------- loading helpers
def _discover(folder: pathlib.Path) -> dict[str, list[str]]:
    """Table name → files (relative paths), from the files in ``folder``."""
    layout: dict[str, list[str]] = {}
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue  # hidden, e.g. a temporary folder
        if p.is_file() and p.suffix in (".csv", ".parquet"):
            name, files = p.stem, [p.name]
        elif p.is_dir():
            parts = sorted(p.glob("part-*.parquet")) or sorted(p.glob("part-*.csv"))
            if not parts:
                continue
            name, files = p.name, [q.relative_to(folder).as_posix() for q in parts]
        else:
            continue
        try:
            check_table_name(name)
        except InputError:
            raise DataFileError(
                f"{name!r} is not a valid table name",
                file=p.name,
                fix="rename the file to letters, digits and '_' (e.g. orders.csv)",
            ) from None
        if name in layout:
            raise DataFileError(
                f"the table {name!r} is stored twice ({layout[name][0]} and {files[0]})",
                file=files[0],
                table=name,
                fix="keep one of them",
            )
        layout[name] = files
    return layout


def _read_table_file(
    folder: pathlib.Path, rel: str, table: str, record: Mapping[str, Any] | None
) -> pd.DataFrame:
    """Read one file of ``table``, check it against its manifest ``record`` and the schema."""
    file = folder / rel
    changed = record is not None and sha256_of(file) != record["sha256"]
    fix_file = "restore the file from its source, or generate or save the data again"
    try:
        if file.suffix == ".csv":
            schema = _schema.columns_of(table) if table in _schema.TABLES else []
            as_text = {c.column: str for c in schema if c.kind in ("string", "category")}
            df = pd.read_csv(
                file, encoding="utf-8", dtype=as_text, keep_default_na=False, na_values=[""]
            )
        else:
            df = pd.read_parquet(file)
    except pd.errors.EmptyDataError:
        raise DataFileError(
            "is empty (not even a header line)", file=rel, table=table, fix=fix_file
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataFileError(
            f"cannot be read (truncated or damaged?): {first}", file=rel, table=table, fix=fix_file
        ) from None
    if changed and record.get("rows") is not None and len(df) != record["rows"]:
        raise DataFileError(
            f"{len(df):,} row(s), the manifest records {record['rows']:,}: the file was truncated "
            "or edited",
            file=rel,
            table=table,
            fix=fix_file,
        )
    if table in _schema.TABLES:
        missing = [c.column for c in _schema.columns_of(table) if c.column not in df.columns]
        if missing:
            raise DataFileError(
                f"lacks the column(s) {', '.join(missing)}",
                file=rel,
                table=table,
                column=missing[0],
                fix="restore the file, or regenerate the data with this version of ecrm_lab",
            )
    df = restore_dtypes(df, table, source=rel)
    if changed:
        raise DataFileError(
            "its content differs from the manifest (sha256): the file was edited or truncated",
            file=rel,
            table=table,
            fix=fix_file
            + "; to load edited files on purpose use ShopData.load(path, verify=False)",
        )
    return df


def _check_primary_key(df: pd.DataFrame, table: str, source: str) -> None:
    keys = _schema.PRIMARY_KEYS.get(table)
    if not keys or not set(keys) <= set(df.columns):
        return
    dup = df.duplicated(list(keys), keep="first").to_numpy()
    if dup.any():
        pos = int(np.argmax(dup))
        value = tuple(df[k].iloc[pos] for k in keys)
        shown = value[0] if len(value) == 1 else value
        raise DataFileError(
            f"{int(dup.sum()):,} duplicated primary key value(s), first {shown!r}",
            file=source,
            table=table,
            column=", ".join(keys),
            row=df.index[pos],
            fix=f"each {' + '.join(keys)} may appear once: remove the repeated rows",
        )
