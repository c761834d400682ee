"""The one error type for bad input tables: :class:`InputError`.

Every analysis function checks its tables at the door (see :mod:`ecrm_lab._validate`) and raises an
``InputError`` whose message names the table, the column, the first bad row where there is one, and the
fix. It is a ``ValueError``, so ``except ValueError`` keeps working.

>>> err = InputError("2 negative value(s)", table="orders", column="amount", row=17,
...                  fix="money must be >= 0; drop refunds or pass them as a separate table")
>>> print(err)
orders.amount (first bad row 17): 2 negative value(s). Fix: money must be >= 0; drop refunds or pass them as a separate table
>>> isinstance(err, ValueError), err.table, err.column, err.row
(True, 'orders', 'amount', 17)
"""

from __future__ import annotations

from typing import Any

__all__ = ["InputError"]


class InputError(ValueError):
    """A table (or one of its columns) given to an ``ecrm_lab`` function cannot be used as it is.

    The message reads ``table.column (first bad row R): problem. Fix: fix``; the parts are kept as
    attributes (``problem``, ``table``, ``column``, ``row``, ``fix``) so that tests and callers can
    inspect them.

    Parameters
    ----------
    problem : str
        What is wrong, in a few words ("3 missing id(s)", "lacks column(s) amount").
    table : str, optional
        The table's name as the function calls it (``orders``, ``touchpoints``).
    column : str, optional
        The offending column, where there is one.
    row : object, optional
        The index label of the first bad row, where there is one.
    fix : str, optional
        What the user can do about it.

    Examples
    --------
    >>> err = InputError("3 missing id(s)", table="orders", column="customer_id", fix="drop them")
    >>> print(err)
    orders.customer_id: 3 missing id(s). Fix: drop them
    >>> err.column
    'customer_id'
    """

    def __init__(
        self,
        problem: str,
        *,
        table: str | None = None,
        column: str | None = None,
        row: Any = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.table = table
        self.column = column
        self.row = row
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        where = ".".join(str(p) for p in (self.table, self.column) if p is not None)
        if self.row is not None:
            where = f"{where} (first bad row {self.row!r})" if where else f"row {self.row!r}"
        msg = f"{where}: {self.problem}" if where else self.problem
        if self.fix:
            msg += f". Fix: {self.fix}"
        return msg

    def __reduce__(self):  # picklable across worker processes
        return (
            _rebuild,
            (self.problem, self.table, self.column, self.row, self.fix),
        )


def _rebuild(problem, table, column, row, fix) -> InputError:
    return InputError(problem, table=table, column=column, row=row, fix=fix)
