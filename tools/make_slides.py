"""Build reveal.js slide decks from the notebooks that work offline, in a lecture room without network.

A thin command line over ``ecrm_lab.build.build_slides`` (the rules of what a deck shows are there):
reveal.js, require.js, jQuery, MathJax 3 and mermaid are copied from ``tools/slides_vendor/`` (versions,
licences and provenance in its README) next to the decks, so the output folder can be opened from a USB
stick. Code is hidden unless a cell is tagged ``show-code``; cells tagged ``lecturer`` are speaker notes
(press S in the deck).

    python tools/make_slides.py notebooks build/slides [--force]
"""

from __future__ import annotations

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a clone without installing the package
    sys.path.insert(0, str(ROOT))


def build(src: pathlib.Path, dest: pathlib.Path, *, force: bool = False, overwrite: bool = False):
    """Same as ``ecrm_lab.build.build_slides``; ``overwrite`` is the old name of ``force``."""
    from ecrm_lab.build import build_slides

    return build_slides(src, dest, force=force or overwrite)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=pathlib.Path, help="folder with the notebooks")
    parser.add_argument("dest", type=pathlib.Path, help="output folder for the decks")
    parser.add_argument(
        "--force",
        "--overwrite",
        dest="force",
        action="store_true",
        help="write into a folder that already holds files (replaces the decks of the same names)",
    )
    args = parser.parse_args(argv)
    try:
        written = build(args.src, args.dest, force=args.force)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
