"""Rebuild ``datasets/vietshop`` — the frozen VietShop snapshot every notebook loads.

Run with ``make datasets``. The snapshot is the ``small`` preset simulated with ``SEED``; the folder gets
the tables as CSV, ``config.yaml``, ``DATASHEET.md`` (from ``tools/datasheet_vietshop.md``),
``datapackage.json`` and ``MANIFEST.json``. It is written into a temporary folder that replaces the old one only when complete
(:func:`ecrm_lab._atomic.atomic_output`).
"""

from __future__ import annotations

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = 20_251_231
PRESET = "small"


def build(out: pathlib.Path) -> pathlib.Path:
    from ecrm_lab._atomic import atomic_output
    from ecrm_lab.synth import ShopConfig, simulate

    cfg = ShopConfig.preset(PRESET)
    data = simulate(cfg, rng=SEED)
    with atomic_output(out, overwrite=True) as tmp:
        _fill(tmp, data, cfg)
    return out


def _fill(tmp: pathlib.Path, data, cfg) -> None:
    from ecrm_lab.datapackage import provenance, read_manifest, write_datapackage, write_manifest

    data.save(tmp, format="csv", overwrite=True)
    o, c = data.orders, data.customers
    facts = {
        "n_customers": f"{len(c):,}",
        "n_products": f"{len(data.products):,}",
        "n_orders": f"{len(o):,}",
        "n_items": f"{len(data.order_items):,}",
        "n_sessions": f"{len(data.sessions):,}",
        "start": cfg.start_date,
        "end": cfg.end_date,
        "seed": SEED,
        "preset": PRESET,
        "nguyen": f"{(c['full_name'].str.split().str[0] == 'Nguyễn').mean():.1%}",
        "hcm_hn": f"{c['province'].isin(['TP Hồ Chí Minh', 'Hà Nội']).mean():.1%}",
        "cod": f"{(o['payment_method'] == 'cod').mean():.1%}",
        "failed": f"{(o['status'] != 'completed').mean():.1%}",
        "aov": f"{o['amount'].mean():,.0f}",
        "active": f"{data.truth['churn_date'].isna().mean():.1%}",
        "r": cfg.r,
        "alpha": cfg.alpha,
        "a": cfg.a,
        "b": cfg.b,
        "mean_rate": f"{cfg.mean_purchase_rate:.4f}",
        "mean_dropout": f"{cfg.mean_dropout:.3f}",
        "mov": f"{cfg.mean_order_value:,.0f}",
        "n_prospects": f"{len(data.prospects):,}",
        "n_touchpoints": f"{len(data.touchpoints):,}",
        "n_campaigns": f"{len(data.campaigns):,}",
        "n_spend": f"{len(data.marketing_spend):,}",
        "n_chats": f"{len(data.sales_chats):,}",
        "n_messages": f"{len(data.chat_messages):,}",
        "n_params": f"{len(data.truth_params):,}",
        "tv_decay": cfg.tv_decay,
        "tv_lag": cfg.tv_lag_days,
        "tv_effect": cfg.tv_effect,
    }
    facts.update({f"rows_{name}": f"{len(df):,}" for name, df in data.tables.items()})
    template = (ROOT / "tools" / "datasheet_vietshop.md").read_text(encoding="utf-8")
    (tmp / "DATASHEET.md").write_text(template.format(**facts), encoding="utf-8")
    write_datapackage(
        tmp,
        name="vietshop",
        title="VietShop – dữ liệu mô phỏng một nhà bán lẻ điện tử Việt Nam (simulated Vietnamese e-retailer)",
        description=(
            "Simulated customers, products, orders, order lines, sessions, prospects, touchpoints, campaigns, "
            "marketing spend, sales chats and the hidden truth of a "
            f"fictional Vietnamese e-retailer, preset '{PRESET}', seed {SEED}. See DATASHEET.md."
        ),
        tables={name: data[name] for name in data.table_names},
    )
    # save() wrote a manifest of the tables; write it again so that it also covers DATASHEET.md and
    # datapackage.json and records how the data were made.
    tables = {n: [f["path"] for f in e["files"]] for n, e in read_manifest(tmp)["tables"].items()}
    write_manifest(tmp, tables, fmt="csv", config=cfg.to_dict(), provenance=provenance(SEED))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "datasets" / "vietshop")
    args = parser.parse_args(argv)
    path = build(args.out)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
