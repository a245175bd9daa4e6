"""The Burgers dataset: the solver against exact solutions and its own
convergence, the initial-condition measure, determinism, caching and argument
checks. numpy only: the dataset does not depend on the Keras backend."""

import os

import numpy as np
import pytest

from keras_spectral import datasets
from keras_spectral.datasets import burgers


TWO_PI = 2 * np.pi


def cole_hopf(x, t, nu, a, modes, length=1.0):
    """Exact solution u = -2 nu phi_x / phi on (0, L), phi = a + sum_m b_m
    e^{-nu k_m^2 t} cos(k_m x + c_m), k_m = 2 pi m / L, solving the heat
    equation (phi > 0 for a > sum |b_m|)."""
    phi, phi_x = np.full_like(x, a), np.zeros_like(x)
    for m, b, c in modes:
        k = 2 * np.pi * m / length
        d = b * np.exp(-nu * k**2 * t)
        phi += d * np.cos(k * x + c)
        phi_x -= d * k * np.sin(k * x + c)
    return -2 * nu * phi_x / phi


SMOOTH = (0.1, 1.2, [(1, 0.5, 0.3), (2, 0.3, 1.0), (3, 0.1, 2.0)])
STEEP = (0.005, 1.0, [(1, 0.9, 0.3), (2, 0.05, 1.0)])  # phi dips to 0.05


def rel_err(y, ref):
    return np.linalg.norm(y - ref, axis=-1) / np.linalg.norm(ref, axis=-1)


# On (0, 2 pi) at the published nu = 0.1: phi dips to 0.03, a steep front.
FRONT = (0.1, 1.0, [(1, 0.97, 0.3), (3, 0.02, 1.0)])


def cole_hopf_error(case, n=1024, resolution=None, length=1.0, **kwargs):
    nu, a, modes = case
    x = np.arange(n) / n * length
    y = burgers.solve(cole_hopf(x, 0.0, nu, a, modes, length)[None], nu, 1.0,
                      resolution=resolution, domain_length=length, **kwargs)[0]
    out = np.arange(y.shape[-1]) / y.shape[-1] * length
    return rel_err(y, cole_hopf(out, 1.0, nu, a, modes, length))


@pytest.mark.parametrize("case", [SMOOTH, STEEP, (0.02, *SMOOTH[1:])])
@pytest.mark.parametrize("resolution", [None, 256, 8192])
def test_matches_cole_hopf_at_default_settings_on_the_unit_interval(case, resolution):
    assert cole_hopf_error(case, resolution=resolution) < 1e-8


@pytest.mark.parametrize("case", [SMOOTH, FRONT])
@pytest.mark.parametrize("resolution", [None, 1024, 8192])
def test_matches_cole_hopf_on_the_published_domain(case, resolution):
    # The default domain (0, 2 pi) and its default solve grid and step.
    nu, a, modes = case
    x = np.arange(1024) / 1024 * TWO_PI
    y = burgers.solve(cole_hopf(x, 0.0, nu, a, modes, TWO_PI), nu, resolution=resolution)
    out = np.arange(y.shape[-1]) / y.shape[-1] * TWO_PI
    u1 = cole_hopf(out, 1.0, nu, a, modes, TWO_PI)
    assert rel_err(y, u1) < 1e-8
    if case is FRONT:  # a steep front that has not decayed away by t = 1
        assert np.abs(np.diff(u1)).max() * len(u1) / TWO_PI > 1


def test_time_step_convergence_is_fourth_order():
    errors = [cole_hopf_error(SMOOTH, grid=64, dt=dt) for dt in (0.04, 0.02, 0.01, 0.005)]
    assert errors[-1] > 1e-9  # well above the spatial and round-off floor (< 1e-10)
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(orders > 3.5), (errors, orders)


def test_grid_convergence_is_spectral():
    errors = [cole_hopf_error(STEEP, grid=m, dt=1e-3) for m in (16, 24, 32, 48, 64, 96)]
    # Each finer grid gains at least a factor 5; overall from ~1e-2 to round-off.
    assert all(e1 < e0 / 5 for e0, e1 in zip(errors, errors[1:])), errors
    assert errors[0] > 1e-3 and errors[-1] < 1e-11, errors


