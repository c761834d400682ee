"""Build the lecturer's slide decks from the lesson notebooks (``ecrm-lab build slides``).

Each numbered notebook ``NN_name.ipynb`` becomes ``NN_name.slides.html``, a reveal.js deck that works
with no network, from a USB stick in a lecture room: reveal.js, MathJax 3 (formulas) and mermaid
(diagrams in ```` ```mermaid ```` fences) are copied from ``tools/slides_vendor/`` (versions, licences
and provenance in its README) next to the decks, and the decks refer to them by relative paths.

What a deck shows (the rules of ``prepare_deck``):

* results, not code: a code cell shows its input only when tagged ``show-code``; a code cell without
  output, and warnings (stderr) under a cell, are left out;
* cells tagged ``lecturer`` become speaker notes (press ``S`` in the deck), not slides;
* cells tagged ``solution`` and the ``check(...)`` cells of the exercises are left out (the lecturer
  goes through the exercises in the notebook);
* every slide is laid out for 1280×720; figures are scaled to fit, a slide that is still taller
  scrolls;
* links between lesson notebooks (``NN_name.ipynb``) point to the matching decks.

Examples
--------
>>> from ecrm_lab.build import build_slides  # doctest: +SKIP
>>> build_slides("notebooks", "build/slides")  # doctest: +SKIP
[PosixPath('build/slides/00_welcome_and_data.slides.html'), ...]
"""

from __future__ import annotations

import ast
import copy
import os
import pathlib
import re
import shutil
import tempfile

__all__ = [
    "LECTURER_TAG",
    "SHOW_CODE_TAG",
    "SLIDE_HEIGHT",
    "SLIDE_WIDTH",
    "SOLUTION_TAG",
    "build_slides",
    "prepare_deck",
    "vendor_dir",
]

SHOW_CODE_TAG = "show-code"
LECTURER_TAG = "lecturer"
SOLUTION_TAG = "solution"
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720

#: name in the output folder → file in the vendor folder
ASSETS = {
    "reveal.js/dist/reveal.js": "reveal.js/dist/reveal.js",
    "reveal.js/dist/reveal.css": "reveal.js/dist/reveal.css",
    "reveal.js/dist/theme/white.css": "reveal.js/dist/theme/white.css",
    "reveal.js/dist/theme/fonts/source-sans-pro/source-sans-pro.css": (
        "reveal.js/dist/theme/fonts/source-sans-pro/source-sans-pro.css"
    ),
    "reveal.js/plugin/notes/notes.js": "reveal.js/plugin/notes/notes.js",
    "reveal.js/LICENSE": "reveal.js/LICENSE",
    "lib/require.js": "require.js",
    "lib/jquery.min.js": "jquery.min.js",
    "lib/jquery.LICENSE.txt": "jquery.LICENSE.txt",
    "lib/mermaid/mermaid.min.js": "mermaid/mermaid.min.js",
    "lib/mermaid/LICENSE": "mermaid/LICENSE",
    "lib/mathjax/tex-chtml-full.js": "mathjax/tex-chtml-full.js",
    "lib/mathjax/LICENSE": "mathjax/LICENSE",
    "lib/mathjax/output/chtml/fonts/woff-v2": "mathjax/output/chtml/fonts/woff-v2",  # a folder
}

_SLIDE_STARTS = ("slide", "subslide")
_NOTEBOOK_LINK = re.compile(r'href="(\d\d_[^"/#?]+)\.ipynb(#[^"]*)?"')

