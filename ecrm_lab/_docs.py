"""Shared parameter documentation, written once, and the numpydoc check of the whole package.

Arguments that mean the same thing everywhere (CONTRIBUTING.md, "Argument vocabulary") share one
description. Write the slot ``{name}`` alone on a line of a ``Parameters`` section and decorate the
function with :func:`fill_doc`; the slot becomes the text of :data:`PARAMS` with the slot's
indentation::

    @fill_doc
    def label(name, lang=None):
        '''Return the label of ``name``.

        Parameters
        ----------
        name : str
            A name.
        {lang}
        '''

Only lines that hold nothing but a known slot are replaced, so braces elsewhere in a docstring
(``{"vi": ...}``, format strings) are left alone. An unknown slot is an error at import time.

``python -m ecrm_lab._docs`` validates the docstrings of every public function, class and method
of the package with :func:`numpydoc.validate.validate` — on the imported objects, so that filled
slots are checked as the reader sees them — using the checks and exclusions of
``[tool.numpydoc_validation]`` in ``pyproject.toml``. ``make lint`` runs it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = ["PARAMS", "fill_doc"]

F = TypeVar("F", bound=Callable[..., Any])

#: The shared descriptions, ``{argument: numpydoc "name : type" line and its description}``.
PARAMS: dict[str, str] = {
    "lang": """\
lang : str, optional
    ``"vi"`` (Vietnamese) or ``"en"`` (English); default: the current language
    (:func:`ecrm_lab.i18n.get_language`).""",
    "as_of": """\
as_of : str, date or pandas.Timestamp
    The observation date: only what happened up to the end of this day is used.""",
    "date_col": """\
date_col : str
    Name of the date (or timestamp) column of the table the function takes.""",
    "customer_col": """\
customer_col : str, default "customer_id"
    Name of the customer key column.""",
    "status_col": """\
status_col : str or None, default "status"
    Name of the order-status column; None counts every order as a purchase.""",
    "completed": """\
completed : object, default "completed"
    The status of a completed order.""",
    "ci_level": """\
ci_level : float, default 0.95
    Level of the confidence intervals, strictly between 0 and 1.""",
    "rng": """\
rng : int, numpy.random.Generator or None, optional
    Seed or generator for the random numbers; the same seed gives the same result.""",
    "kind": """\
kind : str
    A kind of code of the vocabulary (:func:`ecrm_lab.vocabulary.kinds`), e.g. ``"channel"``,
    ``"stage"``, ``"payment"``.""",
    # the simulator's internals (ecrm_lab.synth): slot {synth_<argument>} documents ``<argument>``
    "synth_cfg": """\
cfg : ShopConfig
    The scenario (:class:`~ecrm_lab.synth.config.ShopConfig`): sizes, dates and planted
    parameters.""",
    "synth_rng": """\
rng : numpy.random.Generator
    This part's random stream (:mod:`ecrm_lab.synth.parts`): the same stream gives the same
    rows.""",
    "synth_block": """\
block : int, default 0
    The customer block's number, written into the ids this part makes
    (:mod:`ecrm_lab.synth.ids`); block 0 (a world of one block) gives the short ids.""",
    "synth_seed": """\
seed : Seed
    The root of the world's random streams (:class:`~ecrm_lab.synth.parts.Seed`, made by
    :func:`~ecrm_lab.synth.core.resolve_seed`).""",
    "synth_progress": """\
