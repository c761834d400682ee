"""Saving and loading data folders: atomic output under every ending, the manifest, and load errors.

Each test names the bad input it feeds. The interrupted-write tests run a child process that blocks in
the middle of writing (on a pipe, not on a timer) and is then sent SIGTERM or SIGHUP.
"""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import signal
import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from conftest import ROOT

from ecrm_lab import _schema
from ecrm_lab._atomic import OutputPathError, atomic_output, check_output_path
from ecrm_lab._manifest import (
    MANIFEST,
    DataFileError,
    read_manifest,
    sha256_of,
    verify_manifest,
    write_manifest,
)
from ecrm_lab.errors import InputError
from ecrm_lab.shopdata import ShopData, restore_dtypes


def _leftovers(folder: pathlib.Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


def _old_folder(tmp_path: pathlib.Path) -> pathlib.Path:
    out = tmp_path / "shop"
    out.mkdir()
    (out / "old.csv").write_text("keep,me\n1,2\n", encoding="utf-8")
    return out


# ---------------------------------------------------------------------------- atomic output: paths
@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_output_path_is_refused(tmp_path, monkeypatch, bad, tiny_shop):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputPathError, match="path is empty.*Fix: name a folder"):
        with atomic_output(bad):  # bad input: --out ''
            pass
    with pytest.raises(OutputPathError, match="path is empty"):
        tiny_shop.save(bad)
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (".", "path is empty or '.'"),
        (pathlib.Path(""), "path is empty or '.'"),  # what argparse makes of --out ''
        ("..", "current folder or one of its parents"),
        ("sub/..", "current folder or one of its parents"),
    ],
)
def test_current_folder_and_its_parents_are_refused(tmp_path, monkeypatch, bad, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with pytest.raises(OutputPathError, match=message):
        with atomic_output(bad, overwrite=True):  # bad input: the current folder (Path('') is '.')
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub"]


def test_existing_file_is_refused(tmp_path):
    f = tmp_path / "shop.csv"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(OutputPathError, match=r"shop\.csv' is a file, not a folder"):
        with atomic_output(f, overwrite=True):  # bad input: an existing file
            pass
    assert f.read_text(encoding="utf-8") == "x" and _leftovers(tmp_path) == []


@pytest.mark.parametrize("below", ["out", "a/b/out"])
def test_path_below_a_file_is_refused(tmp_path, below):
    f = tmp_path / "notes.txt"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(
        OutputPathError, match=r"lies below the file .*notes\.txt'.*Fix: choose an output folder"
    ):
        with atomic_output(f / below):  # bad input: a path below a file
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_non_empty_folder_needs_overwrite_and_the_message_names_the_option(tmp_path):
    out = _old_folder(tmp_path)
    with pytest.raises(OutputPathError, match=r"shop' already holds files.*\(overwrite=True / --"):
        with atomic_output(out):  # bad input: a folder that holds files
            pass
    with pytest.raises(OutputPathError, match="choose an empty folder or add --overwrite$"):
        check_output_path(out, force_hint="add --overwrite")
    assert (out / "old.csv").is_file()


def test_output_path_error_is_an_input_error_and_pickles(tmp_path):
    err = pytest.raises(OutputPathError, check_output_path, "").value
    assert isinstance(err, InputError) and isinstance(err, ValueError)
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) and back.fix == err.fix


# ---------------------------------------------------------------------------- atomic output: endings
def test_success_replaces_the_old_folder_only_at_the_end(tmp_path):
    out = _old_folder(tmp_path)
    with atomic_output(out, overwrite=True) as tmp:
        assert tmp.parent == tmp.parent and tmp.name.startswith(".shop.tmp-")
        (tmp / "new.csv").write_text("a\n1\n", encoding="utf-8")
        (tmp / "old.csv").write_text("new,content\n", encoding="utf-8")  # its own earlier output
        assert (out / "old.csv").read_text(encoding="utf-8") == "keep,me\n1,2\n"  # intact meanwhile
    assert sorted(p.name for p in out.iterdir()) == ["new.csv", "old.csv"]
    assert (out / "old.csv").read_text(encoding="utf-8") == "new,content\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("ending", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_an_exception_or_ctrl_c_leaves_the_old_folder(tmp_path, ending):
    out = _old_folder(tmp_path)
    with pytest.raises(type(ending)):
        with atomic_output(out, overwrite=True) as tmp:
            (tmp / "new.csv").write_text("half", encoding="utf-8")
            raise ending  # bad ending: the write fails half-way
    assert sorted(p.name for p in out.iterdir()) == ["old.csv"]
    assert _leftovers(tmp_path) == []