_TEMPLATE = r"""{%- extends 'index.html.j2' -%}

{%- block html_head_js -%}
{#- mermaid is a UMD bundle: loaded before require.js it defines window.mermaid, after it an
    anonymous AMD module that require.js rejects -#}
<script src="{{ resources.mermaid_js_url }}" charset="utf-8"></script>
<script>
// before the page's load event, or mermaid draws every diagram itself, in hidden slides
if (window.mermaid) { window.mermaid.initialize({startOnLoad: false, securityLevel: "strict"}); }
</script>
<script src="{{ resources.jquery_url }}" charset="utf-8"></script>
<script src="{{ resources.require_js_url }}" charset="utf-8"></script>
{%- endblock html_head_js -%}

{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams"
  },
  options: {enableMenu: false},
  chtml: {displayAlign: "center", scale: 1.2}
};
</script>
<script src="{{ resources.mathjax_url }}" charset="utf-8" defer></script>
<style type="text/css">
.reveal .jp-OutputArea-output img, .reveal .jp-RenderedImage img {
  max-width: 100%; max-height: {{ resources.deck_image_max_height }}px;
  width: auto; height: auto; object-fit: contain;
}
.reveal .jp-RenderedHTMLCommon table { font-size: 0.8em; }
.reveal .jp-Mermaid svg { max-height: {{ resources.deck_image_max_height }}px; }
.reveal .slides section.ecrm-scroll { overflow-y: auto; }
.reveal .jp-InputArea:empty { display: none; }
</style>
{%- endblock html_head_js_mathjax -%}

{% block footer_js %}
<script>
require(
  {waitSeconds: 15},
  ["{{ reveal_url_prefix }}/dist/reveal.js", "{{ reveal_url_prefix }}/plugin/notes/notes.js"],
  function (Reveal, RevealNotes) {
    window.Reveal = Reveal;  // for the browser test and the console
    var W = {{ resources.reveal.width }}, H = {{ resources.reveal.height }};
    // Diagrams are drawn once, before reveal.js lays out the slides: mermaid measures text, which
    // fails inside a hidden or moving slide; rendered without a container it measures in <body>.
    function drawDiagrams() {
      var nodes = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
      if (!window.mermaid || !nodes.length) { return Promise.resolve(); }
      return nodes.reduce(function (chain, node, i) {
        return chain.then(function () {
          return window.mermaid.render("ecrm-diagram-" + i, node.textContent).then(
            function (result) {
              node.innerHTML = result.svg;
              node.setAttribute("data-processed", "true");
            },
            function (error) { console.error("diagram " + (i + 1) + ": " + error); }
          );
        });
      }, Promise.resolve());
    }
    // A slide taller than H first shrinks its figures and diagrams (to a third at the least), then
    // its text (to 80 % at the least), then scrolls what is still too tall.
    function fitSlide(event) {
      var slide = event.currentSlide || Reveal.getCurrentSlide();
      if (!slide || slide.scrollHeight <= H) { return; }
      var media = Array.prototype.slice.call(slide.querySelectorAll("img, .jp-Mermaid svg"));
      var total = media.reduce(function (sum, m) { return sum + m.clientHeight; }, 0);
      if (total > 0) {
        // shrink the figures so the slide fits, but never below half the slide's height (or their
        // own height): a readable figure on a slide that scrolls beats a thumbnail that fits
        var keep = (total - (slide.scrollHeight - H) - 8) / total;
        media.forEach(function (m) {
          var floor = Math.min(m.clientHeight, 0.5 * H);
          m.style.maxHeight = Math.floor(Math.max(floor, m.clientHeight * keep)) + "px";
        });
      }
      for (var zoom = 1, step = 0; step < 4 && zoom > 0.8 && slide.scrollHeight > H; step++) {
        zoom = Math.max(0.8, zoom * (H - 4) / slide.scrollHeight);
        Array.prototype.forEach.call(slide.children, function (c) { c.style.zoom = zoom; });
      }
      if (slide.scrollHeight > H) {
        slide.classList.add("ecrm-scroll");
        slide.style.height = H + "px";
      }
      Reveal.layout();
    }
    Reveal.on("ready", fitSlide);
    Reveal.on("slidechanged", fitSlide);
    drawDiagrams().then(function () { return Reveal.initialize({
      controls: true,
      progress: true,
      hash: true,
      center: true,
      transition: "{{ reveal_transition }}",
      slideNumber: "{{ reveal_number }}" || false,
      plugins: [RevealNotes],
      width: W,
      height: H,
      margin: 0.04
    }); });
  }
);
</script>
{% endblock footer_js %}
"""


