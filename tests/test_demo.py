"""The main job: the operator-learning demo, through the library and the command line."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from keras_spectral import demo
from keras_spectral.testing import backend_name


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One data cache for the module: each split is solved once."""
    return str(tmp_path_factory.mktemp("datasets"))


@pytest.mark.trains
def test_fno_beats_the_best_trivial_predictor_five_times_on_burgers(cache):
    # A small subset at low resolution: 200 training samples, 10 epochs.
    _, result = demo.train("burgers", resolution=128, num_train=200, num_test=50, epochs=10,
                           decay_every=8, batch_size=10, cache_dir=cache, verbose=False)
    name, best = result["best_baseline"]
    assert name == "linear per Fourier mode" and best > 0.4, result["baselines"]
    assert result["ratio_to_best_baseline"] >= 5, (result["test_error"], best)
    assert result["parameters"] == 549_569 and result["backend"] == backend_name()


@pytest.mark.trains
def test_train_evaluates_at_other_resolutions_and_plots(cache, tmp_path):
    _, result = demo.train("burgers", resolution=128, num_train=20, num_test=10, epochs=2,
                           decay_every=1, eval_resolutions=(256,), cache_dir=cache,
                           verbose=False)
    errors = result["test_error"]
    assert set(errors) == {128, 256} and all(np.isfinite(list(errors.values())))
    assert result["history"]["loss"][-1] < result["history"]["loss"][0]
    path = demo.plot(result, str(tmp_path / "burgers.png"))
    assert os.path.getsize(path) > 10_000


@pytest.mark.trains
def test_darcy_trains_with_its_scaling_and_plots_images(cache, tmp_path):
    model, result = demo.train("darcy", resolution=29, num_train=8, num_test=4, epochs=2,
                               decay_every=1, eval_resolutions=(43,), cache_dir=cache,
                               verbose=False)
    assert set(result["test_error"]) == {29, 43}
    assert list(result["baselines"]) == ["constant coefficient", "training mean",
                                         "linear per Fourier mode"]
    assert result["parameters"] == 2_368_001  # FNO-2D; the scaling constants are not weights
    assert [type(layer).__name__ for layer in model.layers[1:]] == [
        "Normalization", "FNO", "Rescaling"]
    path = demo.plot(result, str(tmp_path / "darcy.png"))
    assert os.path.getsize(path) > 10_000


def test_unknown_problem_is_a_value_error():
    with pytest.raises(ValueError, match="`problem`.*'kdv'"):
        demo.train("kdv")


@pytest.mark.trains
def test_cli_demo(cache, tmp_path):
    env = dict(os.environ, KERAS_BACKEND=backend_name())
    cmd = [sys.executable, "-m", "keras_spectral.cli", "demo", "--resolution", "128",
           "--num-train", "20", "--num-test", "10", "--epochs", "1",
           "--cache-dir", cache, "--png", str(tmp_path / "p.png"),
           "--json", str(tmp_path / "r.json")]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    assert "relative L2 test error" in out and "paper FNO (500 epochs)" in out
    assert "trivial predictors on the same 10 test samples" in out and "ratio" in out
    saved = json.loads((tmp_path / "r.json").read_text())
    assert saved["epochs"] == 1 and saved["backend"] == backend_name()
    assert saved["best_baseline"][0] in saved["baselines"]
    assert (tmp_path / "p.png").exists()


@pytest.mark.parametrize("args, message", [
    (["--resolution", "1000"], "`resolution` must be a positive integer dividing 8192"),
    (["--problem", "darcy", "--resolution", "86"], "`resolution` must be (421 - 1) / r + 1"),
    (["--eval-resolutions", "100"], "got 100"),
])
def test_cli_rejects_a_bad_resolution(tmp_path, args, message, capsys, monkeypatch):
    from keras_spectral import cli

    monkeypatch.setenv("KERAS_BACKEND", backend_name())  # no restart under another backend
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["demo", *args, "--cache-dir", str(tmp_path), "--png", ""])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
