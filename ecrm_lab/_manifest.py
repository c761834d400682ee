"""``MANIFEST.json``: what a saved data folder holds, so that loading it can tell when it changed.

A manifest records, for every table, the files that hold it (paths relative to the folder), the rows of
each file and its sha256, and the table's total rows; for every other file (``config.yaml``,
``DATASHEET.md``, ``datapackage.json``) its sha256; the version of this format, the version of the table
schema (:data:`ecrm_lab._schema.SCHEMA_VERSION`), the file format and, optionally, the simulator
configuration and how the data were made (seed, package versions). It holds no time stamp, so the same
data give the same bytes.

The frozen data set's first manifest (``{"seed", "config", "python", "packages", "files": {name: sha256}}``)
is still read: :func:`read_manifest` turns both into the same form.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "orders.csv").write_text("order_id,amount\\nO1,100\\nO2,250\\n", encoding="utf-8")
>>> _ = write_manifest(folder, {"orders": ["orders.csv"]}, fmt="csv")
>>> read_manifest(folder)["tables"]["orders"]["rows"]
2
>>> verify_manifest(folder)
[]
>>> _ = (folder / "orders.csv").write_text("order_id,amount\\nO1,100\\n", encoding="utf-8")
>>> verify_manifest(folder)
['orders.csv (table orders): 1 row(s), the manifest records 2: the file was truncated or edited']
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pathlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import _schema
from .errors import InputError

__all__ = [
    "MANIFEST",
    "MANIFEST_VERSION",
    "DataFileError",
    "check_table_name",
    "count_rows",
    "read_manifest",
    "sha256_of",
    "verify_manifest",
    "write_manifest",
]

MANIFEST = "MANIFEST.json"
#: Version of the manifest's own format (the first, unversioned format counts as 0).
MANIFEST_VERSION = 1
_TABLE_NAME = re.compile(r"^[^\W][\w-]*$")
_FIX_RESAVE = (
    "restore the folder from its source, save the tables again with ShopData.save, or load with "
    "verify=False to skip the manifest"
)


class DataFileError(InputError):
    """A saved table's file does not match its manifest or its schema.

    An :class:`~ecrm_lab.errors.InputError` (so a ``ValueError``) that also keeps ``file``, the path
    of the offending file relative to its folder (in the message too).

    Parameters
    ----------
    problem : str
        What is wrong.
    file : str, optional
        The file, relative to the data folder; the message starts with it.
    **parts
        ``table``, ``column``, ``row`` and ``fix``, as for :class:`~ecrm_lab.errors.InputError`.
    """

    def __init__(self, problem: str, *, file: str | None = None, **parts: Any) -> None:
        self.file = file
        super().__init__(problem, **parts)

    def _message(self) -> str:
        return f"{self.file}: {super()._message()}" if self.file else super()._message()

    def __reduce__(self):
        return (
            _rebuild,
            (self.problem, self.file, self.table, self.column, self.row, self.fix),
        )


def _rebuild(problem, file, table, column, row, fix) -> DataFileError:
    return DataFileError(problem, file=file, table=table, column=column, row=row, fix=fix)


def check_table_name(name: Any) -> str:
    """Return ``name`` if it can name a table (and its file); raise ``InputError`` if not.

    Parameters
    ----------
    name : object
        The proposed table name.

    Returns
    -------
    str
        ``name``, unchanged.

    Raises
    ------
    InputError
        ``name`` is not a word.

    Notes
    -----
    A table name is a word: letters (Vietnamese included), digits, ``_`` and ``-``, not starting with
    ``-``. Path separators, ``..`` and a leading dot are refused so that a name can never point a file
    outside its folder.

    >>> check_table_name("orders")
    'orders'
    >>> check_table_name("../x")
    Traceback (most recent call last):
    ...
    ecrm_lab.errors.InputError: '../x': is not a valid table name. Fix: use letters, digits and '_' only (no '/', '\\\\' or '..')
    """
    if not isinstance(name, str) or not _TABLE_NAME.match(name):
        raise InputError(
            f"{name!r}: is not a valid table name",
            fix="use letters, digits and '_' only (no '/', '\\\\' or '..')",
        )
    return name


def _check_relative(folder: pathlib.Path, rel: Any, table: str | None) -> pathlib.Path:
    """``folder / rel`` if ``rel`` is a relative path that stays inside ``folder``."""
    if not isinstance(rel, str) or not rel:
        raise DataFileError(
            f"{MANIFEST} lists a file path {rel!r} that is not a string",
            file=MANIFEST,
            table=table,
            fix=_FIX_RESAVE,
        )
    parts = pathlib.PurePosixPath(rel).parts
    if pathlib.PurePosixPath(rel).is_absolute() or "\\" in rel or ".." in parts or not parts:
        raise DataFileError(
            f"{MANIFEST} lists the path {rel!r}, which points outside the data folder",
            file=MANIFEST,
            table=table,
            fix="a manifest may only name files inside its folder; " + _FIX_RESAVE,
        )
    return folder.joinpath(*parts)


def sha256_of(path: str | os.PathLike[str]) -> str:
    """Return the hex sha256 of a file's bytes (read in 1 MiB blocks).

    Parameters
    ----------
    path : path
        The file.

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def count_rows(path: str | os.PathLike[str]) -> int:
    """Count the data rows of a ``.csv`` (records after the header) or ``.parquet`` file.

    Parameters
    ----------
    path : path
        The file; a CSV may hold quoted line breaks (they do not start a row).

    Returns
    -------
    int
        Rows without the header (Parquet: from the file's metadata, without reading the data).
    """
    path = pathlib.Path(path)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_metadata(path).num_rows
    lines, quoted, last = 0, False, b"\n"
    with open(path, "rb") as f:  # fast path: count line ends (exact when nothing is quoted)
        for block in iter(lambda: f.read(1 << 22), b""):
            lines += block.count(b"\n")
            quoted = quoted or b'"' in block
            last = block[-1:]
    if quoted:  # a quoted field may hold a line break: let the csv module find the records
        with open(path, encoding="utf-8", newline="") as f:
            return max(sum(1 for _ in csv.reader(f)) - 1, 0)
    if last != b"\n":
        lines += 1  # the last record has no line end
    return max(lines - 1, 0)