def vendor_dir() -> pathlib.Path:
    """The folder with the third-party files the decks load (``tools/slides_vendor`` of the repo).

    Returns
    -------
    pathlib.Path
        The folder; ``FileNotFoundError`` (naming the fix) when it is not there, as in a package
        installed without the source repository.
    """
    here = pathlib.Path(__file__).resolve().parent.parent / "tools" / "slides_vendor"
    override = os.environ.get("ECRM_LAB_SLIDES_VENDOR")
    folder = pathlib.Path(override) if override else here
    missing = [name for name in ASSETS.values() if not (folder / name).exists()]
    if missing:
        raise FileNotFoundError(
            f"the slide assets are missing from {folder} ({', '.join(missing[:3])}): build the decks "
            "from a clone of the ecrm_lab repository, or set ECRM_LAB_SLIDES_VENDOR to a copy of "
            "its tools/slides_vendor folder"
        )
    return folder


def _is_check_cell(source: str) -> bool:
    """Whether every statement of a code cell is a call ``check(...)`` (an exercise's check)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics and the like: not a check cell
        return False
    return bool(tree.body) and all(
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id == "check"
        for stmt in tree.body
    )


def _slide_type(cell) -> str:
    return (cell.get("metadata", {}).get("slideshow") or {}).get("slide_type") or "-"


def _set_slide_type(cell, slide_type: str) -> None:
    cell.setdefault("metadata", {}).setdefault("slideshow", {})["slide_type"] = slide_type


def prepare_deck(nb):
    """A copy of a notebook with the deck rules applied (the notebook itself is not changed).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook (version 4). Cell ``metadata.tags`` and ``metadata.slideshow.slide_type`` are read.

    Returns
    -------
    nbformat.NotebookNode
        The cells the deck shows, in order:

        * a cell tagged ``lecturer`` gets ``slide_type`` ``"notes"`` (a speaker note);
        * cells tagged ``solution``, code cells made only of ``check(...)`` calls, code cells
          with no output (unless tagged ``show-code``) and ``skip`` cells are removed;
        * other code cells keep their outputs and, unless tagged ``show-code``, hide their input
          (``metadata.transient.remove_source``); stderr stream outputs are removed;
        * a removed cell or a speaker note that started a slide (or sub-slide) hands that start
          to the next cell shown, so the deck keeps its slides; notes waiting for that cell follow
          it, so they are the notes of its slide.

    Examples
    --------
    >>> import nbformat.v4 as v4
    >>> nb = v4.new_notebook(cells=[
    ...     v4.new_markdown_cell("# Title", metadata={"slideshow": {"slide_type": "slide"}}),
    ...     v4.new_markdown_cell("Stress this.", metadata={"tags": ["lecturer"]}),
    ...     v4.new_code_cell("x = 1", metadata={"slideshow": {"slide_type": "slide"}}),
    ...     v4.new_markdown_cell("## Next"),
    ... ])
    >>> deck = prepare_deck(nb)
    >>> [(c.cell_type, c.metadata["slideshow"]["slide_type"]) for c in deck.cells]
    [('markdown', 'slide'), ('markdown', 'notes'), ('markdown', 'slide')]
    """
    deck = copy.deepcopy(nb)
    kept = []
    pending = None  # the slide start of removed cells, waiting for the next cell shown
    notes = []  # speaker notes waiting for that cell, so that they go with its slide
    for cell in deck.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        kind = _slide_type(cell)
        if LECTURER_TAG in tags:
            _set_slide_type(cell, "notes")
            if kind in _SLIDE_STARTS and pending != "slide":
                pending = kind
            (notes if pending else kept).append(cell)
            continue
        drop = kind == "skip" or SOLUTION_TAG in tags
        if cell.cell_type == "code" and not drop:
            cell.outputs = [
                out
                for out in cell.get("outputs", [])
                if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
            ]
            if SHOW_CODE_TAG not in tags:
                drop = not cell.outputs or _is_check_cell(cell.source)
                cell.metadata["transient"] = {"remove_source": True}
        if drop:
            if kind in _SLIDE_STARTS and pending != "slide":
                pending = kind
            continue
        if pending is not None:
            if kind in ("-", "fragment") or (kind == "subslide" and pending == "slide"):
                _set_slide_type(cell, pending)
            pending = None
        kept += [cell, *notes]
        notes = []
    deck.cells = kept + notes
    return deck


def _exporter():
    """An nbconvert SlidesExporter with the deck template, referring to local copies only."""
    import jinja2
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_loaders=[jinja2.DictLoader({"ecrm_deck.html.j2": _TEMPLATE})],
        template_file="ecrm_deck.html.j2",
        reveal_url_prefix="reveal.js",
        reveal_theme="white",
        reveal_width=str(SLIDE_WIDTH),
        reveal_height=str(SLIDE_HEIGHT),
        require_js_url="lib/require.js",
        jquery_url="lib/jquery.min.js",
        mathjax_url="lib/mathjax/tex-chtml-full.js",
        mermaid_js_url="lib/mermaid/mermaid.min.js",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _notebooks(src: pathlib.Path) -> list[pathlib.Path]:
    if src.is_file() and src.suffix == ".ipynb":
        return [src]
    if not src.is_dir():
        raise FileNotFoundError(f"{src} is neither a folder of notebooks nor a .ipynb file")
    found = sorted(src.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise FileNotFoundError(
            f"no numbered notebooks (NN_name.ipynb, e.g. 00_welcome_and_data.ipynb) in {src}"
        )
    return found


def _read(path: pathlib.Path):
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except (ValueError, KeyError, nbformat.reader.NotJSONError) as exc:
        raise ValueError(
            f"{path} is not a readable notebook ({exc.__class__.__name__}: {exc}). Fix: open it "
            "in JupyterLab and save it again, or restore it from git"
        ) from None


def _write_text(path: pathlib.Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a failed write leaves no half deck."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; a deck is for sharing
        os.replace(tmp, path)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise


def _copy_assets(vendor: pathlib.Path, dest: pathlib.Path) -> None:
    for target, source in ASSETS.items():
        out, origin = dest / target, vendor / source
        out.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, out, dirs_exist_ok=True)
        else:
            shutil.copyfile(origin, out)


def build_slides(
    src: str | os.PathLike, dest: str | os.PathLike, *, force: bool = False
) -> list[pathlib.Path]:
    """Write an offline reveal.js deck per numbered notebook of ``src`` into ``dest``.

    Parameters
    ----------
    src : str or path-like
        A folder holding the lesson notebooks ``NN_name.ipynb`` (other files are ignored), or one
        ``.ipynb`` file.
    dest : str or path-like
        The output folder; created if missing. It must be empty unless ``force``.
    force : bool, default False
        Write into a folder that already holds files: decks and assets of the same names are
        replaced, other files are left alone.

    Returns
    -------
    list of pathlib.Path
        The decks written, ``dest / "NN_name.slides.html"``, in the notebooks' order. Beside them:
        ``reveal.js/``, ``lib/`` (require.js, jQuery, MathJax, mermaid and their licences).

    Raises
    ------
    FileExistsError
        ``dest`` holds files and ``force`` is false (nothing is written).
    FileNotFoundError
        ``src`` holds no numbered notebook, or the slide assets are missing.
    ValueError
        A notebook cannot be read.
    """
    src, dest = pathlib.Path(src), pathlib.Path(dest)
    notebooks = _notebooks(src)
    if dest.exists() and not dest.is_dir():
        raise FileExistsError(f"{dest} is a file: choose a folder for the decks")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise FileExistsError(
            f"{dest} already holds files: choose an empty folder, or pass force=True "
            "(--force on the command line) to replace the decks in it"
        )
    vendor = vendor_dir()
    decks = [(path, prepare_deck(_read(path))) for path in notebooks]  # read all before writing
    exporter = _exporter()
    resources = {"deck_image_max_height": int(SLIDE_HEIGHT * 0.78)}
    dest.mkdir(parents=True, exist_ok=True)
    _copy_assets(vendor, dest)
    written = []
    for path, deck in decks:
        body, _ = exporter.from_notebook_node(deck, resources=dict(resources))
        body = _NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.slides.html{m[2] or ""}"', body)
        out = dest / f"{path.stem}.slides.html"
        _write_text(out, body)
        written.append(out)
    return written
