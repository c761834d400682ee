"""Reading and writing :class:`~ecrm_lab.synth.config.ShopConfig` files (YAML or TOML).

Every problem is reported with the file's name: a wrong suffix, a missing, empty or non-UTF-8 file, a
syntax error (with its line), an unknown key. YAML and TOML libraries are imported when a file is
read or written.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from collections.abc import Mapping
from typing import Any


def _write_settings(path: str | pathlib.Path, settings: dict[str, Any]) -> pathlib.Path:
    """Write ``settings`` (plain values) to a ``.yaml``/``.yml`` or ``.toml`` file."""
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        import yaml

        text = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True)
    elif suffix == ".toml":
        import tomli_w

        text = tomli_w.dumps(settings)
    else:
        raise ValueError(f"cannot write a config to {path.name!r}: use a .yaml, .yml or .toml file")
    path.write_text(text, encoding="utf-8")
    return path


def _read_settings(
    path: str | pathlib.Path, known: set[str]
) -> tuple[pathlib.Path, dict[str, Any]]:
    """Read the ``key: value`` settings of a config file, dates as ``YYYY-MM-DD`` text.

    Returns the path and the settings; every key is one of ``known``.
    """
    path = pathlib.Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"config file {str(path)!r} does not exist")
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".toml"):
        raise ValueError(
            f"cannot read a config from {path.name!r}: use a .yaml, .yml or .toml file"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"config file {str(path)!r} is not UTF-8 text ({exc.reason} at byte {exc.start}): "
            "save it as UTF-8"
        ) from None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise ValueError(
            f"config file {str(path)!r} is empty: write at least one setting, e.g. "
            "'n_customers: 1000'"
        )
    data = _parse_config_text(path, text, suffix)
    if data is None:
        raise ValueError(f"config file {str(path)!r} holds no settings")
    if not isinstance(data, Mapping):
        raise TypeError(
            f"config file {str(path)!r} must hold 'key: value' settings at the top level, "
            f"not a {type(data).__name__}"
        )
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        raise ValueError(
            f"config file {str(path)!r}: unknown key(s) {', '.join(map(repr, unknown))}; "
            f"allowed keys: {', '.join(sorted(known))}"
        )
    values = {k: _date_text(v) for k, v in data.items()}
    return path, values


def _parse_config_text(path: pathlib.Path, text: str, suffix: str) -> Any:
    """Parse YAML or TOML text; a syntax error names the file and the line."""
    if suffix == ".toml":
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            line = f" line {m.group(1)}" if m else ""
            raise ValueError(
                f"config file {str(path)!r}, TOML syntax error at{line}: {exc}"
            ) from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(
            f"config file {str(path)!r}, YAML syntax error at{line}: {problem}"
        ) from None


def _date_text(value: Any) -> Any:
    """A :class:`datetime.date` (as YAML and TOML read an unquoted date) as ``YYYY-MM-DD`` text."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value
