"""Command line: ``ecrm-lab generate`` simulates a VietShop world and writes it to a folder.

Examples
--------
    ecrm-lab generate --preset medium --rng 7 --out data/medium
    ecrm-lab generate --config my_scenario.yaml --customers 20000 --out data/s1 --format parquet
    ecrm-lab presets

Errors are reported in one line (``ecrm-lab: error: …``) with exit status 2, never with a traceback.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from collections.abc import Sequence

__all__ = ["main"]


class _Error(Exception):
    """A user error: printed in one line."""


def _parser() -> argparse.ArgumentParser:
    from .synth.config import PRESETS

    parser = argparse.ArgumentParser(
        prog="ecrm-lab", description="eCRM lab: simulate VietShop data sets."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    gen = sub.add_parser("generate", help="simulate a shop and write its tables to a folder")
    gen.add_argument(
        "--preset", choices=list(PRESETS), default="small", help="size preset (default: small)"
    )
    gen.add_argument(
        "--config",
        type=pathlib.Path,
        help="scenario file (.yaml/.yml/.toml); the preset is ignored",
    )
    gen.add_argument(
        "--customers", type=int, metavar="N", help="number of customers (overrides the preset)"
    )
    gen.add_argument("--rng", type=int, default=0, metavar="SEED", help="random seed (default: 0)")
    gen.add_argument("--out", type=pathlib.Path, required=True, metavar="DIR", help="output folder")
    gen.add_argument(
        "--format", choices=["csv", "parquet"], default="csv", help="file format (default: csv)"
    )
    gen.add_argument(
        "--overwrite", action="store_true", help="replace an output folder that holds files"
    )
    gen.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("presets", help="list the size presets")
    return parser


def _generate(args: argparse.Namespace) -> int:
    from .synth import PARTS, ShopConfig, simulate

    out: pathlib.Path = args.out
    if out.exists() and not out.is_dir():
        raise _Error(f"--out {out} is a file, not a folder: choose another path")
    if out.is_dir() and any(out.iterdir()) and not args.overwrite:
        raise _Error(
            f"output folder {out} already holds files: choose an empty folder or add --overwrite"
        )
    if args.rng < 0:
        raise _Error(f"--rng must be a non-negative integer, got {args.rng}")
    try:
        cfg = ShopConfig.from_file(args.config) if args.config else ShopConfig.preset(args.preset)
        if args.customers is not None:
            cfg = cfg.replace(n_customers=args.customers)
    except (ValueError, TypeError, FileNotFoundError) as exc:
        raise _Error(str(exc)) from None

    from tqdm.auto import tqdm

    bar = tqdm(
        total=len(PARTS) + 1, desc="VietShop", unit="step", disable=args.quiet, file=sys.stderr
    )

    def progress(part: str) -> None:
        bar.set_postfix_str(part)
        bar.update(1)

    data = simulate(cfg, rng=args.rng, progress=progress)
    bar.set_postfix_str("writing")
    data.save(out, format=args.format, overwrite=args.overwrite)
    bar.update(1)
    bar.close()
    rows = ", ".join(f"{name} {len(df):,}" for name, df in data.tables.items())
    print(f"wrote {out} ({args.format}): {rows}")
    return 0


def _presets() -> int:
    from .synth.config import PRESETS

    for name, values in PRESETS.items():
        print(
            f"{name:<8} {values['n_customers']:>9,} customers  {values['n_products']:>6,} products"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``ecrm-lab``; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            return _generate(args)
        return _presets()
    except _Error as exc:
        print(f"ecrm-lab: error: {exc}", file=sys.stderr)
        return 2
    except (OSError, MemoryError) as exc:
        print(f"ecrm-lab: error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("ecrm-lab: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
