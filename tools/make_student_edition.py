"""Build the student edition of the notebooks: solutions out, placeholders in, outputs cleared.

Every cell tagged ``solution`` is replaced by a stub that keeps its comment lines and assigns
``TODO`` to each variable the solution assigned, so that the student edition still runs top to bottom
and ``check(...)`` answers "chưa làm" (not done yet) until the student writes their code.

    python tools/make_student_edition.py notebooks build/student [--overwrite]
"""

from __future__ import annotations

import argparse
import ast
import pathlib
import shutil
import sys

import nbformat

STUB_NOTE = (
    "# ✏️ Viết lời giải của bạn ở đây (write your solution here), thay TODO bằng code của bạn"
)


def assigned_names(source: str) -> list[str]:
    """Top-level variable names assigned in ``source``, in order of first assignment."""
    names: list[str] = []
    for node in ast.parse(source).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name) and leaf.id not in names:
                    names.append(leaf.id)
    return names


def stub_for(source: str) -> str:
    """The student stub of one solution cell."""
    names = assigned_names(source)
    if not names:
        raise ValueError(f"a solution cell assigns no variable, so it cannot be stubbed:\n{source}")
    comments = [line for line in source.splitlines() if line.lstrip().startswith("#")]
    return "\n".join([*comments, STUB_NOTE, *(f"{name} = TODO" for name in names)])


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with solution cells stubbed and every output cleared."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "solution" in cell.metadata.get("tags", []):
            cell.source = stub_for(cell.source)
            cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != "solution"] + [
                "exercise"
            ]
        cell.outputs = []
        cell.execution_count = None
    return nb


def build(src: pathlib.Path, dest: pathlib.Path, *, overwrite: bool = False) -> list[pathlib.Path]:
    """Write the student edition of every ``NN_*.ipynb`` in ``src`` into ``dest``."""
    notebooks = sorted(src.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no numbered notebooks (NN_name.ipynb) in {src}")
    if dest.exists() and any(dest.iterdir()):
        if not overwrite:
            raise FileExistsError(
                f"{dest} already holds files: choose an empty folder or pass --overwrite"
            )
        shutil.rmtree(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb = student_notebook(nbformat.read(path, as_version=4))
        out = dest / path.name
        nbformat.write(nb, out)
        written.append(out)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=pathlib.Path)
    parser.add_argument("dest", type=pathlib.Path)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    try:
        written = build(args.src, args.dest, overwrite=args.overwrite)
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"make_student_edition: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} student notebooks to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