def test_dataset_matches_a_fine_small_step_solution(tmp_path):
    (x, y), _ = burgers.load_data(8192, num_train=4, num_test=0, cache_dir=tmp_path, verbose=0)
    u0 = burgers.sample_initial_conditions(4, resolution=8192)
    np.testing.assert_allclose(x[..., 0], u0, rtol=1e-6, atol=1e-7)
    # 4x the dataset's grid and a 4x smaller step: against 4096 points and
    # dt = 2.5e-5 this reference differs by ~2e-11, so it is converged.
    ref = burgers.solve(u0, 0.1, 1.0, dt=2.5e-4, grid=2048)
    assert np.all(rel_err(y[..., 0], ref) <= 1e-5)
    # In float64 (before the float32 cast) the dataset's solver is far closer.
    assert np.all(rel_err(burgers.solve(u0), ref) < 1e-8)


def test_published_setup_is_far_from_trivial_and_the_former_one_is_not(tmp_path):
    from keras_spectral.datasets import baselines

    train, test = burgers.load_data(256, 40, 20, cache_dir=tmp_path, verbose=0)
    errors = baselines.evaluate("burgers", train, test)
    assert errors["spatial mean"] > 0.9 and errors["heat equation"] > 0.4, errors
    assert baselines.best(errors)[1] > 0.3, errors
    train, test = burgers.load_data(256, 40, 20, cache_dir=tmp_path, verbose=0,
                                    domain_length=1.0, mean_mode=True)
    errors = baselines.evaluate("burgers", train, test, domain_length=1.0)
    assert errors["spatial mean"] < 0.08 and errors["heat equation"] < 0.05, errors


@pytest.mark.parametrize("length, mean_mode", [(TWO_PI, False), (1.0, True)])
def test_initial_conditions_have_the_covariance_of_the_measure(length, mean_mode):
    u0 = burgers.sample_initial_conditions(200, seed=3, domain_length=length,
                                           mean_mode=mean_mode)
    c = np.fft.rfft(u0, norm="forward")
    k = 2 * np.pi / length * np.arange(c.shape[-1])
    lam = 625.0 / (k**2 + 25.0) ** 2
    # E|c_m|^2 = lam_m / L for 0 < m < 4096 (cos and sin parts each
    # (2 lam_m / L) / 4), E c_0^2 = lam_0 / L; c_4096 = sqrt(2 lam / L) xi is real.
    ratio = np.mean(np.abs(c) ** 2, axis=0) * length / lam
    assert np.all(np.abs(ratio[1:9] - 1) < 0.35), ratio[1:9]  # chi^2, 400 dof
    assert abs(np.mean(ratio[1:-1]) - 1) < 0.01
    if mean_mode:
        assert abs(ratio[0] - 1) < 0.3
    else:
        assert np.all(np.abs(c[:, 0]) < 1e-15)
    assert np.all(c[:, -1].imag == 0)
    assert abs(np.mean(c[:, -1].real ** 2 * length / lam[-1]) / 2 - 1) < 0.35


def test_pointwise_variance_of_the_published_measure():
    # sum_{m >= 1} lam_m / pi = 1.091 on (0, 2 pi), the same at every point.
    m = np.arange(1, 4097)
    expected = np.sum(625.0 / (m**2 + 25.0) ** 2) / np.pi
    assert abs(expected - 1.0908) < 1e-3
    u0 = burgers.sample_initial_conditions(400, seed=1, resolution=64)
    assert abs(np.mean(u0**2) / expected - 1) < 0.1
    assert np.abs(u0.mean()) < 0.1


def test_samples_depend_on_seed_and_index_only():
    a = burgers.sample_initial_conditions(5, seed=7)
    np.testing.assert_array_equal(burgers.sample_initial_conditions(3, seed=7, start=2), a[2:])
    np.testing.assert_array_equal(burgers.sample_initial_conditions(5, seed=7, resolution=64),
                                  a[:, ::128])
    assert not np.allclose(burgers.sample_initial_conditions(5, seed=8), a)


