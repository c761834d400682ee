"""The frozen VietShop snapshot: loader, manifest, schema, rebuild, and the wheel that carries it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from importlib import metadata

import pandas as pd
import pandas.testing as pdt
import pytest
from conftest import ROOT

from ecrm_lab import _schema
from ecrm_lab._atomic import OutputPathError
from ecrm_lab.datapackage import PINNED_PACKAGES, read_manifest, verify_manifest
from ecrm_lab.datasets import data_dictionary, dataset_path, list_datasets, load_vietshop
from ecrm_lab.shopdata import ShopData
from ecrm_lab.synth import ShopConfig, simulate

FROZEN = ROOT / "datasets" / "vietshop"


@pytest.fixture(scope="module")
def frozen():
    return load_vietshop()


def _manifest():
    return json.loads((FROZEN / "MANIFEST.json").read_text(encoding="utf-8"))


def test_files_match_the_manifest():
    assert verify_manifest(FROZEN) == []


def test_manifest_records_how_it_was_made():
    m = read_manifest(FROZEN)  # either manifest format
    assert m["config"] == ShopConfig.preset("small").to_dict()
    assert set(PINNED_PACKAGES) <= set(m["packages"])
    assert set(_schema.TABLES) <= set(m["tables"])
    assert {f["path"] for t in _schema.TABLES for f in m["tables"][t]["files"]} == {
        f"{t}.csv" for t in _schema.TABLES
    }


def test_loader_restores_the_simulated_tables_exactly(frozen):
    m = _manifest()
    fresh = simulate(ShopConfig.from_dict(m["config"]), rng=m["seed"])
    assert frozen.table_names == fresh.table_names
    for name in fresh.table_names:
        pdt.assert_frame_equal(frozen[name], fresh[name], check_exact=False, rtol=1e-12)


def test_dtypes_are_restored(frozen):
    assert pd.api.types.is_datetime64_any_dtype(frozen.orders["order_date"])
    assert pd.api.types.is_datetime64_any_dtype(frozen.truth["churn_date"])
    assert isinstance(frozen.orders["status"].dtype, pd.CategoricalDtype)
    assert frozen.orders["amount"].dtype == "int64"
    assert frozen.customers["phone"].str.startswith("0").all()  # leading zeros survive the CSV
    assert frozen.truth["deal_seeker"].dtype == bool


def test_rebuild_gives_the_same_bytes(tmp_path):
    m = _manifest()
    installed = {p: metadata.version(p) for p in PINNED_PACKAGES}
    if installed != {p: m["packages"][p] for p in PINNED_PACKAGES}:
        pytest.skip(f"not the pinned environment ({installed} vs {m['packages']})")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_datasets", ROOT / "tools" / "build_datasets.py"
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert (tool.SEED, tool.PRESET) == (m["seed"], "small")
    out = tool.build(tmp_path / "vietshop")  # `make datasets`, into a scratch folder
    for table in _schema.TABLES:
        assert (out / f"{table}.csv").read_bytes() == (FROZEN / f"{table}.csv").read_bytes(), table
    assert verify_manifest(out) == []  # the tool's manifest covers every file it wrote
    assert set(read_manifest(out)["other_files"]) == {
        "DATASHEET.md",
        "config.yaml",
        "datapackage.json",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vietshop"]  # no temporary folder left


def test_datapackage_is_valid_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(FROZEN / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_datapackage_describes_every_column_in_both_languages():
    package = json.loads((FROZEN / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        header = pd.read_csv(FROZEN / resource["path"], nrows=0).columns.tolist()
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        assert all(f["title"] and f["description"] for f in fields)


def test_data_dictionary_and_list():
    dd = data_dictionary("orders", lang="en")
    assert dd["column"].tolist()[:2] == ["order_id", "customer_id"]
    assert len(data_dictionary()) == len(_schema.COLUMNS)
    assert "vietshop" in list_datasets()["name"].tolist()
    with pytest.raises(ValueError, match="lang"):
        data_dictionary(lang="fr")  # bad input: an unsupported language


def test_data_dictionary_speaks_the_chosen_language():
    from ecrm_lab import i18n

    en = data_dictionary("orders", lang="en").set_index("column").loc["amount"]
    vi = data_dictionary("orders", lang="vi").set_index("column").loc["amount"]
    assert (en["type"], en["unit"], en["description"]) == (
        "integer",
        "VND",
        "Amount paid (after discount)",
    )
    assert (vi["type"], vi["unit"], vi["description"]) == (
        "số nguyên",
        "đồng",
        "Số tiền khách trả (sau giảm giá)",
    )
    with i18n.language("en"):  # no lang argument: the session's language decides
        assert data_dictionary("orders").set_index("column").loc["amount", "unit"] == "VND"
    with i18n.language("vi"):
        assert data_dictionary("orders").set_index("column").loc["amount", "unit"] == "đồng"
    assert (
        data_dictionary(lang="vi").columns.tolist() == data_dictionary(lang="en").columns.tolist()
    )


def test_load_vietshop_docstring_names_every_table(frozen):
    assert frozen.table_names == _schema.TABLES
    for table in _schema.TABLES:
        assert f"``{table}``" in load_vietshop.__doc__, table


def test_loaded_tables_are_copies():
    first = load_vietshop()
    first.orders.loc[:, "amount"] = 0  # a student overwrites a column ...
    first.customers.loc[:, "birth_year"] = 0  # ... and another one
    second = load_vietshop()
    assert second.orders["amount"].gt(0).any() and second.customers["birth_year"].gt(1900).all()
    assert second.orders is not first.orders


def test_cache_notices_a_changed_folder(tmp_path, monkeypatch, tiny_shop):
    monkeypatch.setenv("ECRM_LAB_DATA", str(tmp_path))
    tiny_shop.save(tmp_path / "vietshop")
    assert len(load_vietshop().customers) == 200
    smaller = ShopData({**tiny_shop.tables, "customers": tiny_shop.customers.iloc[:50]})
    smaller.save(tmp_path / "vietshop", overwrite=True)
    assert len(load_vietshop().customers) == 50


def test_load_provinces_returns_a_copy():
    from ecrm_lab.synth.people import load_provinces

    first = load_provinces()
    first.loc[:, "customer_weight"] = 0.0  # bad use: editing the shared table in place
    first.loc[:, "province"] = "nowhere"
    second = load_provinces()
    assert second["customer_weight"].sum() == pytest.approx(1.0)
    assert "Hà Nội" in second["province"].tolist()


def test_unknown_dataset_lists_the_choices():
    with pytest.raises(ValueError, match="available: vietshop"):
        load_vietshop("cdnow2")


def test_env_var_points_to_another_copy(tmp_path, monkeypatch, tiny_shop):
    tiny_shop.save(tmp_path / "vietshop")
    monkeypatch.setenv("ECRM_LAB_DATA", str(tmp_path))
    assert dataset_path() == tmp_path / "vietshop"
    assert len(load_vietshop().customers) == len(tiny_shop.customers)


def test_env_var_at_a_missing_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ECRM_LAB_DATA", str(tmp_path / "nowhere"))  # bad input: missing folder
    with pytest.raises(FileNotFoundError, match=r"ECRM_LAB_DATA=.*nowhere.*does not exist"):
        load_vietshop()


def test_env_var_at_a_file_is_an_error(tmp_path, monkeypatch):
    f = tmp_path / "data.csv"
    f.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ECRM_LAB_DATA", str(f))  # bad input: a file
    with pytest.raises(NotADirectoryError, match=r"data\.csv' is a file, not a folder"):
        load_vietshop()


def test_env_var_at_an_empty_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ECRM_LAB_DATA", str(tmp_path))  # bad input: an empty folder
    with pytest.raises(FileNotFoundError, match="the folder is empty.*unset it"):
        dataset_path()


def test_env_var_at_a_folder_without_the_data_set(tmp_path, monkeypatch, tiny_shop):
    (tmp_path / "other").mkdir()
    monkeypatch.setenv("ECRM_LAB_DATA", str(tmp_path))  # bad input: no vietshop/ inside
    with pytest.raises(FileNotFoundError, match="holds no data set 'vietshop'"):
        load_vietshop()
    tiny_shop.save(tmp_path / "direct")
    monkeypatch.setenv("ECRM_LAB_DATA", str(tmp_path / "direct"))  # the data set itself
    with pytest.raises(FileNotFoundError, match="set ECRM_LAB_DATA to its parent folder"):
        load_vietshop()


def test_missing_data_says_how_to_fix(tmp_path, monkeypatch):
    import ecrm_lab.datasets as ds

    monkeypatch.setattr(ds, "_candidates", lambda name: [tmp_path / name])
    with pytest.raises(FileNotFoundError, match="ECRM_LAB_DATA"):
        ds.load_vietshop()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_save_load_round_trip(tmp_path, tiny_shop, fmt):
    out = tiny_shop.save(tmp_path / "shop", format=fmt)
    back = ShopData.load(out)
    for name in tiny_shop.table_names:
        pdt.assert_frame_equal(back[name], tiny_shop[name], check_exact=False, rtol=1e-12)
    assert back.config == tiny_shop.config


def test_save_refuses_a_folder_with_files(tmp_path, tiny_shop):
    out = tmp_path / "shop"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputPathError, match="already holds files.*overwrite=True"):
        tiny_shop.save(out)  # bad input: a folder that holds someone's notes
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(OutputPathError, match=r"holds 1 file\(s\) that ecrm-lab did not write"):
        tiny_shop.save(out, overwrite=True)  # overwriting never deletes someone's notes
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    (out / "notes.txt").unlink()
    tiny_shop.save(out)
    tiny_shop.save(out, overwrite=True)  # its own earlier output: replaced
    assert (out / "orders.csv").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["shop"]  # no temporary folders left behind


def test_save_refuses_a_file_and_bad_format(tmp_path, tiny_shop):
    f = tmp_path / "file.csv"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(OutputPathError, match="is a file"):
        tiny_shop.save(f)  # bad input: an existing file as the output folder
    with pytest.raises(ValueError, match="csv, parquet"):
        tiny_shop.save(tmp_path / "x", format="xlsx")


def test_shopdata_errors(tiny_shop, tmp_path):
    with pytest.raises(AttributeError, match="its tables are: customers"):
        tiny_shop.ordres  # noqa: B018 (the attribute access is what raises)
    with pytest.raises(TypeError, match="must be DataFrames"):
        ShopData({"orders": [1, 2]})
    with pytest.raises(FileNotFoundError, match="no shop data folder"):
        ShopData.load(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no .csv or .parquet"):
        ShopData.load(tmp_path / "empty")


def test_extra_tables_plug_in(tiny_shop, tmp_path):
    extra = ShopData({**tiny_shop.tables, "vouchers": pd.DataFrame({"voucher_id": ["V1"]})})
    assert extra.table_names[-1] == "vouchers"
    back = ShopData.load(extra.save(tmp_path / "s"))
    assert back.vouchers["voucher_id"].tolist() == ["V1"]


def _site_packages() -> list[str]:
    import site

    return [p for p in site.getsitepackages() if "site-packages" in p]


@pytest.mark.slow
def test_the_wheel_carries_the_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("ecrm_lab-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "ecrm_lab/_frozen/vietshop/orders.csv" in names
    assert "ecrm_lab/data/vi_names/family_names.csv" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import ecrm_lab, pathlib; d = ecrm_lab.load_vietshop(); "
        "p = ecrm_lab.datasets.dataset_path(); print(len(d.orders), p)"
    )
    # a clean interpreter that sees only the unpacked wheel (not the clone's datasets/ folder)
    out = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            f"import sys; sys.path[:0] = {[str(site), *_site_packages()]!r}; {code}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    n, path = out.stdout.split()
    assert int(n) == len(load_vietshop().orders)
    assert path.startswith(str(site))