def test_a_failed_first_write_leaves_nothing(tmp_path):
    with pytest.raises(ValueError):
        with atomic_output(tmp_path / "new" / "shop"):
            raise ValueError("boom")
    assert list((tmp_path / "new").iterdir()) == []


def test_signal_handlers_are_restored(tmp_path):
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    with atomic_output(tmp_path / "a"):
        assert signal.getsignal(signal.SIGTERM) is not before[0]  # ours while writing
    with pytest.raises(ZeroDivisionError):
        with atomic_output(tmp_path / "b"):
            1 / 0  # noqa: B018
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before


def test_an_ignored_sighup_stays_ignored(tmp_path):
    old = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with atomic_output(tmp_path / "a"):
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, old)


def test_works_outside_the_main_thread(tmp_path):
    errors = []

    def write():
        try:
            with atomic_output(tmp_path / "t") as tmp:
                (tmp / "x.csv").write_text("x\n", encoding="utf-8")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=write)
    t.start()
    t.join()
    assert errors == [] and (tmp_path / "t" / "x.csv").is_file()


_BLOCKING_WRITE = """
import pathlib, sys
from ecrm_lab._atomic import atomic_output
out = pathlib.Path(sys.argv[1])
with atomic_output(out, overwrite=True) as tmp:
    (tmp / "new.csv").write_text("half-written", encoding="utf-8")
    print("WRITING", flush=True)
    sys.stdin.readline()  # blocks until the test has sent its signal (nothing is ever written)
print("FINISHED", flush=True)
"""

_BLOCKING_SAVE = """
import pathlib, sys
import pandas as pd
from ecrm_lab.synth import ShopConfig, simulate
data = simulate(ShopConfig.preset("tiny"), rng=3)
real = pd.DataFrame.to_csv
calls = []
def slow_to_csv(self, *args, **kwargs):  # the third table blocks half-way through the save
    real(self, *args, **kwargs)
    calls.append(1)
    if len(calls) == 3:
        print("WRITING", flush=True)
        sys.stdin.readline()
pd.DataFrame.to_csv = slow_to_csv
data.save(sys.argv[1], overwrite=True)
print("FINISHED", flush=True)
"""