def test_resolutions_sample_the_same_data(tmp_path):
    (x1, y1), (xt1, yt1) = burgers.load_data(1024, 3, 2, cache_dir=tmp_path, verbose=0)
    (x2, y2), (xt2, yt2) = burgers.load_data(256, 3, 2, cache_dir=tmp_path, verbose=0)
    np.testing.assert_array_equal(x2, x1[:, ::4])
    np.testing.assert_array_equal(xt2, xt1[:, ::4])
    assert np.all(rel_err(y2[..., 0], y1[:, ::4, 0]) < 1e-6)
    assert np.all(rel_err(yt2[..., 0], yt1[:, ::4, 0]) < 1e-6)


def test_splits_are_the_first_and_last_draws_and_deterministic(tmp_path):
    (x, y), (xt, yt) = burgers.load_data(64, 2, 2, seed=5, cache_dir=tmp_path / "a", verbose=0,
                                         num_samples=6)
    assert x.shape == y.shape == xt.shape == (2, 64, 1) and x.dtype == y.dtype == np.float32
    (x6, y6), (x0, _) = burgers.load_data(64, 6, 0, seed=5, cache_dir=tmp_path / "b", verbose=0,
                                          num_samples=6)
    assert x0.shape == (0, 64, 1)
    np.testing.assert_array_equal(np.concatenate([x, xt]), x6[[0, 1, 4, 5]])
    np.testing.assert_array_equal(np.concatenate([y, yt]), y6[[0, 1, 4, 5]])
    # The published split: the test set is draws 1848 .. 2047.
    _, (xt1, _) = burgers.load_data(64, 0, 1, seed=5, cache_dir=tmp_path / "b", verbose=0)
    np.testing.assert_allclose(xt1[0, :, 0], burgers.sample_initial_conditions(
        1, seed=5, start=2047, resolution=64)[0], rtol=1e-6, atol=1e-7)
    (x3, _), _ = burgers.load_data(64, 2, 1, seed=5, cache_dir=tmp_path / "c", verbose=0)
    np.testing.assert_array_equal(x3, x)
    (x5, _), _ = burgers.load_data(64, 2, 2, seed=6, cache_dir=tmp_path / "c", verbose=0)
    assert not np.allclose(x5, x)


def test_cache_is_keyed_and_reused(tmp_path, monkeypatch):
    first = burgers.load_data(128, 3, 1, viscosity=0.05, seed=2, cache_dir=tmp_path, verbose=0)
    files = os.listdir(tmp_path)
    assert len(files) == 1 and files[0].endswith(".npz"), files  # no temporary left over
    for part in ("v2", "128", "3", "1", "0.05", "2", "2048", "6.28"):
        assert part in files[0]

    def fail(*args, **kwargs):
        raise AssertionError("solved again despite the cache")

    monkeypatch.setattr(burgers, "solve", fail)
    second = burgers.load_data(128, 3, 1, viscosity=0.05, seed=2, cache_dir=tmp_path, verbose=0)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
    with pytest.raises(AssertionError, match="despite the cache"):  # other parameters: new key
        burgers.load_data(128, 3, 1, viscosity=0.05, seed=3, cache_dir=tmp_path, verbose=0)


def test_corrupt_cache_is_recomputed_and_keras_home_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    expected = burgers.load_data(64, 2, 0, verbose=0)
    (path,) = (tmp_path / "datasets").iterdir()
    path.write_bytes(b"not an npz file")
    again = burgers.load_data(64, 2, 0, verbose=0)
    np.testing.assert_array_equal(again[0][1], expected[0][1])
    with np.load(path) as f:
        np.testing.assert_array_equal(f["y_train"], expected[0][1])