progress : callable or None, optional
    Called with each part's name as it starts (:func:`~ecrm_lab.synth.core.check_progress`
    makes one); None: silent.""",
}

_SLOT = re.compile(r"^(?P<indent>[ \t]*)\{(?P<name>\w+)\}[ \t]*$", re.MULTILINE)


def fill_doc(obj: F) -> F:
    """Replace the ``{name}`` slots of ``obj``'s docstring by the shared texts of :data:`PARAMS`.

    Parameters
    ----------
    obj : function or class
        The object to document; its ``__doc__`` is rewritten in place.

    Returns
    -------
    function or class
        ``obj`` itself, so that it can be used as a decorator.

    Raises
    ------
    KeyError
        If a slot names no entry of :data:`PARAMS`; the message lists the known names.

    Examples
    --------
    >>> @fill_doc
    ... def f(lang=None):
    ...     '''Do nothing.
    ...
    ...     Parameters
    ...     ----------
    ...     {lang}
    ...     '''
    >>> print(f.__doc__.splitlines()[4])
        lang : str, optional
    """
    doc = obj.__doc__
    if doc:

        def replace(match: re.Match) -> str:
            name = match["name"]
            if name not in PARAMS:
                raise KeyError(
                    f"{getattr(obj, '__qualname__', obj)!r}: unknown docstring slot {{{name}}}; "
                    f"the shared parameters are {', '.join(sorted(PARAMS))} (ecrm_lab._docs.PARAMS)"
                )
            return textwrap.indent(PARAMS[name], match["indent"])

        obj.__doc__ = _SLOT.sub(replace, doc)
    return obj


# ------------------------------------------------------------------------- numpydoc of the package
def _public_objects(package: str = "ecrm_lab") -> Iterator[str]:
    """Dotted names of the public functions, classes and methods of every module of ``package``."""
    import importlib
    import inspect
    import pkgutil

    root = importlib.import_module(package)
    modules = [package] + [m.name for m in pkgutil.walk_packages(root.__path__, f"{package}.")]
    seen: set[int] = set()
    for name in sorted(set(modules)):
        if any(part.startswith("_") for part in name.split(".")):
            continue
        module = importlib.import_module(name)
        public = getattr(module, "__all__", None)
        if public is None:
            public = [n for n in vars(module) if not n.startswith("_")]
        for attr in public:
            obj = getattr(module, attr, None)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if getattr(obj, "__module__", None) != name or id(obj) in seen:
                continue  # re-exported from elsewhere: checked where it is defined
            seen.add(id(obj))
            yield f"{name}.{attr}"
            if inspect.isclass(obj):
                for meth, value in vars(obj).items():
                    if meth.startswith("_"):
                        continue
                    if inspect.isfunction(value) or isinstance(value, property | classmethod):
                        yield f"{name}.{attr}.{meth}"


def _config(pyproject: str | None = None) -> tuple[set[str], list[re.Pattern]]:
    import tomllib
    from pathlib import Path

    from numpydoc.validate import get_validation_checks

    path = (
        Path(__file__).resolve().parents[1] / "pyproject.toml" if pyproject is None else pyproject
    )
    with open(path, "rb") as fh:
        section = tomllib.load(fh).get("tool", {}).get("numpydoc_validation", {})
    checks = get_validation_checks(set(section.get("checks", ["all"])))
    return checks, [re.compile(p) for p in section.get("exclude", [])]


def validate_package(
    package: str = "ecrm_lab",
    pyproject: str | None = None,
    only: tuple[str, ...] = (),
) -> list[tuple[str, str, str]]:
    """Validate the docstrings of the public objects of ``package`` with numpydoc.

    Parameters
    ----------
    package : str, default "ecrm_lab"
        The package to walk.
    pyproject : str, optional
        The file whose ``[tool.numpydoc_validation]`` gives ``checks`` and ``exclude``; default:
        the ``pyproject.toml`` next to the package (a source checkout).
    only : tuple of str, default ()
        Prefixes of the object names to check (e.g. ``("ecrm_lab.i18n",)``); default: all.

    Returns
    -------
    list of tuple of str
        ``(object name, error code, message)`` for every failed check, in name order.
    """
    from numpydoc.validate import validate

    checks, exclude = _config(pyproject)
    out = []
    for name in _public_objects(package):
        if any(p.search(name) for p in exclude) or not name.startswith(only or ("",)):
            continue
        for code, message in validate(name)["errors"]:
            if code in checks:
                out.append((name, code, message))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the numpydoc failures of ``ecrm_lab`` (optionally of some modules only) and count them.

    Parameters
    ----------
    argv : list of str, optional
        Prefixes of the object names to report (e.g. ``ecrm_lab.i18n``); default: all.

    Returns
    -------
    int
        The exit status: 0 when nothing failed, 1 otherwise.
    """
    import sys

    prefixes = tuple(sys.argv[1:] if argv is None else argv)
    failures = validate_package(only=prefixes)
    for name, code, message in failures:
        print(f"{name}: {code} {message}")
    print(f"numpydoc: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
