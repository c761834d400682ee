"""``ecrm-lab generate``: writes a loadable folder, refuses to clobber, reports errors in one line."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pandas.testing as pdt
import pytest
import yaml

from ecrm_lab._schema import TABLES
from ecrm_lab.cli import main
from ecrm_lab.shopdata import ShopData, restore_dtypes
from ecrm_lab.synth import ShopConfig, simulate


def test_generate_writes_the_same_world_as_simulate(tmp_path, capsys):
    out = tmp_path / "shop"
    assert (
        main(
            [
                "generate",
                "--preset",
                "tiny",
                "--customers",
                "150",
                "--rng",
                "4",
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    assert "wrote" in capsys.readouterr().out
    data = ShopData.load(out)
    expected = simulate(ShopConfig.preset("tiny", n_customers=150), rng=4)
    pdt.assert_frame_equal(data.orders, expected.orders)
    assert data.config["seed"] == 4 and data.config["n_customers"] == 150


def test_generate_parquet_from_a_config_file(tmp_path):
    cfg = ShopConfig.preset("tiny", r=0.8, block_size=80)
    path = cfg.to_file(tmp_path / "scenario.toml")
    out = tmp_path / "pq"
    assert (
        main(
            ["generate", "--config", str(path), "--out", str(out), "--format", "parquet", "--quiet"]
        )
        == 0
    )
    # one dataset folder per table: a part file per block of 80 customers, shared tables once
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*TABLES, "config.yaml", "MANIFEST.json"]
    )
    assert [p.name for p in sorted((out / "orders").iterdir())] == [
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
    ]
    assert [p.name for p in (out / "products").iterdir()] == ["part-00000.parquet"]
    expected = simulate(cfg, rng=0)
    got = restore_dtypes(pd.read_parquet(out / "orders"), "orders")
    pdt.assert_frame_equal(got, expected.orders, check_categorical=False)
    manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["orders"]["rows"] == len(expected.orders)
    # and the loader reads the Parquet dataset back, checking it against the manifest
    pdt.assert_frame_equal(
        ShopData.load(out).orders, expected.orders, check_categorical=False, check_dtype=False
    )
    assert yaml.safe_load((out / "config.yaml").read_text(encoding="utf-8"))["r"] == 0.8


def test_two_workers_write_the_same_csv_as_one(tmp_path):
    args = ["generate", "--preset", "tiny", "--block-size", "70", "--seed", "2", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "one")]) == 0
    assert main([*args, "--out", str(tmp_path / "two"), "--workers", "2"]) == 0
    for table in TABLES:
        one = (tmp_path / "one" / f"{table}.csv").read_bytes()
        assert one == (tmp_path / "two" / f"{table}.csv").read_bytes(), table
    data = ShopData.load(tmp_path / "two")
    expected = simulate(ShopConfig.preset("tiny", block_size=70), rng=2)
    pdt.assert_frame_equal(data.touchpoints, expected.touchpoints)


@pytest.mark.parametrize("where", ["file", "below_file", "empty"])
def test_bad_out_is_refused_in_one_line(tmp_path, capsys, where):
    (tmp_path / "notes.txt").write_text("keep", encoding="utf-8")
    out = {
        "file": tmp_path / "notes.txt",
        "below_file": tmp_path / "notes.txt" / "shop",
        "empty": "",
    }[where]
    assert main(["generate", "--preset", "tiny", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ecrm-lab: error:") and err.count("\n") == 1
    assert {"file": "is a file", "below_file": "lies below the file", "empty": "empty"}[
        where
    ] in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]  # no temporary folder left


def test_scheduler_needs_the_dask_engine(tmp_path, capsys):
    out = tmp_path / "o"
    assert (
        main(["generate", "--preset", "tiny", "--out", str(out), "--scheduler", "tcp://x:1"]) == 2
    )
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
    assert not out.exists()


def test_refuses_a_folder_with_files_and_keeps_them(tmp_path, capsys):
    out = tmp_path / "shop"
    out.mkdir()
    (out / "thesis.docx").write_text("precious", encoding="utf-8")
    assert main(["generate", "--preset", "tiny", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"
    # --force / --overwrite replace only ecrm-lab's own output: the user's file is never deleted
    assert main(["generate", "--preset", "tiny", "--out", str(out), "--quiet", "--overwrite"]) == 2
    err = capsys.readouterr().err
    assert "did not write (thesis.docx)" in err and "move those files away" in err
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"
    (out / "thesis.docx").unlink()
    assert main(["generate", "--preset", "tiny", "--out", str(out), "--quiet"]) == 0
    assert main(["generate", "--preset", "tiny", "--out", str(out), "--quiet", "--force"]) == 0
    assert (out / "customers.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--customers", "0"], "n_customers"),
        (["--customers", "-3"], "n_customers"),
        (["--rng", "-1"], "--seed"),
        (["--seed", "-1"], "--seed"),
        (["--workers", "0"], "--workers"),
        (["--block-size", "0"], "block_size"),
        (["--config", "missing.yaml"], "does not exist"),
    ],
)
def test_errors_in_one_line(tmp_path, capsys, args, message):
    code = main(["generate", "--preset", "tiny", "--out", str(tmp_path / "o"), "--quiet", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["generate", "--preset", "huge", "--out", "x"])
    assert exc.value.code == 2
    assert "invalid choice: 'huge'" in capsys.readouterr().err


def test_bad_config_value_in_file(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text("n_customers: 100\na: -2\n", encoding="utf-8")
    assert main(["generate", "--config", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "ShopConfig.a must lie in" in capsys.readouterr().err


def test_installed_entry_point(tmp_path):
    exe = __import__("shutil").which(
        "ecrm-lab", path=str(__import__("pathlib").Path(sys.executable).parent)
    )
    assert exe, "the ecrm-lab console script is not installed"
    out = subprocess.run([exe, "presets"], capture_output=True, text=True, check=True).stdout
    assert "tiny" in out and "large" in out
    bad = subprocess.run(
        [exe, "generate", "--preset", "tiny", "--rng", "-5", "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert (
        bad.returncode == 2
        and bad.stderr.startswith("ecrm-lab: error:")
        and "Traceback" not in bad.stderr
    )


def test_generate_on_a_dask_scheduler_writes_the_same_world(tmp_path):
    from dask.distributed import LocalCluster

    cfg = ShopConfig.preset("tiny", block_size=100)
    out = tmp_path / "dask"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        args = ["generate", "--preset", "tiny", "--block-size", "100", "--seed", "6", "--quiet"]
        args += ["--engine", "dask", "--scheduler", cluster.scheduler_address, "--out", str(out)]
        assert main(args) == 0
    data = ShopData.load(out)
    expected = simulate(cfg, rng=6)
    for table in TABLES:
        pdt.assert_frame_equal(data[table], expected[table], obj=table)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_leaves_no_temporary_folder_and_the_old_output_intact(tmp_path, workers):
    import os
    import signal
    import time

    out = tmp_path / "shop"
    out.mkdir()
    (out / "old.csv").write_text("old", encoding="utf-8")
    cmd = [sys.executable, "-m", "ecrm_lab.cli", "generate", "--customers", "4000"]
    cmd += ["--block-size", "400", "--workers", workers, "--out", str(out), "--force", "--quiet"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any((tmp_path / n).is_dir() for n in os.listdir(tmp_path) if ".tmp-" in n):
        assert proc.poll() is None and time.monotonic() < deadline, "generate never started"
        time.sleep(0.05)
    time.sleep(0.5)  # let it write some blocks
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0 and "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == ["shop"]  # no .shop.tmp-* left behind
    assert [p.name for p in out.iterdir()] == ["old.csv"]
