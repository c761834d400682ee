"""Build the student edition of the notebooks: solutions out, answers hashed, outputs cleared.

Every cell tagged ``solution`` is replaced by a stub that keeps its comment lines and assigns
``TODO`` to each variable the solution assigned; cells tagged ``lecturer`` are dropped; each
``check(answer, answers.ex_NN_k(data), ...)`` is rewritten to check against a hashed answer key
written next to the notebooks (``answer_key.json``), so the student edition runs without
``ecrm_lab.answers``. The work is done by :func:`ecrm_lab.exercises.student_edition.build_student`.

    python tools/make_student_edition.py notebooks build/student [--force]

``--overwrite`` is an alias of ``--force``.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import warnings

from ecrm_lab.exercises.student_edition import (  # noqa: F401 - re-exported for older callers
    STUB_NOTE,
    StudentEditionError,
    assigned_names,
    build_student,
    stub_for,
    student_notebook,
)


def build(src: pathlib.Path, dest: pathlib.Path, *, overwrite: bool = False) -> list[pathlib.Path]:
    """Write the student edition of every ``NN_*.ipynb`` in ``src`` into ``dest``."""
    return build_student(src, dest, force=overwrite)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=pathlib.Path, help="folder of the lesson notebooks")
    parser.add_argument("dest", type=pathlib.Path, help="output folder (empty or absent)")
    parser.add_argument(
        "--force",
        "--overwrite",
        dest="force",
        action="store_true",
        help="replace a non-empty output folder",
    )
    parser.add_argument("--salt", help="hex salt of the answer key (default: random)")
    args = parser.parse_args(argv)
    warnings.showwarning = lambda message, *_args, **_kw: print(
        f"make_student_edition: warning: {message}", file=sys.stderr
    )
    try:
        written = build_student(args.src, args.dest, force=args.force, salt=args.salt)
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"make_student_edition: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} student notebooks and answer_key.json to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