def test_unwritable_cache_warns_and_still_returns_the_data(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    with pytest.warns(UserWarning, match="Could not cache"):
        (x, y), _ = burgers.load_data(64, 1, 0, cache_dir=blocker / "sub", verbose=0)
    assert x.shape == y.shape == (1, 64, 1) and np.all(np.isfinite(y))


def test_progress_bar_only_when_verbose(capsys):
    u0 = burgers.sample_initial_conditions(2, resolution=256)
    burgers.solve(u0, t_final=0.05, verbose=0)
    assert capsys.readouterr().out == ""
    burgers.solve(u0, t_final=0.05, verbose=1)
    assert "50/50" in capsys.readouterr().out


def test_solve_shapes_and_zero_time():
    x = np.arange(64) / 64
    u0 = np.sin(2 * np.pi * x) + 0.5 * np.cos(4 * np.pi * x)
    assert burgers.solve(u0, t_final=0.1).shape == (64,)
    assert burgers.solve(np.stack([u0] * 3), t_final=0.1, resolution=32).shape == (3, 32)
    assert burgers.solve(np.zeros((0, 64))).shape == (0, 64)
    np.testing.assert_allclose(burgers.solve(u0, t_final=0.0, resolution=128)[::2], u0, atol=1e-14)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"resolution": 1000}, ValueError, "`resolution`.*1000"),
    ({"resolution": 0}, ValueError, "`resolution`.*0"),
    ({"resolution": -8}, ValueError, "`resolution`.*-8"),
    ({"resolution": 256.0}, ValueError, "`resolution`.*256.0"),
    ({"resolution": 16384}, ValueError, "`resolution`.*16384"),
    ({"num_train": -1}, ValueError, "`num_train`.*-1"),
    ({"num_train": 2.0}, TypeError, "`num_train`"),
    ({"num_test": True}, TypeError, "`num_test`"),
    ({"num_test": -3}, ValueError, "`num_test`.*-3"),
    ({"viscosity": 0.0}, ValueError, "`viscosity`.*0.0"),
    ({"viscosity": -0.1}, ValueError, "`viscosity`"),
    ({"viscosity": float("nan")}, ValueError, "`viscosity`"),
    ({"viscosity": "0.1"}, TypeError, "`viscosity`"),
    ({"seed": 1.5}, TypeError, "`seed`"),
    ({"seed": None}, TypeError, "`seed`"),
    ({"seed": -1}, ValueError, "`seed`.*-1"),
    ({"cache_dir": 3}, TypeError, "`cache_dir`"),
    ({"num_samples": 0}, ValueError, "`num_samples`.*0"),
    ({"num_train": 2000, "num_test": 200}, ValueError, "`num_samples`.*2200"),
    ({"domain_length": 0.0}, ValueError, "`domain_length`"),
    ({"domain_length": "2pi"}, TypeError, "`domain_length`"),
    ({"mean_mode": 1}, TypeError, "`mean_mode`"),
])
def test_load_data_rejects_bad_arguments(kwargs, error, match, tmp_path):
    kwargs = {"num_train": 1, "num_test": 0, "cache_dir": tmp_path, "verbose": 0, **kwargs}
    with pytest.raises(error, match=match):
        burgers.load_data(**kwargs)


@pytest.mark.parametrize("args, kwargs, error, match", [
    ((np.zeros((2, 3, 4)),), {}, ValueError, "`u0`"),
    ((np.zeros(4) + 1j,), {}, TypeError, "`u0`"),
    ((np.full(4, np.inf),), {}, ValueError, "`u0`"),
    ((np.zeros(8),), {"viscosity": 0}, ValueError, "`viscosity`"),
    ((np.zeros(8),), {"t_final": -1.0}, ValueError, "`t_final`"),
    ((np.zeros(8),), {"dt": 0.0}, ValueError, "`dt`"),
    ((np.zeros(8),), {"grid": 2}, ValueError, "`grid`"),
    ((np.zeros(8),), {"grid": 64.0}, TypeError, "`grid`"),
    ((np.zeros(8),), {"resolution": 0}, ValueError, "`resolution`"),
])
def test_solve_rejects_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        burgers.solve(*args, **kwargs)


def test_sampler_rejects_bad_arguments():
    with pytest.raises(ValueError, match="`num`.*-1"):
        burgers.sample_initial_conditions(-1)
    with pytest.raises(TypeError, match="`start`"):
        burgers.sample_initial_conditions(1, start=0.5)
    with pytest.raises(ValueError, match="`resolution`.*3"):
        burgers.sample_initial_conditions(1, resolution=3)


def test_public_surface():
    assert datasets.__all__ == ["baselines", "burgers", "darcy", "psk"] and datasets.burgers is burgers
    assert burgers.settings() == (512, 1e-3) and burgers.settings(0.1, 1.0) == (128, 1e-3)
    for name in ("load_data", "solve", "sample_initial_conditions", "settings",
                 "check_resolution"):
        assert callable(getattr(burgers, name)), name  # docstrings: test_docs_reference
