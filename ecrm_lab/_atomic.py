"""Atomic output folders: write into a temporary folder beside the target, rename on success.

Minimal version written by sim-core (the full one, with the same signature, comes from sim-io).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import signal
import tempfile
from collections.abc import Iterator

from .errors import InputError

__all__ = ["atomic_output"]


def _check_target(out: pathlib.Path, overwrite: bool) -> None:
    if str(out) in ("", "."):
        raise InputError(
            "the output folder is empty ('')", fix="give a folder name, e.g. data/shop"
        )
    if out.exists() and not out.is_dir():
        raise InputError(
            f"output {str(out)!r} is a file, not a folder", fix="choose another output folder"
        )
    for parent in out.parents:
        if parent.exists() and not parent.is_dir():
            raise InputError(
                f"output {str(out)!r} lies below the file {str(parent)!r}",
                fix="choose a folder that is not inside a file",
            )
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise InputError(
            f"output folder {str(out)!r} already holds files",
            fix="choose an empty folder or allow overwriting (overwrite=True / --force)",
        )


@contextlib.contextmanager
def atomic_output(out: str | os.PathLike, *, overwrite: bool = False) -> Iterator[pathlib.Path]:
    """Yield a temporary folder next to ``out``; on success it replaces ``out`` as a whole.

    On an exception, Ctrl-C, SIGTERM or SIGHUP the temporary folder is removed and ``out`` is left as
    it was. ``''``, a file, a path below a file, or a folder that holds files (unless ``overwrite``)
    are refused with an :class:`~ecrm_lab.errors.InputError` before anything is written.
    """
    out = pathlib.Path(os.fspath(out))
    _check_target(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    previous = {}

    def _terminate(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                try:
                    previous[sig] = signal.signal(sig, _terminate)
                except ValueError:  # not the main thread: leave signals alone
                    pass
        yield tmp
        if out.exists():
            old = out.with_name(f".{out.name}.old-{tmp.name[-8:]}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
