"""Describe and verify a saved data folder: Frictionless ``datapackage.json`` and ``MANIFEST.json``.

``datapackage.json`` follows the Frictionless Data Package standard: one resource per CSV table, every
field with its type, a Vietnamese title and an English description, and the allowed values of category
columns. ``MANIFEST.json`` (written by :mod:`ecrm_lab._manifest`, re-exported here) records every table's files
with their rows and sha256, the sha256 of the other files and how the folder was made (seed, config,
package versions, see :func:`provenance`), so that loading can tell if a file changed and tests whether a
rebuild gives the same bytes.
"""

from __future__ import annotations

import json
import pathlib
import platform
from importlib import metadata
from typing import Any

from . import _schema
from ._manifest import MANIFEST, read_manifest, sha256_of, verify_manifest, write_manifest

__all__ = [
    "write_datapackage",
    "write_manifest",
    "read_manifest",
    "verify_manifest",
    "sha256_of",
    "provenance",
    "PINNED_PACKAGES",
    "MANIFEST",
]

DATAPACKAGE = "datapackage.json"
#: Packages whose versions decide the bytes of the simulated data.
PINNED_PACKAGES = ("numpy", "pandas", "scipy", "faker", "pyyaml")

_TYPES = {
    "string": "string",
    "category": "string",
    "integer": "integer",
    "number": "number",
    "date": "date",
    "datetime": "datetime",
    "boolean": "boolean",
}
_PRIMARY_KEYS = {t: list(k) for t, k in _schema.PRIMARY_KEYS.items()}
_FOREIGN_KEYS = _schema.FOREIGN_KEYS


def _field(col: _schema.Column, values: list[str] | None) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": col.column,
        "type": _TYPES[col.kind],
        "title": col.vi,
        "description": col.en + (f" ({col.unit})" if col.unit else ""),
    }
    if col.kind == "datetime":
        field["format"] = "%Y-%m-%d %H:%M:%S"
    enum = list(col.categories) if col.categories else values
    if col.kind == "category" and enum:
        field["constraints"] = {"enum": enum}
    return field


def write_datapackage(
    folder: pathlib.Path, *, name: str, title: str, description: str, tables
) -> pathlib.Path:
    """Write ``datapackage.json`` for the CSV tables in ``folder``.

    Parameters
    ----------
    folder : pathlib.Path
        The data folder (holds ``<table>.csv``).
    name, title, description : str
        The package's name, title and description.
    tables : mapping of str to DataFrame
        Table name → table (used for the allowed values of category columns whose categories the
        schema leaves to the data).

    Returns
    -------
    pathlib.Path
        The path of ``datapackage.json``.
    """
    resources = []
    for table, df in tables.items():
        cols = _schema.columns_of(table)
        fields = []
        for c in cols:
            values = None
            if c.kind == "category" and c.categories is None:
                values = [str(v) for v in df[c.column].cat.categories]
            fields.append(_field(c, values))
        schema: dict[str, Any] = {"fields": fields, "primaryKey": _PRIMARY_KEYS[table]}
        if table in _FOREIGN_KEYS:
            schema["foreignKeys"] = [
                {"fields": f, "reference": {"resource": r, "fields": rf}}
                for f, r, rf in _FOREIGN_KEYS[table]
            ]
        vi, en = _schema.TABLE_DESCRIPTIONS[table]
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": vi,
                "description": en,
                "schema": schema,
            }
        )
    package = {
        "name": name,
        "title": title,
        "description": description,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "resources": resources,
    }
    path = folder / DATAPACKAGE
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def provenance(seed: int | None = None) -> dict[str, Any]:
    """Describe how a data folder was made, for :func:`write_manifest`'s ``provenance``.

    Parameters
    ----------
    seed : int, optional
        The simulator's seed.

    Returns
    -------
    dict
        ``seed``, ``python`` (version) and ``packages`` (versions of :data:`PINNED_PACKAGES` and
        ``ecrm_lab``).
    """
    return {
        "seed": seed,
        "python": platform.python_version(),
        "packages": {pkg: metadata.version(pkg) for pkg in (*PINNED_PACKAGES, "ecrm_lab")},
    }
