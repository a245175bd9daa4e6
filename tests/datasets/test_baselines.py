"""The trivial predictors: exact where they should be, fitted on the training
split only, and the per-dataset catalogue."""

import numpy as np
import pytest

from keras_spectral.datasets import baselines, burgers, darcy


def test_relative_l2():
    y = np.array([[3.0, 4.0], [1.0, 0.0]])
    assert baselines.relative_l2(y * 1.5, y) == pytest.approx(0.5)
    assert baselines.relative_l2(y, y) == 0.0
    with pytest.raises(ValueError, match="`y_pred`.*shape"):
        baselines.relative_l2(y[:1], y)


def test_heat_equation_is_exact_per_mode():
    x = np.arange(64) / 64 * 2 * np.pi
    u0 = (1.0 + np.sin(3 * x) + 0.5 * np.cos(x))[None, :, None]
    expected = 1.0 + np.exp(-0.1 * 9) * np.sin(3 * x) + 0.5 * np.exp(-0.1) * np.cos(x)
    np.testing.assert_allclose(baselines.heat_equation(u0)[0, :, 0], expected, atol=1e-13)
    # the solver agrees when the nonlinearity is negligible
    small = 1e-7 * u0[..., 0]
    np.testing.assert_allclose(burgers.solve(small)[0] / 1e-7,
                               baselines.heat_equation(small[..., None] / 1e-7)[0, :, 0],
                               rtol=1e-6)


def test_fourier_linear_recovers_a_diagonal_operator_from_training_data_only():
    rng = np.random.default_rng(0)
    x_train, x_test = rng.standard_normal((2, 40, 32, 1))

    def operator(x):
        return baselines.heat_equation(x, viscosity=0.05) + 0.25

    fitted = baselines.FourierLinear().fit(x_train, operator(x_train))
    np.testing.assert_allclose(fitted.predict(x_test), operator(x_test), atol=1e-12)
    with pytest.raises(ValueError, match="`x`.*fitted spatial shape"):
        fitted.predict(x_test[:, :16])


def test_fourier_linear_in_two_dimensions():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((30, 8, 6, 1))
    kernel = rng.standard_normal((8, 6))
    y = np.fft.irfft2(np.fft.rfft2(x[..., 0]) * np.fft.rfft2(kernel), s=(8, 6))[..., None]
    fitted = baselines.FourierLinear().fit(x[:20], y[:20])
    np.testing.assert_allclose(fitted.predict(x[20:]), y[20:], atol=1e-11)


def test_spatial_and_training_means():
    x = np.array([[[1.0], [3.0]], [[2.0], [2.0]]])
    np.testing.assert_array_equal(baselines.spatial_mean(x)[..., 0], [[2, 2], [2, 2]])
    np.testing.assert_array_equal(baselines.training_mean(x, 3)[:, :, 0], [[1.5, 2.5]] * 3)


def test_constant_coefficient_is_exact_for_constant_media():
    s = 29
    step = (darcy.GRID_POINTS - 1) // (s - 1)
    poisson = darcy.solve(np.ones((darcy.GRID_POINTS,) * 2))[::step, ::step, None]
    values = np.array([3.0, 5.0, 12.0])
    x = values[:, None, None, None] * np.ones((3, s, s, 1))
    y = poisson[None] / values[:, None, None, None]
    pred = baselines.constant_coefficient(x[:2], y[:2], x[2:])
    np.testing.assert_allclose(pred, y[2:], rtol=1e-10)


def test_evaluate_catalogues_and_rejects():
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((2, 10, 16, 1))
    errors = baselines.evaluate("burgers", (x[:6], y[:6]), (x[6:], y[6:]))
    assert list(errors) == ["identity", "spatial mean", "heat equation", "training mean",
                            "linear per Fourier mode"]
    assert baselines.best(errors) == min(errors.items(), key=lambda kv: kv[1])
    a = np.where(rng.standard_normal((6, 29, 29, 1)) > 0, 12.0, 3.0)
    u = rng.random((6, 29, 29, 1))
    errors = baselines.evaluate("darcy", (a[:4], u[:4]), (a[4:], u[4:]))
    assert list(errors) == ["constant coefficient", "training mean", "linear per Fourier mode"]
    with pytest.raises(ValueError, match="`dataset`.*'kdv'"):
        baselines.evaluate("kdv", (x, y), (x, y))
    with pytest.raises(TypeError, match="darcy takes no options"):
        baselines.evaluate("darcy", (a, u), (a, u), viscosity=0.1)


def test_public_surface():
    for name in ("relative_l2", "identity", "spatial_mean", "training_mean",
                 "heat_equation", "constant_coefficient", "FourierLinear", "evaluate", "best"):
        assert callable(getattr(baselines, name)), name  # docstrings: test_docs_reference
