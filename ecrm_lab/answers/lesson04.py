"""Expected answers for ``04_retention_and_churn``.

The dates and parameters are those of the exercise texts: the VietShop data run from 2024-01-01 to
2025-12-31; the churn model is judged on the last snapshot whose 90-day label is complete on the
last day of the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import retention
from ..exercises import Choice
from ..experiments import estimate_uplift
from ..shopdata import ShopData

__all__ = [
    "AS_OF",
    "MODEL_WINDOW",
    "N_SNAPSHOTS",
    "SHARES",
    "VOUCHER",
    "MARGIN",
    "SAVE_RATE",
    "WINBACK_PARAMETER",
    "ex_04_1",
    "ex_04_2",
    "ex_04_3",
    "ex_04_4",
    "ex_04_5",
    "contact_profit",
    "churn_fit",
    "winback_truth",
]

#: The observation date of the lesson: the last day of the data.
AS_OF = "2025-12-31"
#: The label window of the churn model (days without a purchase after a snapshot).
MODEL_WINDOW = 90
#: Number of snapshots of the churn model (the last one is the test snapshot).
N_SNAPSHOTS = 5
#: Exercise 04.4: the shares (%) of the riskiest customers that may be contacted.
SHARES = (5, 10, 20, 30, 50, 100)
VOUCHER = 30_000  # ₫ per customer contacted (the voucher's cost, whether or not they would stay)
MARGIN = 200_000  # ₫ of gross margin kept per churner who is won back
SAVE_RATE = 0.25  # assumed share of the contacted churners the voucher wins back
#: The ``crm_truth`` parameter of the planted average win-back effect over the customers at risk.
WINBACK_PARAMETER = "winback_ate"


def ex_04_1(data: ShopData | None = None) -> Choice:
    """Which statement the window trade-off chart of section 2 supports (multiple choice).

    The answer does not depend on the data; ``data`` is accepted for a uniform call.

    Parameters
    ----------
    data : ShopData, optional
        Not used.

    Returns
    -------
    Choice
        The right option ``"C"`` and, for each wrong option, why it is wrong.
    """
    return Choice(
        "C",
        why={
            "A": (
                "Cửa sổ ngắn gọi 'rời bỏ' cả những khách chỉ đang nghỉ giữa hai lần mua: hơn một nửa "
                "khoảng cách giữa hai lần mua dài hơn 30 ngày, nên phần lớn những khách bị gọi là rời "
                "bỏ vẫn sẽ quay lại."
            ),
            "B": (
                "Mọi cột được tính trên cùng những khách, tại cùng một ngày quan sát: chỉ quy tắc thay "
                "đổi. Tỷ lệ rời bỏ giảm vì cửa sổ dài hơn thì ít khách đủ điều kiện bị gọi là rời bỏ, "
                "không phải vì khách trung thành hơn."
            ),
            "D": (
                "Cửa sổ 365 ngày gần như không gọi nhầm ai, nhưng chỉ gắn nhãn sau một năm im lặng — "
                "quá muộn để kích hoạt lại — và khách mua lần đầu chưa đầy một năm không bao giờ bị "
                "gọi là rời bỏ; một mô hình cũng phải chờ một năm mới có nhãn để học."
            ),
        },
    )


def ex_04_2(data: ShopData) -> float:
    """Month-1 retention over all cohorts, weighted by cohort size (0–1).

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.

    Returns
    -------
    float
        Customers of any cohort who bought again in the month after their first purchase month,
        divided by the customers of the cohorts whose month 1 has ended by :data:`AS_OF`.
    """
    table = retention.cohort_retention(data.orders, as_of=AS_OF)
    month1 = table[table["period"] == 1]
    return float(month1["active"].sum() / month1["n_customers"].sum())


def ex_04_3(
    data: ShopData | None = None,
    *,
    telco: pd.DataFrame | None = None,
    months: float = 12,
    contract: str = "Month-to-month",
) -> float:
    """Kaplan–Meier share of Telco's month-to-month customers still a customer after 12 months.

    Parameters
    ----------
    data : ShopData, optional
        Not used (the Telco table is not VietShop's); accepted for a uniform call.
    telco : pandas.DataFrame, optional
        The table of :func:`ecrm_lab.retention.load_telco_churn` (``tenure`` in months,
        ``churned``, ``contract``); default: that table.
    months : float, default 12
        The time at which the curve is read.
    contract : str, default "Month-to-month"
        The contract type (a value of ``contract``).

    Returns
    -------
    float
        The Kaplan–Meier survival of that group at ``months`` (the last step at or before it).
    """
    telco = retention.load_telco_churn() if telco is None else telco
    km = retention.kaplan_meier(
        telco, duration_col="tenure", event_col="churned", group_col="contract", table="telco"
    )
    part = km[(km["group"] == contract) & (km["time"] <= months)]
    return float(part["survival"].iloc[-1])


def churn_fit(data: ShopData, *, rng: Any = 2025) -> retention.ChurnModelFit:
    """The churn model of section 5: 90-day labels, 5 snapshots, judged on the last one.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.
    rng : int, numpy.random.Generator or None, default 2025
        Passed to :func:`ecrm_lab.retention.churn_model` (the default model draws nothing).

    Returns
    -------
    ChurnModelFit
        The fitted model and its held-out judgement.
    """
    return retention.churn_model(
        data.orders, as_of=AS_OF, window_days=MODEL_WINDOW, n_snapshots=N_SNAPSHOTS, rng=rng
    )


def contact_profit(
    test_scores: pd.DataFrame,
    shares: Sequence[float] = SHARES,
    *,
    voucher: float = VOUCHER,
    margin: float = MARGIN,
    save_rate: float = SAVE_RATE,
    label_col: str = "churned",
    score_col: str = "score",
) -> pd.DataFrame:
    """Expected profit of sending the voucher to the riskiest ``share`` % of the held-out customers.

    Profit of a list = ``save_rate`` × ``margin`` × churners on the list − ``voucher`` × customers
    on the list: every voucher costs, only a churner won back brings margin.

    Parameters
    ----------
    test_scores : pandas.DataFrame
        One row per held-out customer with the observed label ``label_col`` (bool or 0/1) and the
        predicted ``score_col`` (e.g. :attr:`ChurnModelFit.test_scores`).
    shares : sequence of float
        Shares of the customers, in % (e.g. 10 = the riskiest 10 %).
    voucher, margin : float
        ₫ per voucher sent, ₫ of margin per churner won back.
    save_rate : float
        Share of the contacted churners the voucher wins back.
    label_col, score_col : str
        Names of the label and score columns.

    Returns
    -------
    pandas.DataFrame
        One row per share, in the order given: ``share_pct``, ``n_contacted`` (round(share × rows)),
        ``churners`` (churners among them), ``precision`` (churners / contacted) and
        ``expected_profit`` (₫).
    """
    order = np.argsort(-test_scores[score_col].to_numpy(float), kind="stable")
    y = test_scores[label_col].to_numpy(dtype=int)[order]
    rows = []
    for q in shares:
        k = max(1, int(round(q / 100 * len(y))))
        churners = int(y[:k].sum())
        rows.append(
            {
                "share_pct": q,
                "n_contacted": k,
                "churners": churners,
                "precision": churners / k,
                "expected_profit": save_rate * margin * churners - voucher * k,
            }
        )
    return pd.DataFrame(rows)


def ex_04_4(data: ShopData, *, fit: retention.ChurnModelFit | None = None) -> int:
    """The share (%, of :data:`SHARES`) of the riskiest held-out customers with the largest profit.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used (unless ``fit`` is given).
    fit : ChurnModelFit, optional
        A fitted model (default: :func:`churn_fit` on ``data``).

    Returns
    -------
    int
        The best share in %; ties go to the smaller list.
    """
    fit = churn_fit(data) if fit is None else fit
    table = contact_profit(fit.test_scores)
    return int(table["share_pct"].iloc[int(table["expected_profit"].to_numpy().argmax())])


def winback_truth(data: ShopData, *, parameter: str = WINBACK_PARAMETER) -> float:
    """The planted average effect of the win-back offer on reactivation (``crm_truth``).

    Parameters
    ----------
    data : ShopData
        The shop, with the ``crm_truth`` table (``parameter``, ``value``).
    parameter : str, default "winback_ate"
        The parameter that holds the planted average effect over the customers at risk.

    Returns
    -------
    float
        Its value.
    """
    truth = data.crm_truth
    rows = truth.loc[truth["parameter"] == parameter, "value"]
    if rows.empty:
        raise KeyError(f"crm_truth has no parameter {parameter!r}")
    return float(rows.iloc[0])


def ex_04_5(data: ShopData) -> Choice:
    """Which statement the win-back estimate of section 6 supports (multiple choice, from the data).

    The right option depends on the estimate: ``"B"`` when the 95 % interval excludes 0 and covers
    the planted effect, ``"C"`` when it covers both, ``"D"`` when it misses the planted effect.

    Parameters
    ----------
    data : ShopData
        The shop, with the ``winback`` and ``crm_truth`` tables.

    Returns
    -------
    Choice
        The right option and, for each wrong one, why it is wrong.
    """
    up = estimate_uplift(data.winback, arm="arm", outcome="reactivated", control="no_offer")
    row = up[up["arm"] == "offer"].iloc[0]
    truth = winback_truth(data)
    covers = row["ci_low"] <= truth <= row["ci_high"]
    excludes_zero = row["ci_low"] > 0 or row["ci_high"] < 0
    why = {
        "A": (
            "Khoảng tin cậy là một khoảng, không phải một điểm: nó nói rằng những giá trị trong "
            "khoảng đều phù hợp với dữ liệu; ước lượng điểm gần như không bao giờ trùng đúng hiệu "
            "ứng thật, kể cả khi phương pháp đúng."
        ),
        "B": (
            "Khoảng tin cậy 95 % có chứa 0, nên dữ liệu không loại trừ được khả năng ưu đãi không có "
            "tác dụng."
        ),
        "C": (
            "Khoảng tin cậy không chứa 0: với mức tin cậy 95 %, dữ liệu cho thấy ưu đãi có tác "
            "dụng — đừng đọc nó như 'chưa rõ'."
        ),
        "D": (
            "Khoảng tin cậy có chứa hiệu ứng thật cài sẵn trong trình mô phỏng: phương pháp tìm lại "
            "được nó."
        ),
    }
    if covers and excludes_zero:
        right = "B"
    elif covers:
        right = "C"
    else:
        right = "D"
    if not covers:
        why["B"] = why["C"] = (
            "Khoảng tin cậy không chứa hiệu ứng thật cài sẵn trong trình mô phỏng: lần này ước "
            "lượng lệch (điều xảy ra khoảng 5 lần trong 100 với khoảng 95 %)."
        )
    del why[right]
    return Choice(right, why=why)