@pytest.mark.parametrize("script", [_BLOCKING_WRITE, _BLOCKING_SAVE], ids=["atomic_output", "save"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_in_the_middle_of_writing_leaves_the_old_folder(tmp_path, script, sig):
    out = _old_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "WRITING", proc.stderr.read()
        assert [p for p in tmp_path.iterdir() if ".tmp-" in p.name]  # it is really half-way
        proc.send_signal(sig)  # bad ending: the process is told to stop
        rest, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:  # pragma: no cover - only when the test fails
            proc.kill()
            proc.wait()
    assert proc.returncode == -sig, err  # it still ends by the signal, as the caller expects
    assert "FINISHED" not in rest
    assert _leftovers(tmp_path) == []
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# ---------------------------------------------------------------------------- manifest
@pytest.fixture
def saved(tmp_path, tiny_shop):
    return tiny_shop.save(tmp_path / "shop")


def test_save_writes_a_manifest_of_rows_and_sha256(saved, tiny_shop):
    m = read_manifest(saved)
    assert m["manifest_version"] == 1 and m["schema_version"] == _schema.SCHEMA_VERSION
    assert m["format"] == "csv" and list(m["tables"]) == list(tiny_shop.table_names)
    for name, entry in m["tables"].items():
        (record,) = entry["files"]
        assert entry["rows"] == record["rows"] == len(tiny_shop[name])
        assert record["sha256"] == sha256_of(saved / record["path"])
    assert set(m["other_files"]) == {"config.yaml"}
    assert m["config"] == tiny_shop.config
    assert verify_manifest(saved) == []


def test_save_is_byte_reproducible(tmp_path, tiny_shop):
    a = tiny_shop.save(tmp_path / "a")
    b = tiny_shop.save(tmp_path / "b")
    assert (a / MANIFEST).read_bytes() == (b / MANIFEST).read_bytes()


def test_counting_rows_respects_quoted_line_breaks(tmp_path):
    df = pd.DataFrame({"parameter": ["a", "b"], "value": [1.0, 2.0], "description": ["x\ny", "z"]})
    data = ShopData({"truth_params": df})
    out = data.save(tmp_path / "s")
    assert read_manifest(out)["tables"]["truth_params"]["rows"] == 2
    pdt.assert_frame_equal(ShopData.load(out).truth_params, data.truth_params)


def test_verify_reports_every_kind_of_change(saved):
    lines = (saved / "orders.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (saved / "orders.csv").write_text("".join(lines[:-3]), encoding="utf-8")
    (saved / "products.csv").unlink()
    (saved / "notes.txt").write_text("mine", encoding="utf-8")
    (saved / "config.yaml").write_text("seed: 1\n", encoding="utf-8")
    problems = verify_manifest(saved)
    n = len(lines) - 1
    assert problems == [
        "products.csv (table products): listed in the manifest but missing",
        f"orders.csv (table orders): {n - 3} row(s), the manifest records {n}: "
        "the file was truncated or edited",
        "config.yaml: sha256 differs from the manifest",
        "notes.txt: present but not listed in the manifest",
    ]


# ---------------------------------------------------------------------------- load errors
def _edit_csv(path: pathlib.Path, row: int, column: str, value: str) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[row, column] = value
    df.to_csv(path, index=False, lineterminator="\n")


def test_round_trip_checks_pass(saved, tiny_shop):
    back = ShopData.load(saved)
    for name in tiny_shop.table_names:
        pdt.assert_frame_equal(back[name], tiny_shop[name], check_exact=False, rtol=1e-12)


def test_missing_table(saved):
    (saved / "products.csv").unlink()  # bad input: a table listed in the manifest is gone
    err = pytest.raises(DataFileError, ShopData.load, saved).value
    assert (err.file, err.table) == ("products.csv", "products")
    assert "listed in MANIFEST.json but missing" in str(err)


def test_truncated_file_at_a_line_end(saved, tiny_shop):
    path = saved / "orders.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:100]), encoding="utf-8")  # bad input: file truncated
    err = pytest.raises(DataFileError, ShopData.load, saved).value
    assert (err.file, err.table) == ("orders.csv", "orders")
    assert f"99 row(s), the manifest records {len(tiny_shop.orders):,}: the file was truncated" in (
        str(err)
    )


def test_truncated_file_in_the_middle_of_a_row(saved):
    path = saved / "orders.csv"
    data = path.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 12
    path.write_bytes(data[:cut])  # bad input: file cut in the middle of a line
    err = pytest.raises(DataFileError, ShopData.load, saved).value
    assert (err.file, err.table) == ("orders.csv", "orders")
    assert "truncated" in str(err)


def test_truncated_parquet_file(tmp_path, tiny_shop):
    out = tiny_shop.save(tmp_path / "pq", format="parquet")
    path = out / "orders.parquet"
    path.write_bytes(path.read_bytes()[:-100])  # bad input: file truncated
    err = pytest.raises(DataFileError, ShopData.load, out).value
    assert (err.file, err.table) == ("orders.parquet", "orders")
    assert "cannot be read (truncated or damaged?)" in str(err)


def test_row_count_edited_in_the_manifest(saved, tiny_shop):
    m = json.loads((saved / MANIFEST).read_text(encoding="utf-8"))
    m["tables"]["customers"]["rows"] += 1  # bad input: row count edited
    (saved / MANIFEST).write_text(json.dumps(m), encoding="utf-8")
    err = pytest.raises(DataFileError, ShopData.load, saved).value
    assert err.table == "customers"
    assert f"{len(tiny_shop.customers)} row(s) in all, the manifest records 201" in str(err)


@pytest.mark.parametrize("verify", [True, False])
def test_a_value_that_does_not_cast_names_file_column_and_row(saved, verify):
    _edit_csv(saved / "orders.csv", 6, "amount", "abc")  # bad input: "abc" in an int column
    err = pytest.raises(DataFileError, ShopData.load, saved, verify=verify).value
    assert (err.file, err.table, err.column, err.row) == ("orders.csv", "orders", "amount", 6)
    assert "1 value(s) are not a whole number, first 'abc' (line 8 of the file)" in str(err)
    assert isinstance(err, InputError) and isinstance(err, ValueError)


@pytest.mark.parametrize(
    ("table", "column", "value", "problem"),
    [
        ("orders", "order_date", "yesterday", "are not a date and time"),
        ("customers", "signup_date", "2024-02-30", "are not a date"),
        ("orders", "discount", "12.5", "are not whole numbers"),
        ("products", "margin", "high", "are not a number"),
        ("truth", "deal_seeker", "maybe", "are not True or False"),
    ],
)
def test_more_values_that_do_not_cast(saved, table, column, value, problem):
    _edit_csv(saved / f"{table}.csv", 3, column, value)  # bad input: a value of the wrong kind
    err = pytest.raises(DataFileError, ShopData.load, saved).value
    assert (err.file, err.column, err.row) == (f"{table}.csv", column, 3)
    assert problem in str(err) and f"first {value}" in str(err).replace("'", "")


def test_unknown_category_is_an_error_not_nan(saved):
    _edit_csv(saved / "orders.csv", 4, "status", "shipped")  # bad input: unknown category
    err = pytest.raises(DataFileError, ShopData.load, saved, verify=False).value
    assert (err.table, err.column, err.row) == ("orders", "status", 4)
    assert "not among the categories completed, cancelled, returned, first 'shipped'" in str(err)


def test_restore_dtypes_refuses_an_unknown_category():
    df = pd.DataFrame({"order_id": ["O1", "O2"], "status": ["completed", "lost"]})
    err = pytest.raises(InputError, restore_dtypes, df, "orders").value  # bad input: "lost"
    assert (err.table, err.column, err.row) == ("orders", "status", 1)
    assert restore_dtypes(df.iloc[:1], "orders")["status"].tolist() == ["completed"]


@pytest.mark.parametrize("kind", ["category", "str", "object"])
def test_restore_dtypes_recodes_text_and_categorical_columns_to_the_schema(kind):
    # categorical and Arrow text inputs are recoded by codes / dictionary, object ones cast: the
    # same documented categories and values, unused and reordered categories and missing values
    text = ["returned", None, "completed", "returned"]
    if kind == "category":
        status = pd.Categorical(text, categories=["returned", "lost", "completed"])
    else:
        status = pd.Series(text, dtype=kind)
    df = pd.DataFrame({"order_id": ["O1", "O2", "O3", "O4"], "status": status})
    got = restore_dtypes(df, "orders")["status"]
    want = pd.Series(
        pd.Categorical(text, categories=["completed", "cancelled", "returned"]), name="status"
    )
    pdt.assert_series_equal(got, want)
    assert str(got.cat.categories.dtype) == "str"


@pytest.mark.parametrize("kind", ["category", "str"])
def test_restore_dtypes_gives_a_column_without_documented_categories_its_used_values(kind):
    prov = pd.Categorical(["Huế", "Cần Thơ", "Huế"], categories=["Huế", "Hà Nội", "Cần Thơ"])
    prov = prov if kind == "category" else pd.Series(prov.astype(str), dtype="str")
    df = pd.DataFrame({"customer_id": ["a", "b", "c"], "province": prov})
    got = restore_dtypes(df, "customers")["province"]
    assert list(got.cat.categories) == ["Cần Thơ", "Huế"]  # sorted; "Hà Nội" is not used
    assert got.tolist() == ["Huế", "Cần Thơ", "Huế"]


def test_restore_dtypes_refuses_an_unknown_category_in_a_categorical_column():
    cat = pd.Categorical(["completed", "lost"])  # bad input: "lost" is not an order status
    df = pd.DataFrame({"order_id": ["O1", "O2"], "status": cat})
    err = pytest.raises(InputError, restore_dtypes, df, "orders").value
    assert (err.table, err.column, err.row) == ("orders", "status", 1)
    assert "first 'lost'" in str(err)


def test_duplicated_primary_key(saved):
    path = saved / "customers.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[5]]), encoding="utf-8")  # bad input: duplicated key
    err = pytest.raises(DataFileError, ShopData.load, saved, verify=False).value
    assert (err.table, err.column, err.row) == ("customers", "customer_id", len(lines) - 1)
    assert "1 duplicated primary key value(s), first 'KH" in str(err)
    err = pytest.raises(DataFileError, ShopData.load, saved).value  # the manifest notices first
    assert "the manifest records" in str(err)


def test_duplicated_composite_key_without_a_manifest(saved):
    (saved / MANIFEST).unlink()
    df = pd.read_csv(saved / "order_items.csv", dtype=str)
    pd.concat([df, df.iloc[[2]]]).to_csv(saved / "order_items.csv", index=False)
    err = pytest.raises(DataFileError, ShopData.load, saved).value  # bad input: duplicated key
    assert (err.table, err.column) == ("order_items", "order_id, line_no")


def test_missing_column(saved):
    df = pd.read_csv(saved / "orders.csv", dtype=str)
    df.drop(columns="status").to_csv(saved / "orders.csv", index=False)  # bad input: column gone
    err = pytest.raises(DataFileError, ShopData.load, saved).value
    assert (err.file, err.column) == ("orders.csv", "status")


def test_edited_but_valid_file_is_noticed_unless_verify_is_off(saved):
    _edit_csv(saved / "orders.csv", 0, "amount", "1")  # bad input: a value edited by hand
    err = pytest.raises(DataFileError, ShopData.load, saved).value
    assert "content differs from the manifest" in str(err) and "verify=False" in str(err)
    assert ShopData.load(saved, verify=False).orders["amount"].iloc[0] == 1


def test_empty_file(saved):
    (saved / "campaigns.csv").write_bytes(b"")  # bad input: a zero-byte file
    err = pytest.raises(DataFileError, ShopData.load, saved).value
    assert (err.file, err.table) == ("campaigns.csv", "campaigns") and "is empty" in str(err)


def test_broken_manifest_json(saved):
    (saved / MANIFEST).write_text("{not json", encoding="utf-8")  # bad input: broken manifest
    with pytest.raises(DataFileError, match="MANIFEST.json: is not valid JSON"):
        ShopData.load(saved)


# ---------------------------------------------------------------------------- table names
@pytest.mark.parametrize("bad", ["../x", "a/b", "a\\b", ".hidden", "", "two words"])
def test_table_names_that_could_leave_the_folder_are_refused(bad):
    with pytest.raises(InputError, match="is not a valid table name"):
        ShopData({bad: pd.DataFrame({"a": [1]})})  # bad input: a table name with a path in it


def test_manifest_with_a_bad_table_name_or_path(saved):
    m = json.loads((saved / MANIFEST).read_text(encoding="utf-8"))
    m["tables"]["../x"] = m["tables"].pop("orders")  # bad input: `../x` as a table name
    (saved / MANIFEST).write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"table name '\.\./x'"):
        ShopData.load(saved)
    m["tables"]["orders"] = m["tables"].pop("../x")
    m["tables"]["orders"]["files"][0]["path"] = "../../etc/passwd"  # bad input: path outside
    (saved / MANIFEST).write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(DataFileError, match="points outside the data folder"):
        ShopData.load(saved)


def test_a_file_whose_name_is_not_a_table_name(saved):
    (saved / MANIFEST).unlink()
    (saved / "my orders.csv").write_text("a\n1\n", encoding="utf-8")  # bad input: odd file name
    with pytest.raises(DataFileError, match="'my orders' is not a valid table name"):
        ShopData.load(saved)


def test_a_table_stored_twice(saved, tiny_shop):
    (saved / MANIFEST).unlink()
    tiny_shop.orders.to_parquet(saved / "orders.parquet")  # bad input: orders.csv and .parquet
    with pytest.raises(DataFileError, match="stored twice"):
        ShopData.load(saved)


# ---------------------------------------------------------------------------- layouts
def _compact(df: pd.DataFrame) -> pd.DataFrame:
    """The compact dtypes of a Parquet dataset: category, int32, float32."""
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if pd.api.types.is_integer_dtype(s) and str(s.dtype) == "int64":
            out[c] = s.astype(np.int32)
        elif str(s.dtype) == "float64":
            out[c] = s.astype(np.float32)
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            if c not in ("text", "full_name", "email"):
                out[c] = s.astype("category")
    return out


def _write_dataset(folder: pathlib.Path, data: ShopData, parts: int = 2) -> dict:
    folder.mkdir()
    files = {}
    for name in data.table_names:
        (folder / name).mkdir()
        files[name] = []
        for i, chunk in enumerate(np.array_split(np.arange(len(data[name])), parts)):
            rel = f"{name}/part-{i:05d}.parquet"
            _compact(data[name].iloc[chunk]).to_parquet(folder / rel, index=False)
            files[name].append(rel)
    return files


def test_parquet_dataset_folders_with_compact_dtypes(tmp_path, tiny_shop):
    files = _write_dataset(tmp_path / "ds", tiny_shop)
    write_manifest(tmp_path / "ds", files, fmt="parquet")
    back = ShopData.load(tmp_path / "ds")
    assert back.table_names == tiny_shop.table_names
    for name in tiny_shop.table_names:
        pdt.assert_frame_equal(
            back[name], tiny_shop[name], check_exact=False, rtol=1e-6, check_categorical=False
        )
    assert back.orders["amount"].dtype == "int64"
    assert list(back.orders["status"].cat.categories) == ["completed", "cancelled", "returned"]


def test_a_bad_part_file_is_named(tmp_path, tiny_shop):
    files = _write_dataset(tmp_path / "ds", tiny_shop)
    write_manifest(tmp_path / "ds", files, fmt="parquet")
    part = tmp_path / "ds" / "orders" / "part-00001.parquet"
    df = pd.read_parquet(part)
    df["amount"] = df["amount"].astype(np.float64) + 0.5  # bad input: wrong type (not whole)
    df.to_parquet(part, index=False)
    err = pytest.raises(DataFileError, ShopData.load, tmp_path / "ds").value
    assert (err.file, err.table, err.column, err.row) == (
        "orders/part-00001.parquet",
        "orders",
        "amount",
        0,
    )
    assert "are not whole numbers" in str(err)


def test_parquet_dataset_without_a_manifest(tmp_path, tiny_shop):
    _write_dataset(tmp_path / "ds", tiny_shop, parts=3)
    back = ShopData.load(tmp_path / "ds")
    assert len(back.sessions) == len(tiny_shop.sessions)
    part = tmp_path / "ds" / "customers" / "part-00002.parquet"
    df = pd.read_parquet(part)
    df["acquisition_channel"] = df["acquisition_channel"].cat.add_categories("tv_shopping")
    df.loc[df.index[1], "acquisition_channel"] = "tv_shopping"  # bad input: unknown category
    df.to_parquet(part, index=False)
    err = pytest.raises(DataFileError, ShopData.load, tmp_path / "ds").value
    assert (err.file, err.column, err.row) == (
        "customers/part-00002.parquet",
        "acquisition_channel",
        1,
    )


def test_the_frozen_first_manifest_format_is_still_read(tmp_path, tiny_shop):
    out = tiny_shop.save(tmp_path / "old")
    files = {p.name: sha256_of(p) for p in out.iterdir() if p.name != MANIFEST}
    legacy = {"seed": 1, "config": {}, "files": files}
    (out / MANIFEST).write_text(json.dumps(legacy), encoding="utf-8")
    m = read_manifest(out)
    assert m["manifest_version"] == 0 and set(m["tables"]) == set(tiny_shop.table_names)
    assert len(ShopData.load(out).orders) == len(tiny_shop.orders)
    _edit_csv(out / "orders.csv", 2, "amount", "7")  # bad input: edited file
    with pytest.raises(DataFileError, match="content differs from the manifest"):
        ShopData.load(out)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("a,b\n1,2\n3,4\n", 2),
        ("a,b\n1,2\n3,4", 2),  # no line end after the last record
        ('a,b\n1,"x\ny"\n3,4\n', 2),  # a quoted line break is not a record
        ("a,b\n", 0),
        ("", 0),
    ],
)
def test_count_rows(tmp_path, text, rows):
    from ecrm_lab._manifest import count_rows

    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    assert count_rows(path) == rows