def _table_files(folder: pathlib.Path) -> set[str]:
    """Relative paths of every file in ``folder`` and its table subfolders (hidden ones skipped)."""
    out = set()
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            out.add(rel.as_posix())
    return out


def write_manifest(
    folder: str | os.PathLike[str],
    tables: Mapping[str, Sequence[str]],
    *,
    fmt: str,
    config: Mapping[str, Any] | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> pathlib.Path:
    """Write ``folder/MANIFEST.json`` for the table files in ``folder``.

    Parameters
    ----------
    folder : path
        The data folder.
    tables : mapping of str to list of str
        Table name → its files, as paths relative to ``folder`` with ``/`` separators (one file, or the
        part files of a dataset in order, e.g. ``["orders/part-00000.parquet", ...]``).
    fmt : {"csv", "parquet"}
        File format of the tables.
    config : mapping, optional
        The simulator configuration that made the data (``ShopConfig.to_dict()``, the seed included).
    provenance : mapping, optional
        More top-level entries (``seed``, ``python``, ``packages``) recorded as given.

    Returns
    -------
    pathlib.Path
        The manifest's path. Besides the tables it records the sha256 of every other file of the
        folder (``other_files``).
    """
    folder = pathlib.Path(folder)
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}: choose csv or parquet")
    entries: dict[str, Any] = {}
    listed: set[str] = set()
    for name, files in tables.items():
        check_table_name(name)
        if isinstance(files, str):
            files = [files]
        rows_total = 0
        records = []
        for rel in files:
            path = _check_relative(folder, rel, name)
            rows = count_rows(path)
            rows_total += rows
            records.append({"path": rel, "rows": rows, "sha256": sha256_of(path)})
            listed.add(rel)
        entries[name] = {"rows": rows_total, "files": records}
    others = {
        rel: sha256_of(folder / rel) for rel in sorted(_table_files(folder) - listed - {MANIFEST})
    }
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "schema_version": _schema.SCHEMA_VERSION,
        "format": fmt,
        **(dict(provenance) if provenance else {}),
        "tables": entries,
        "other_files": others,
    }
    if config is not None:
        manifest["config"] = dict(config)
    path = folder / MANIFEST
    text = json.dumps(manifest, ensure_ascii=False, indent=2, default=str)  # dates as text
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_manifest(folder: str | os.PathLike[str]) -> dict[str, Any] | None:
    """Read the manifest of ``folder`` in the current form (``None`` when the folder has none).

    Parameters
    ----------
    folder : path
        The data folder.

    Returns
    -------
    dict or None
        ``manifest_version`` (0 for the first, unversioned format), ``schema_version`` (``None`` if not
        recorded), ``format``, ``tables`` (name → ``{"rows": int or None, "files": [{"path", "rows",
        "sha256"}]}``; rows are ``None`` in the first format), ``other_files`` (path → sha256) and the
        provenance entries as recorded (``config``, ``seed``, ``packages``, …).

    Raises
    ------
    DataFileError
        The manifest is not valid JSON, or names a table or a path that is not allowed (``../x``).
    """
    folder = pathlib.Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"is not valid JSON ({exc})", file=MANIFEST, fix=_FIX_RESAVE) from None
    if not isinstance(raw, dict):
        raise DataFileError("does not hold a JSON object", file=MANIFEST, fix=_FIX_RESAVE)
    out = dict(raw)
    if "manifest_version" not in raw:  # the first format: {"files": {name: sha256}, ...}
        files = raw.get("files", {})
        tables: dict[str, Any] = {}
        others = {}
        for rel, sha in files.items():
            p = pathlib.PurePosixPath(rel)
            if p.suffix in (".csv", ".parquet") and len(p.parts) == 1:
                tables[p.stem] = {
                    "rows": None,
                    "files": [{"path": rel, "rows": None, "sha256": sha}],
                }
                out.setdefault("format", p.suffix[1:])
            else:
                others[rel] = sha
        out.pop("files", None)
        out.update(manifest_version=0, tables=tables, other_files=others)
        out.setdefault("schema_version", None)
    elif not isinstance(raw.get("tables"), dict):
        raise DataFileError("has no 'tables' entry", file=MANIFEST, fix=_FIX_RESAVE)
    for name, entry in out["tables"].items():
        try:
            check_table_name(name)
        except InputError:
            raise DataFileError(
                f"lists the table name {name!r}, which is not allowed (a path separator or '..')",
                file=MANIFEST,
                fix=_FIX_RESAVE,
            ) from None
        for record in entry.get("files", []):
            _check_relative(folder, record.get("path"), name)
    for rel in out.get("other_files", {}):
        _check_relative(folder, rel, None)
    return out


