"""Write an output folder atomically: all of it, or nothing and the old folder intact.

:func:`atomic_output` is what :meth:`ecrm_lab.shopdata.ShopData.save` and ``ecrm-lab generate`` write
through. The files go into a hidden temporary folder beside the target (``<parent>/.<name>.tmp-<random>``,
same file system, so the final rename is atomic); only when the ``with`` block ends normally does the
temporary folder take the target's name, and only then is the old content removed. An exception,
Ctrl-C, ``SIGTERM`` or ``SIGHUP`` removes the temporary folder and leaves the old folder as it was.

:func:`check_output_path` runs the same checks on the target without writing anything, so a command can
refuse a bad ``--out`` before it spends minutes simulating.

Examples
--------
>>> import pathlib, tempfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_output(root / "shop") as tmp:
...     _ = (tmp / "orders.csv").write_text("order_id\\nO1\\n", encoding="utf-8")
>>> sorted(p.name for p in root.iterdir())
['shop']
>>> with atomic_output(root / "shop") as tmp:  # doctest: +ELLIPSIS
...     pass
Traceback (most recent call last):
...
ecrm_lab._atomic.OutputPathError: output folder ... already holds files. Fix: choose an empty folder or allow overwriting (overwrite=True / --force)
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator

from .errors import InputError

__all__ = ["OutputPathError", "atomic_output", "check_output_path", "TMP_MARK"]

#: Infix of the temporary folder's name: ``.<name>.tmp-<random>``.
TMP_MARK = ".tmp-"
_OLD_MARK = ".old-"
_FORCE_HINT = "allow overwriting (overwrite=True / --force)"
# Signals whose default action would kill the process without unwinding (SIGINT already raises
# KeyboardInterrupt). Only signals still at their default action get a handler.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class OutputPathError(InputError):
    """The output path cannot be written: its message names the path and the fix.

    An :class:`~ecrm_lab.errors.InputError` (so a ``ValueError``): the caller gave an unusable
    argument, and a command line that reports ``InputError`` in one line reports this one too.

    Parameters
    ----------
    path : object
        The refused output path (kept as ``path``).
    problem : str
        What is wrong with it.
    fix : str
        What to do instead.
    """

    def __init__(self, path: object, problem: str, fix: str) -> None:
        self.path = str(path)
        super().__init__(problem, fix=fix)

    def __reduce__(self):
        return (type(self), (self.path, self.problem, self.fix))


class _Signalled(BaseException):
    """Raised inside the ``with`` block when SIGTERM or SIGHUP arrives (then re-delivered)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def check_output_path(
    out: str | os.PathLike[str], *, overwrite: bool = False, force_hint: str = _FORCE_HINT
) -> pathlib.Path:
    """Check that ``out`` can become an output folder; return it as an absolute path.

    Parameters
    ----------
    out : str or path-like
        The output folder. It may not exist yet; its parent folders are created when writing.
    overwrite : bool, default False
        Allow replacing a folder that already holds files (the whole folder is replaced).
    force_hint : str, optional
        How the caller's user asks to overwrite, as the end of the message for a refused non-empty
        folder: ``"choose an empty folder or <force_hint>"``. By default it names both the Python
        argument and the command-line flag.

    Returns
    -------
    pathlib.Path
        ``out`` made absolute (not resolving symbolic links).

    Raises
    ------
    OutputPathError
        ``out`` is empty, is the current folder or one of its parents, is a file, lies below a file,
        or is a folder that already holds files while ``overwrite`` is false.
    """
    if out is None or (isinstance(out, str) and not out.strip()):
        raise OutputPathError(
            out, "no output folder given (the path is empty)", "name a folder, e.g. data/shop"
        )
    if not isinstance(out, str | os.PathLike):
        raise TypeError(f"the output folder must be a path or a string, not {type(out).__name__}")
    if os.fspath(out) == ".":  # also what pathlib.Path("") becomes, e.g. from `--out ''`
        raise OutputPathError(
            out,
            "no output folder given (the path is empty or '.', the current folder, which cannot "
            "be replaced)",
            "name a folder, e.g. data/shop",
        )
    path = pathlib.Path(os.path.abspath(os.fspath(out)))
    cwd = pathlib.Path(os.path.abspath(os.getcwd()))
    if path == cwd or path in cwd.parents:
        raise OutputPathError(
            path,
            f"the output folder {str(out)!r} is the current folder or one of its parents, which "
            "cannot be replaced",
            "name a new subfolder, e.g. data/shop",
        )
    if path.exists() and not path.is_dir():
        raise OutputPathError(
            path, f"{str(path)!r} is a file, not a folder", "choose another output folder"
        )
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputPathError(
                    path,
                    f"the output folder {str(path)!r} lies below the file {str(parent)!r}",
                    "choose an output folder that is not below a file",
                )
            break
    if path.is_dir() and not overwrite:
        try:
            has_files = any(path.iterdir())
        except PermissionError:
            raise OutputPathError(
                path, f"the folder {str(path)!r} cannot be read", "choose a folder you may write to"
            ) from None
        if has_files:
            raise OutputPathError(
                path,
                f"output folder {str(path)!r} already holds files",
                f"choose an empty folder or {force_hint}",
            )
    return path


