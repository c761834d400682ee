"""Build reveal.js slide decks from the notebooks that work offline, in a lecture room without network.

nbconvert's slides load reveal.js, require.js and jQuery from CDNs by default. This tool points them at
copies shipped in ``tools/slides_vendor/`` (reveal.js 4.6.1, require.js 2.3.7, jQuery 3.7.1, all MIT;
see ``tools/slides_vendor/README.md``) and copies those files next to the decks, so the output folder
can be opened from a USB stick. Cells carry ``slideshow.slide_type`` metadata (tests/test_notebooks.py).
Formulas are typeset by MathJax when a network is available and shown as plain text otherwise.

    python tools/make_slides.py notebooks build/slides [--overwrite]
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import sys

VENDOR = pathlib.Path(__file__).resolve().parent / "slides_vendor"
ASSETS = {  # name in the output folder → file in VENDOR
    "reveal.js/dist/reveal.js": "reveal.js/dist/reveal.js",
    "reveal.js/dist/reveal.css": "reveal.js/dist/reveal.css",
    "reveal.js/dist/theme/white.css": "reveal.js/dist/theme/white.css",
    "reveal.js/plugin/notes/notes.js": "reveal.js/plugin/notes/notes.js",
    "reveal.js/LICENSE": "reveal.js/LICENSE",
    "lib/require.js": "require.js",
    "lib/jquery.min.js": "jquery.min.js",
    "lib/jquery.LICENSE.txt": "jquery.LICENSE.txt",
}


def exporter():
    """An nbconvert SlidesExporter that refers to the local copies (relative URLs)."""
    from nbconvert import SlidesExporter

    return SlidesExporter(
        reveal_url_prefix="reveal.js",
        reveal_theme="white",
        reveal_scroll=True,  # long tables scroll instead of running off the slide
        require_js_url="lib/require.js",
        jquery_url="lib/jquery.min.js",
    )


def build(src: pathlib.Path, dest: pathlib.Path, *, overwrite: bool = False) -> list[pathlib.Path]:
    """Write one ``NN_name.slides.html`` per numbered notebook of ``src`` and the assets into ``dest``."""
    import nbformat

    notebooks = sorted(src.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no numbered notebooks (NN_name.ipynb) in {src}")
    if dest.exists() and any(dest.iterdir()) and not overwrite:
        raise FileExistsError(
            f"{dest} already holds files: choose an empty folder or pass --overwrite to replace the decks"
        )
    dest.mkdir(parents=True, exist_ok=True)
    for target, source in ASSETS.items():
        (dest / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(VENDOR / source, dest / target)
    slides = exporter()
    written = []
    for path in notebooks:
        body, _ = slides.from_notebook_node(nbformat.read(path, as_version=4))
        out = dest / f"{path.stem}.slides.html"
        out.write_text(body, encoding="utf-8")
        written.append(out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=pathlib.Path, help="folder with the notebooks")
    parser.add_argument("dest", type=pathlib.Path, help="output folder for the decks")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace decks in a non-empty folder"
    )
    args = parser.parse_args(argv)
    try:
        written = build(args.src, args.dest, overwrite=args.overwrite)
    except (FileNotFoundError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
