"""Row ids that stay unique when customers are simulated block by block.

An id is ``prefix + [block number] + k`` with ``k = 1 … n`` zero-padded to a fixed width: ``DH00000001``
in block 0, ``DH1200000001`` in block 12. Since ``k`` always has the same width, an id tells its block
and number apart without ambiguity, so ids made by different blocks never collide, and a world of one
block keeps the short ids. Customer ids (``KH000001``) come from the customer's global position instead.
"""

from __future__ import annotations

import numpy as np

__all__ = ["make_ids"]


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
    head = prefix if block == 0 else f"{prefix}{block}"
    if n == 0:
        return np.empty(0, dtype=object)
    # digits by arithmetic into a byte matrix (no Python loop over rows)
    k = np.arange(1, n + 1, dtype=np.int64)
    digits = (k[:, None] // 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)) % 10 + ord("0")
    prefix_bytes = np.frombuffer(head.encode("ascii"), dtype=np.uint8)
    mat = np.empty((n, prefix_bytes.size + width), dtype=np.uint8)
    mat[:, : prefix_bytes.size] = prefix_bytes
    mat[:, prefix_bytes.size :] = digits
    return mat.view(f"S{mat.shape[1]}").ravel().astype(f"U{mat.shape[1]}").astype(object)