@contextlib.contextmanager
def _terminate_by_exception() -> Iterator[None]:
    """While inside, SIGTERM/SIGHUP (if at their default action) raise ``_Signalled`` (main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def handler(signum, frame):
        raise _Signalled(signum)

    for sig in _SIGNALS:
        if signal.getsignal(sig) is signal.SIG_DFL:  # leave ignored (nohup) and custom handlers
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP while the folders are swapped (delivered right after)."""
    can_block = hasattr(signal, "pthread_sigmask") and (
        threading.current_thread() is threading.main_thread()
    )
    if not can_block:
        yield
        return
    held = {signal.SIGINT, *_SIGNALS}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _mkdtemp(path: pathlib.Path, made: list[pathlib.Path]) -> pathlib.Path:
    """Make the temporary folder; it is in ``made`` before any signal can interrupt."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _signals_held():
            tmp = pathlib.Path(tempfile.mkdtemp(prefix=f".{path.name}{TMP_MARK}", dir=path.parent))
            made.append(tmp)
    except (FileExistsError, NotADirectoryError):
        raise OutputPathError(
            path,
            f"cannot make the folder {str(path)!r}: a file stands in its way",
            "choose an output folder that is not below a file",
        ) from None
    except PermissionError:
        raise OutputPathError(
            path,
            f"no permission to write into {str(path.parent)!r}",
            "choose a folder you may write to",
        ) from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; give the folder the usual permissions
    return tmp


def _foreign_files(old: pathlib.Path, new: pathlib.Path) -> list[str]:
    """Files of the existing folder ``old`` that ecrm-lab did not write and ``new`` would not replace.

    A file counts as ecrm-lab's own when the new output has a file at the same place, or when the
    old folder's ``MANIFEST.json`` lists it (a world written before, e.g. with more customer blocks).
    Everything else — a user's notes, a thesis folder, hidden files — would be lost by the swap.
    """
    import json

    own: set[str] = set()
    try:
        manifest = json.loads((old / "MANIFEST.json").read_text(encoding="utf-8"))
        # the files every saved world has beside its tables (a world without a config has none)
        own.update({"MANIFEST.json", "config.yaml", "datapackage.json", "DATASHEET.md"})
        for entry in manifest.get("tables", {}).values():
            own.update(f["path"] for f in entry.get("files", []))
        own.update(manifest.get("files", {}) if isinstance(manifest.get("files"), dict) else [])
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        pass
    written = {p.relative_to(new).as_posix() for p in new.rglob("*") if not p.is_dir()}
    return sorted(
        rel
        for p in old.rglob("*")
        if not p.is_dir() and (rel := p.relative_to(old).as_posix()) not in written | own
    )


def _swap_in(tmp: pathlib.Path, path: pathlib.Path) -> None:
    """Give ``tmp`` the name ``path``; the old ``path`` is removed only once the new one is in place."""
    with _signals_held():
        if not path.exists():
            tmp.rename(path)
            return
        old = path.with_name(f".{path.name}{_OLD_MARK}{tmp.name.rsplit(TMP_MARK, 1)[-1]}")
        path.rename(old)
        try:
            tmp.rename(path)
        except BaseException:
            old.rename(path)  # put the old folder back
            raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_output(
    out: str | os.PathLike[str], *, overwrite: bool = False, force_hint: str = _FORCE_HINT
) -> Iterator[pathlib.Path]:
    """Write an output folder through a temporary folder that replaces it at the end.

    Parameters
    ----------
    out : str or path-like
        The output folder (created with its parents if needed). See :func:`check_output_path` for
        the paths that are refused.
    overwrite : bool, default False
        Replace a folder that already holds ecrm-lab's output (files the new output also writes,
        or that the old ``MANIFEST.json`` lists). Its old content is removed only after the new
        folder is complete; until then it stays untouched. A folder that also holds other files
        (a user's notes) is never replaced: :class:`OutputPathError` names them.
    force_hint : str, optional
        How the user asks to overwrite, named in the message (see :func:`check_output_path`).

    Yields
    ------
    pathlib.Path
        The empty temporary folder ``<parent>/.<name>.tmp-<random>`` to write into.

    Raises
    ------
    OutputPathError
        Before anything is written, when ``out`` cannot be used (see :func:`check_output_path`);
        after writing, instead of the swap, when the old folder holds files ecrm-lab did not write
        (the old folder is left as it was).

    Notes
    -----
    When the block raises, is interrupted by Ctrl-C, or the process receives ``SIGTERM`` or ``SIGHUP``,
    the temporary folder is removed and the old folder is left intact; the exception propagates and a
    signal is delivered again with its previous action (so the process still ends as it would have).
    Signal handlers are installed only in the main thread, only for signals at their default action
    (an ignored ``SIGHUP`` under ``nohup`` stays ignored), and are restored afterwards. ``SIGKILL``
    cannot be caught: it may leave a ``.<name>.tmp-*`` folder, never a half-written ``out``.
    """
    path = check_output_path(out, overwrite=overwrite, force_hint=force_hint)
    signalled: _Signalled | None = None
    made: list[pathlib.Path] = []
    try:
        with _terminate_by_exception():
            try:
                yield _mkdtemp(path, made)
                if path.is_dir():
                    foreign = _foreign_files(path, made[0])
                    if foreign:
                        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
                        raise OutputPathError(
                            path,
                            f"output folder {str(path)!r} holds {len(foreign)} file(s) that "
                            f"ecrm-lab did not write ({shown}); replacing the folder would delete "
                            "them",
                            "move those files away or choose another output folder (overwriting "
                            "replaces only ecrm-lab's own output)",
                        )
                _swap_in(made[0], path)
            finally:
                if made and made[0].exists():
                    with _signals_held():  # a second signal must not interrupt the clean-up
                        shutil.rmtree(made[0], ignore_errors=True)
    except _Signalled as exc:  # at any point, even after the swap: end as the signal would
        signalled = exc
    if signalled is not None:  # handlers are restored: end the way the signal would have
        signal.raise_signal(signalled.signum)
        raise SystemExit(128 + signalled.signum)
