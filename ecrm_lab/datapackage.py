"""Describe and verify a saved data folder: Frictionless ``datapackage.json`` and ``MANIFEST.json``.

``datapackage.json`` follows the Frictionless Data Package standard: one resource per CSV table, every
field with its type, a Vietnamese title and an English description, and the allowed values of category
columns. ``MANIFEST.json`` records how the folder was made (seed, config, package versions) and the
sha256 of every file, so that tests can tell if a file changed and whether a rebuild gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import pathlib
import platform
from importlib import metadata
from typing import Any

from . import _schema

__all__ = ["write_datapackage", "write_manifest", "verify_manifest", "sha256_of", "PINNED_PACKAGES"]

MANIFEST = "MANIFEST.json"
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
_PRIMARY_KEYS = {
    "customers": ["customer_id"],
    "products": ["product_id"],
    "orders": ["order_id"],
    "order_items": ["order_id", "line_no"],
    "sessions": ["customer_id", "session_date"],
    "truth": ["customer_id"],
    "prospects": ["prospect_id"],
    "touchpoints": ["touchpoint_id"],
    "campaigns": ["campaign_id"],
    "marketing_spend": ["date", "channel"],
    "sales_chats": ["chat_id"],
    "chat_messages": ["chat_id", "turn"],
    "truth_params": ["parameter"],
}
_FOREIGN_KEYS = {
    "orders": [("customer_id", "customers", "customer_id")],
    "order_items": [("order_id", "orders", "order_id"), ("product_id", "products", "product_id")],
    "sessions": [("customer_id", "customers", "customer_id")],
    "truth": [("customer_id", "customers", "customer_id")],
    "prospects": [("customer_id", "customers", "customer_id")],
    "touchpoints": [
        ("prospect_id", "prospects", "prospect_id"),
        ("customer_id", "customers", "customer_id"),
        ("campaign_id", "campaigns", "campaign_id"),
    ],
    "sales_chats": [
        ("prospect_id", "prospects", "prospect_id"),
        ("customer_id", "customers", "customer_id"),
        ("order_id", "orders", "order_id"),
    ],
    "chat_messages": [("chat_id", "sales_chats", "chat_id")],
}


def sha256_of(path: pathlib.Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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

    ``tables`` maps table name → DataFrame (used for the allowed values of category columns whose
    categories the schema leaves to the data).
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


def write_manifest(folder: pathlib.Path, *, seed: int, config: dict[str, Any]) -> pathlib.Path:
    """Write ``MANIFEST.json``: seed, config, Python and package versions, sha256 of every other file."""
    files = {
        p.name: sha256_of(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST
    }
    manifest = {
        "seed": seed,
        "config": config,
        "python": platform.python_version(),
        "packages": {pkg: metadata.version(pkg) for pkg in (*PINNED_PACKAGES, "ecrm_lab")},
        "files": files,
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def verify_manifest(folder: pathlib.Path) -> list[str]:
    """Problems found when checking ``folder`` against its manifest (empty list = all files match)."""
    folder = pathlib.Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    problems = []
    listed = manifest["files"]
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}
    for name in sorted(set(listed) - present):
        problems.append(f"{name}: listed in the manifest but missing")
    for name in sorted(present - set(listed)):
        problems.append(f"{name}: present but not listed in the manifest")
    for name in sorted(set(listed) & present):
        if sha256_of(folder / name) != listed[name]:
            problems.append(f"{name}: sha256 differs from the manifest")
    return problems