def verify_manifest(folder: str | os.PathLike[str]) -> list[str]:
    """List the problems found when checking ``folder`` against its manifest.

    Parameters
    ----------
    folder : path
        The data folder.

    Returns
    -------
    list of str
        One line per problem; empty when every file matches.

    Notes
    -----
    Reports files that are listed but missing, present but not listed, whose sha256 differs, and
    (when the manifest records rows) whose row count differs. It reads every byte but parses only the
    files whose sha256 differs. A folder without ``MANIFEST.json`` gives one problem saying so.
    """
    folder = pathlib.Path(folder)
    manifest = read_manifest(folder)
    if manifest is None:
        return [f"{MANIFEST}: missing"]
    problems = []
    listed: set[str] = set()
    for name, entry in manifest["tables"].items():
        for record in entry["files"]:
            rel = record["path"]
            listed.add(rel)
            path = folder / rel
            if not path.is_file():
                problems.append(f"{rel} (table {name}): listed in the manifest but missing")
                continue
            if sha256_of(path) == record["sha256"]:
                continue
            rows = record.get("rows")
            found = _safe_count(path)
            if rows is not None and found != rows:
                problems.append(
                    f"{rel} (table {name}): {found} row(s), the manifest records {rows}: "
                    "the file was truncated or edited"
                )
            else:
                problems.append(f"{rel} (table {name}): sha256 differs from the manifest")
    for rel, sha in manifest.get("other_files", {}).items():
        listed.add(rel)
        if not (folder / rel).is_file():
            problems.append(f"{rel}: listed in the manifest but missing")
        elif sha256_of(folder / rel) != sha:
            problems.append(f"{rel}: sha256 differs from the manifest")
    for rel in sorted(_table_files(folder) - listed - {MANIFEST}):
        problems.append(f"{rel}: present but not listed in the manifest")
    return problems


def _safe_count(path: pathlib.Path) -> int | None:
    try:
        return count_rows(path)
    except Exception:  # an unreadable file: the sha256 message says enough
        return None
