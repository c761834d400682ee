"""Keep the previous | contents | next links at the end of every numbered notebook (``make nav``).

Each lesson ``NN_name.ipynb`` gets one markdown cell (id ``nav-links``, tag ``nav``) just before its last
cell, the versions cell (or at the end when the last cell is not one). The cell links to the previous
lesson, to the contents (``00_welcome_and_data.ipynb``, whose lesson table is the course's contents) and
to the next lesson, each named by the lesson's title (its first ``# NN · ...`` heading). Running the tool
again changes nothing; after a lesson is added, renamed or retitled, it updates the cells that change.
A notebook file is rewritten only when its cell changes, through a temporary file.

    python tools/make_nav.py notebooks           # write / update the cells
    python tools/make_nav.py notebooks --check   # exit 1 and name the notebooks that need updating
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import sys
import tempfile

NAV_TAG = "nav"
NAV_ID = "nav-links"
CONTENTS = "00_welcome_and_data.ipynb"
PATTERN = "[0-9][0-9]_*.ipynb"


def lessons(folder: pathlib.Path) -> list[pathlib.Path]:
    """The numbered notebooks of ``folder``, in order."""
    return sorted(folder.glob(PATTERN))


def title(nb, path: pathlib.Path) -> str:
    """The lesson's short title: its first level-1 heading up to a colon, else the file's stem.

    ``# 02 · Lựa chọn và thu hút khách hàng: kênh, phễu`` gives ``02 · Lựa chọn và thu hút khách hàng``.
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+?)\s*$", cell.source, flags=re.M)
            if match:
                text = re.sub(r"[*`\[\]]", "", match[1])  # plain text inside a link
                return text.split(":")[0].strip()
    return path.stem


def nav_source(previous: tuple[str, str] | None, next_: tuple[str, str] | None) -> str:
    """The markdown of the link cell; ``previous`` / ``next_`` are ``(file name, title)`` or None."""
    parts = []
    if previous:
        parts.append(f"← Bài trước: [{previous[1]}]({previous[0]})")
    parts.append(f"[Mục lục (contents)]({CONTENTS})")
    if next_:
        parts.append(f"Bài sau: [{next_[1]}]({next_[0]}) →")
    return "---\n\n" + " | ".join(parts)


def _is_versions_cell(cell) -> bool:
    return cell.cell_type == "code" and "version" in cell.source.lower()


def _is_nav_cell(cell) -> bool:
    return cell.get("id") == NAV_ID or NAV_TAG in cell.get("metadata", {}).get("tags", [])


def place(nb, source: str) -> bool:
    """Put the one link cell with ``source`` before the versions cell; whether ``nb`` changed."""
    import nbformat.v4 as v4

    before = [dict(c) for c in nb.cells]
    rest = [c for c in nb.cells if not _is_nav_cell(c)]
    old = next((c for c in nb.cells if _is_nav_cell(c)), None)
    cell = v4.new_markdown_cell(
        source,
        id=NAV_ID,
        metadata={"slideshow": {"slide_type": "-"}, "tags": [NAV_TAG]},
    )
    if old is not None:  # keep what else a person put in its metadata
        cell.metadata = {**old.get("metadata", {}), **cell.metadata}
        cell.metadata["tags"] = sorted({*old.metadata.get("tags", []), NAV_TAG})
    at = len(rest) - 1 if rest and _is_versions_cell(rest[-1]) else len(rest)
    nb.cells = [*rest[:at], cell, *rest[at:]]
    return [dict(c) for c in nb.cells] != before


def _write(nb, path: pathlib.Path) -> None:
    import nbformat

    text = nbformat.writes(nb) + "\n"  # the form JupyterLab saves
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise


def update(folder: pathlib.Path, *, write: bool = True) -> list[pathlib.Path]:
    """Write or update the link cell of every lesson in ``folder``; the notebooks that changed.

    With ``write=False`` nothing is written: the list names the notebooks that need updating.
    """
    import nbformat

    paths = lessons(folder)
    if not paths:
        raise FileNotFoundError(f"no numbered notebooks ({PATTERN}) in {folder}")
    books = []
    for path in paths:
        try:
            books.append(nbformat.read(path, as_version=4))
        except Exception as exc:  # noqa: BLE001 - any unreadable file: say which one
            raise ValueError(
                f"{path} is not a readable notebook ({exc.__class__.__name__}): open it in "
                "JupyterLab and save it again, or restore it from git"
            ) from None
    names = [(p.name, title(nb, p)) for p, nb in zip(paths, books, strict=True)]
    changed = []
    for i, (path, nb) in enumerate(zip(paths, books, strict=True)):
        source = nav_source(
            names[i - 1] if i else None, names[i + 1] if i + 1 < len(names) else None
        )
        if place(nb, source):
            changed.append(path)
            if write:
                _write(nb, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=pathlib.Path, help="folder with the lesson notebooks")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a notebook needs updating"
    )
    args = parser.parse_args(argv)
    try:
        changed = update(args.folder, write=not args.check)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"{'needs updating' if args.check else 'updated'}: {path}")
    if not changed:
        print("navigation links are up to date")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