def test_overwrite_never_deletes_files_ecrm_lab_did_not_write(tmp_path):
    # bad-input review: `generate --force` into a folder holding a user's notes deleted them silently
    out = tmp_path / "shop"
    (out / "thesis").mkdir(parents=True)
    (out / "my_notes.txt").write_text("mine", encoding="utf-8")
    (out / "thesis" / "chapter1.docx").write_text("draft", encoding="utf-8")
    (out / ".hidden").write_text("x", encoding="utf-8")
    with pytest.raises(OutputPathError) as err:
        with atomic_output(out, overwrite=True) as tmp:
            (tmp / "customers.csv").write_text("customer_id\n", encoding="utf-8")
    msg = str(err.value)
    assert "holds 3 file(s) that ecrm-lab did not write" in msg
    assert ".hidden" in msg and "my_notes.txt" in msg and "move those files away" in msg
    assert (out / "my_notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "thesis" / "chapter1.docx").exists() and not (out / "customers.csv").exists()
    assert not list(tmp_path.glob(".shop*"))  # no temporary folder left behind


def test_overwrite_replaces_its_own_output_including_files_the_old_manifest_lists(tmp_path):
    from ecrm_lab.synth import ShopConfig, simulate

    out = tmp_path / "shop"
    data = simulate(ShopConfig.preset("tiny"), rng=3)
    data.save(out)
    (out / "orders.csv").rename(out / "orders_old_name.csv")  # not in the manifest: foreign
    with pytest.raises(OutputPathError, match="orders_old_name.csv"):
        data.save(out, overwrite=True)
    (out / "orders_old_name.csv").rename(out / "orders.csv")
    data.save(out, overwrite=True)  # only its own files: replaced
    assert (out / "MANIFEST.json").exists()
