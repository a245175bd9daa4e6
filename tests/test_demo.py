"""The main job: the Burgers FNO demo, through the library and the command line."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from keras_spectral import demo
from keras_spectral.testing import backend_name


@pytest.mark.trains
def test_train_burgers_learns_and_evaluates_at_other_resolutions(tmp_path):
    model, result = demo.train_burgers(
        resolution=256, num_train=40, num_test=10, epochs=4, decay_every=2,
        eval_resolutions=(512,), cache_dir=str(tmp_path), verbose=False)
    errors = result["test_error"]
    assert set(errors) == {256, 512} and all(np.isfinite(list(errors.values())))
    assert result["history"]["loss"][-1] < result["history"]["loss"][0]
    assert result["parameters"] == 549_569 and result["backend"] == backend_name()
    path = demo.plot_burgers(result, str(tmp_path / "burgers.png"))
    assert os.path.getsize(path) > 10_000


@pytest.mark.trains
def test_cli_demo(tmp_path):
    env = dict(os.environ, KERAS_BACKEND=backend_name())
    cmd = [sys.executable, "-m", "keras_spectral.cli", "demo", "--resolution", "128",
           "--num-train", "20", "--num-test", "10", "--epochs", "1",
           "--cache-dir", str(tmp_path), "--png", str(tmp_path / "p.png"),
           "--json", str(tmp_path / "r.json")]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    assert "relative L2 test error" in out and "paper FNO (500 epochs)" in out
    saved = json.loads((tmp_path / "r.json").read_text())
    assert saved["epochs"] == 1 and saved["backend"] == backend_name()
    assert (tmp_path / "p.png").exists()


def test_cli_rejects_a_bad_resolution(tmp_path):
    env = dict(os.environ, KERAS_BACKEND=backend_name())
    cmd = [sys.executable, "-m", "keras_spectral.cli", "demo", "--resolution", "1000",
           "--cache-dir", str(tmp_path), "--png", ""]
    run = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert run.returncode == 2 and "a resolution must divide 8192 (the paper's grid); got 1000" in run.stderr
