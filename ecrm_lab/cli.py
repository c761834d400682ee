"""Command line: ``ecrm-lab generate`` simulates a VietShop world and writes it to a folder.

Examples
--------
    ecrm-lab generate --preset medium --seed 7 --out data/medium
    ecrm-lab generate --customers 1000000 --format parquet --workers 2 --out data/1m
    ecrm-lab generate --customers 1000000 --format parquet --engine dask --workers 4 --out data/1m
    ecrm-lab generate --config my_scenario.yaml --customers 20000 --out data/s1 --format parquet
    ecrm-lab presets

The world is simulated block by block (``--block-size`` customers each) and streamed to disk, so memory
stays bounded by the block; the rows do not depend on ``--workers`` or ``--engine``. Errors are reported
in one line (``ecrm-lab: error: …``) with exit status 2, never with a traceback.
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
    gen.add_argument(
        "--block-size", type=int, metavar="B", help="customers per block (default: from the config)"
    )
    gen.add_argument(
        "--seed",
        "--rng",
        dest="rng",
        type=int,
        default=0,
        metavar="S",
        help="random seed (default: 0)",
    )
    gen.add_argument("--out", type=pathlib.Path, required=True, metavar="DIR", help="output folder")
    gen.add_argument(
        "--format",
        choices=["csv", "parquet"],
        default="csv",
        help="csv: one file per table; parquet: a dataset folder of part files per table "
        "(default: csv)",
    )
    gen.add_argument(
        "--workers", type=int, default=1, metavar="K", help="worker processes (default: 1)"
    )
    gen.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local: this machine's processes; dask: a dask.distributed cluster (default: local)",
    )
    gen.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running dask scheduler (tcp://host:8786); needs --engine dask",
    )
    gen.add_argument(
        "--force",
        "--overwrite",
        dest="overwrite",
        action="store_true",
        help="replace an output folder that holds files",
    )
    gen.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("presets", help="list the size presets")
    build = sub.add_parser(
        "build", help="build the student edition or the offline slide decks of the lessons"
    )
    build.add_argument("what", choices=("student", "slides"), help="which edition to build")
    build.add_argument("--out", type=pathlib.Path, required=True, help="output folder")
    build.add_argument(
        "--src", default="notebooks", help="folder of the lesson notebooks (default: notebooks)"
    )
    build.add_argument(
        "--force",
        "--overwrite",
        dest="force",
        action="store_true",
        help="replace an output folder that holds files",
    )
    return parser


def _check_out(out: pathlib.Path, overwrite: bool) -> None:
    """Refuse a bad --out before any work (the writer checks again, atomically)."""
    from ._atomic import check_output_path
    from .errors import InputError

    try:
        check_output_path(out, overwrite=overwrite, force_hint="add --force")
    except InputError as exc:
        raise _Error(str(exc)) from None


def _build(args: argparse.Namespace) -> int:
    """``ecrm-lab build student|slides``: the student edition or the offline decks of the lessons."""
    src = pathlib.Path(args.src)
    if not src.is_dir():
        raise _Error(f"--src {str(src)!r} is not a folder of notebooks: give the notebooks/ folder")
    _check_out(args.out, args.force)
    if args.what == "student":
        from .exercises.student_edition import build_student as build
    else:
        from .build import build_slides as build
    try:
        written = build(src, args.out, force=args.force)
    except (FileExistsError, FileNotFoundError, ValueError) as exc:
        raise _Error(str(exc)) from None
    print(f"wrote {len(written)} file(s) to {args.out}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .synth import ShopConfig
    from .synth.generate import generate

    _check_out(args.out, args.overwrite)
    if args.rng < 0:
        raise _Error(f"--seed must be a non-negative integer, got {args.rng}")
    if args.workers < 1:
        raise _Error(f"--workers must be at least 1, got {args.workers}")
    if args.scheduler and args.engine != "dask":
        raise _Error("--scheduler needs --engine dask")
    try:
        cfg = ShopConfig.from_file(args.config) if args.config else ShopConfig.preset(args.preset)
        changes = {}
        if args.customers is not None:
            changes["n_customers"] = args.customers
        if args.block_size is not None:
            changes["block_size"] = args.block_size
        if changes:
            cfg = cfg.replace(**changes)
    except (ValueError, TypeError, FileNotFoundError) as exc:
        raise _Error(str(exc)) from None

    bars = []  # the bar starts with the first block, after the output folder was accepted

    def progress(done: int, total: int) -> None:
        if not bars:
            from tqdm.auto import tqdm

            bars.append(
                tqdm(
                    total=total, desc="VietShop", unit="block", disable=args.quiet, file=sys.stderr
                )
            )
        bars[0].update(done - bars[0].n)

    try:
        rows = generate(
            cfg,
            args.out,
            rng=args.rng,
            format=args.format,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            overwrite=args.overwrite,
            progress=progress,
        )
    except InputError as exc:
        raise _Error(str(exc)) from None
    finally:
        for bar in bars:
            bar.close()
    summary = ", ".join(f"{name} {n:,}" for name, n in rows.items())
    print(f"wrote {args.out} ({args.format}): {summary}")
    return 0


def _presets() -> int:
    from .synth.config import PRESETS

    for name, values in PRESETS.items():
        print(
            f"{name:<8} {values['n_customers']:>9,} customers  {values['n_products']:>6,} products"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ecrm-lab`` command (``generate``, ``presets`` or ``build``).

    A user error, a missing optional package or a full disk is printed in one line
    (``ecrm-lab: error: …``) instead of a traceback.

    Parameters
    ----------
    argv : sequence of str, optional
        The command line after the program name, e.g. ``["generate", "--preset", "tiny",
        "--out", "data/tiny"]``; default: ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success, 2 for a user error or a missing package, 1 when the
        system failed (``OSError``, ``MemoryError``), 130 when interrupted.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            return _generate(args)
        if args.command == "build":
            return _build(args)
        return _presets()
    except _Error as exc:
        print(f"ecrm-lab: error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
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
