"""Row ids that stay unique when customers are simulated block by block.

An id is ``prefix + [block number] + k`` with ``k = 1 … n`` zero-padded to a fixed width: ``DH00000001``
in block 0, ``DH1200000001`` in block 12. Since ``k`` always has the same width, an id tells its block
and number apart without ambiguity, so ids made by different blocks never collide, and a world of one
block keeps the short ids. Customer ids (``KH000001``) come from the customer's global position instead.
"""

from __future__ import annotations

import numpy as np

__all__ = ["make_ids", "make_id_array", "take_ids"]


def make_ids(prefix: str, n: int, width: int, block: int = 0) -> np.ndarray:
    """Make the ids ``prefix + [block] + k``, ``k = 1 … n`` zero-padded to ``width`` digits.

    Block 0 has no block number (``DH00000001``); block 12 gives ``DH1200000001``. Because ``k`` always
    has ``width`` digits, the id names its block and its number without ambiguity, so ids made by
    different blocks never collide.

    Parameters
    ----------
    prefix : str
        The id's letters (ASCII), e.g. ``"DH"`` for orders.
    n : int
        Number of ids.
    width : int
        Digits of the running number ``k``.
    block : int, default 0
        The customer block's number, written after the prefix (nothing for block 0).

    Returns
    -------
    numpy.ndarray of str
        ``n`` ids (object dtype), in the order ``k = 1 … n``.

    Raises
    ------
    ValueError
        If ``n`` ids do not fit in ``width`` digits.

    Examples
    --------
    >>> make_ids("DH", 2, 8).tolist()
    ['DH00000001', 'DH00000002']
    >>> make_ids("DH", 1, 8, block=12).tolist()
    ['DH1200000001']
    """
    if n >= 10**width:
        raise ValueError(
            f"{n:,} {prefix} ids do not fit in {width} digits: use a smaller block_size"
        )
    if n == 0:
        return np.empty(0, dtype=object)
    mat = _id_bytes(prefix, n, width, block)
    return mat.view(f"S{mat.shape[1]}").ravel().astype(f"U{mat.shape[1]}").astype(object)


def make_id_array(prefix: str, n: int, width: int, block: int = 0):
    """Make the ids of :func:`make_ids` as a pandas text array (``str`` dtype, held by Arrow).

    The same ids, written straight into an Arrow string buffer: no Python object per id, so a
    column of them costs a few milliseconds per million rows (and takes like any Arrow array).

    Parameters
    ----------
    prefix : str
        Letters before the number, as for :func:`make_ids`.
    n : int
        Number of ids.
    width : int
        Digits of the number.
    block : int, default 0
        The customer block, written before the number (0: no block digit), as for
        :func:`make_ids`.

    Returns
    -------
    pandas.arrays.ArrowStringArray
        ``n`` ids of dtype ``str``, in the order ``k = 1 … n``.

    Raises
    ------
    ValueError
        If ``n`` ids do not fit in ``width`` digits.

    Examples
    --------
    >>> make_id_array("DH", 2, 8, block=3).tolist()
    ['DH300000001', 'DH300000002']
    """
    import pandas as pd
    import pyarrow as pa

    if n >= 10**width:
        raise ValueError(
            f"{n:,} {prefix} ids do not fit in {width} digits: use a smaller block_size"
        )
    mat = _id_bytes(prefix, n, width, block) if n else np.empty((0, 0), dtype=np.uint8)
    offsets = np.arange(n + 1, dtype=np.int64) * mat.shape[1]
    arr = pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(mat.ravel())]
    )
    return pd.array(arr, dtype=pd.StringDtype(na_value=np.nan))


def take_ids(ids, positions: np.ndarray):
    """``ids[positions]`` as a pandas text array, missing where a position is −1.

    Parameters
    ----------
    ids : pandas text array, Series of ``str`` dtype, or array of str
        The ids to take from (an Arrow-backed ``str`` column is taken in Arrow, without Python
        objects; other arrays are converted first).
    positions : ndarray of int
        Positions in ``ids``; −1 gives a missing value.

    Returns
    -------
    pandas.arrays.ArrowStringArray
        ``len(positions)`` ids, dtype ``str``.

    Examples
    --------
    >>> take_ids(make_id_array("TN", 3, 4), np.array([2, -1, 0])).tolist()
    ['TN0003', nan, 'TN0001']
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pd.StringDtype(na_value=np.nan)
    values = ids.array if isinstance(ids, pd.Series) else ids
    if not (isinstance(values, pd.api.extensions.ExtensionArray) and values.dtype == text):
        values = pd.array(np.asarray(values, dtype=object), dtype=text)
    positions = np.asarray(positions, dtype=np.int64)
    taken = pc.take(pa.array(values), pa.array(positions, mask=positions < 0))
    return pd.array(taken, dtype=text)


#: "0000" … "9999" as bytes, four digits at a time.
_DIGITS4 = np.frombuffer("".join(f"{i:04d}" for i in range(10_000)).encode(), dtype=np.uint8)


def _id_bytes(prefix: str, n: int, width: int, block: int) -> np.ndarray:
    """The ids ``1 … n`` as an (n, len(head) + width) matrix of ASCII bytes (no loop over rows)."""
    head = prefix if block == 0 else f"{prefix}{block}"
    prefix_bytes = np.frombuffer(head.encode("ascii"), dtype=np.uint8)
    mat = np.empty((n, prefix_bytes.size + width), dtype=np.uint8)
    mat[:, : prefix_bytes.size] = prefix_bytes
    rest = np.arange(1, n + 1, dtype=np.int64)
    table = _DIGITS4.reshape(10_000, 4)
    end = mat.shape[1]
    while end > prefix_bytes.size:  # four digits at a time, from the right
        w = min(4, end - prefix_bytes.size)
        mat[:, end - w : end] = table[rest % 10_000, 4 - w :]
        rest //= 10_000
        end -= w
    return mat
