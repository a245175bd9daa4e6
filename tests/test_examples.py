"""The runnable examples in docs/examples: quick runs, and the claims they rest on.

Each script is imported by path (docs/examples is not a package) and its
`main(["--quick"])` run on the current backend; the training runs skip on the
numpy backend. The forward checks (parameter budgets, the exact delay the
long convolution can represent, the Conv1D stack's reach, the naive layer
against NumPy, shift invariance) run on every backend.
"""

import importlib.util
import math
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from keras_spectral.testing import assert_close, backend_name

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def load(name):
    """Imports docs/examples/<name>.py as a module.

    The folder is on `sys.path` while it runs, as when the script runs as
    `python docs/examples/<name>.py`: the scripts import `_common` from it.
    """
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(EXAMPLES))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(EXAMPLES))
    return module


def check_figures(result, keys):
    assert set(keys) <= set(result), sorted(set(keys) - set(result))
    assert result["backend"] == backend_name()
    for key in keys:
        if key != "backend":
            assert isinstance(result[key], (int, float)) and math.isfinite(result[key]), key
    for key in keys:
        if key.endswith("accuracy"):
            assert 0.0 <= result[key] <= 1.0, (key, result[key])


def predict(model, x):
    out = np.asarray(model.predict(x, batch_size=len(x), verbose=0), dtype="float64")
    assert np.isfinite(out).all()
    return out


# gfnet_digits.py


def test_gfnet_digits_split_and_parameter_budget():
    gf = load("gfnet_digits")
    (x_train, y_train), (x_test, y_test) = gf.load_digits_split()
    assert x_train.shape == (1437, 8, 8, 1) and x_test.shape == (360, 8, 8, 1)
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert np.bincount(y_test).min() >= 35  # stratified: every digit is in the test set
    gfnet, baseline = gf.build_pair()
    assert abs(baseline.count_params() / gfnet.count_params() - 1) <= 0.1
    with pytest.raises(ValueError, match="baseline_dim"):
        gf.build_pair(baseline_dim=40)


@pytest.mark.trains
def test_gfnet_digits_quick():
    result = load("gfnet_digits").main(["--quick"])
    check_figures(result, ["backend", "epochs", "num_train", "num_test", "gfnet_params",
                           "conv_params", "gfnet_accuracy", "conv_accuracy", "seconds"])
    assert result["epochs"] == 1 and result["num_train"] == 256


# long_range_recall.py


def test_delayed_copy_targets_are_the_symbols_lag_steps_back():
    lr = load("long_range_recall")
    x, y = lr.delayed_copy(3, length=64, lag=40, symbols=5, seed=1)
    assert x.shape == (3, 64, 5) and y.shape == (3, 24)
    assert np.array_equal(x.sum(-1), np.ones((3, 64)))  # one-hot
    assert np.array_equal(y, np.argmax(x, -1)[:, :24])
    with pytest.raises(ValueError, match="lag"):
        lr.delayed_copy(1, length=64, lag=64)


def test_long_convolution_can_represent_the_delay_exactly():
    lr = load("long_range_recall")
    long_conv, short = lr.build_pair()
    assert abs(short.count_params() / long_conv.count_params() - 1) <= 0.1
    # embedding: symbol s -> channel s; kernel: one tap at the lag; readout: channel s -> s
    embed, fftconv, readout = (la for la in long_conv.layers if la.weights)
    eye = np.eye(lr.SYMBOLS, lr.CHANNELS, dtype="float32")
    embed.set_weights([eye, np.zeros(lr.CHANNELS, "float32")])
    kernel = np.zeros((lr.LENGTH, lr.CHANNELS), "float32")
    kernel[lr.LAG] = 1.0
    fftconv.set_weights([kernel, np.zeros(lr.CHANNELS, "float32"),
                         np.zeros(lr.CHANNELS, "float32")])
    readout.set_weights([10 * eye.T, np.zeros(lr.SYMBOLS, "float32")])
    x, y = lr.delayed_copy(2, seed=3)
    assert np.array_equal(np.argmax(predict(long_conv, x), -1), y)


def test_conv1d_stack_cannot_see_past_its_receptive_field():
    lr = load("long_range_recall")
    reach = lr.receptive_field()
    assert reach == 1 + lr.CONV_LAYERS * (lr.CONV_KERNEL - 1) and reach < lr.LAG
    _, short = lr.build_pair()
    x, _ = lr.delayed_copy(1, seed=4)
    changed = x.copy()
    # a different symbol at every step but the last `reach` ones
    changed[0, :lr.LENGTH - reach] = changed[0, :lr.LENGTH - reach, ::-1]
    before, after = predict(short, x), predict(short, changed)
    # the last output sees exactly the last `reach` inputs; the one before it, one more
    np.testing.assert_allclose(after[0, -1], before[0, -1], rtol=0, atol=1e-6)
    assert not np.allclose(after[0, -2], before[0, -2], rtol=1e-6, atol=1e-6)


@pytest.mark.trains
def test_long_range_recall_quick():
    result = load("long_range_recall").main(["--quick"])
    check_figures(result, ["backend", "epochs", "receptive_field", "lag", "chance",
                           "long_conv_params", "conv_params", "long_conv_accuracy",
                           "conv_accuracy", "long_conv_peak_tap", "seconds"])
    # thousands of scored steps, none within the Conv1D stack's reach: chance level
    assert abs(result["conv_accuracy"] - result["chance"]) < 0.05


# naive_spectrum_dense.py


def test_naive_layer_matches_numpy():
    nd = load("naive_spectrum_dense")
    layer = nd.naive_spectrum_dense()
    x = np.random.default_rng(0).normal(size=(3, 8, 6, 2)).astype("float32")
    y = keras.ops.convert_to_numpy(layer(x)).astype("float64")
    w, b = layer.dense.get_weights()
    spectrum = np.fft.rfft2(x.astype("float64"), axes=(1, 2), norm="ortho")
    flat = np.concatenate([spectrum.real.reshape(3, -1), spectrum.imag.reshape(3, -1)], -1)
    real, imag = np.split(flat @ w + b, 2, axis=-1)
    weights = (real + 1j * imag).reshape(spectrum.shape)
    expected = np.fft.irfft2(spectrum * weights, s=(8, 6), axes=(1, 2), norm="ortho")
    assert_close(y, expected, rtol=1e-4)


def test_global_filter_model_is_shift_invariant_and_the_naive_one_is_not():
    nd = load("naive_spectrum_dense")
    x = np.random.default_rng(1).uniform(size=(4, 8, 8, 1)).astype("float32")
    gf, naive = nd.build_classifier("global_filter"), nd.build_classifier("naive")
    assert naive.count_params() > 100 * gf.count_params()
    np.testing.assert_allclose(predict(gf, nd.roll(x)), predict(gf, x), rtol=0, atol=1e-5)
    assert not np.allclose(predict(naive, nd.roll(x)), predict(naive, x), atol=1e-3)
    with pytest.raises(ValueError, match="mixer"):
        nd.build_classifier("dense")


@pytest.mark.trains
def test_naive_spectrum_dense_quick():
    result = load("naive_spectrum_dense").main(["--quick"])
    keys = ["backend", "epochs", "num_train", "num_test"] + [
        f"{model}_{figure}" for model in ("global_filter", "naive")
        for figure in ("params", "train_accuracy", "accuracy", "rolled_accuracy", "seconds")]
    check_figures(result, keys)
    # exact invariance, trained or not: at most a float tie may flip one image
    assert abs(result["global_filter_rolled_accuracy"]
               - result["global_filter_accuracy"]) <= 1 / result["num_test"]


# complex_phase.py


def test_complex_phase_models_and_the_real_gain_floor():
    cp = load("complex_phase")
    x = np.random.default_rng(2).normal(size=(3, cp.LENGTH)).astype("float32")
    for model in cp.build_classifiers():
        out = predict(model, x)
        assert out.shape == (3, cp.CLASSES)
        np.testing.assert_allclose(out.sum(-1), 1.0, rtol=1e-5)
    # the best real gain leaves exactly the energy of Im H: here half of it
    h, true = cp.true_filter()
    np.testing.assert_allclose(np.fft.irfft(true, n=len(h)), h, atol=1e-12)
    x, y = cp.filter_data(512, seed=0)
    pred = np.fft.irfft(np.fft.rfft(x[..., 0].astype("float64")) * true.real, n=len(h))
    floor = np.mean((pred - y[..., 0]) ** 2) / np.mean(y.astype("float64") ** 2)
    assert abs(floor - cp.real_gain_floor(true)) < 0.02
    complex_gain, real_gain = cp.build_gains()
    assert np.allclose(predict(complex_gain, x[:4])[..., 0], x[:4, :, 0], atol=1e-5)  # G = 1


@pytest.mark.trains
def test_complex_phase_quick():
    result = load("complex_phase").main(["--quick"])
    check_figures(result, ["backend", "epochs", "num_train", "num_test", "chance",
                           "coherent_accuracy", "magnitude_only_accuracy",
                           "complex_crelu_accuracy", "complex_modrelu_accuracy",
                           "complex_gain_mse", "real_gain_mse", "real_gain_floor", "seconds"])
    # the magnitude spectrum holds no label: chance, trained or not
    assert abs(result["magnitude_only_accuracy"] - result["chance"]) < 0.06
    assert result["complex_crelu_accuracy"] > result["magnitude_only_accuracy"] + 0.4
    assert result["complex_modrelu_accuracy"] > result["magnitude_only_accuracy"] + 0.2
    # the complex gain falls below the floor no real gain can pass
    assert result["complex_gain_mse"] < 0.7 * result["real_gain_floor"] <= result["real_gain_mse"]


def test_examples_refuse_a_backend_switch_and_the_numpy_backend():
    other = "torch" if backend_name() == "jax" else "jax"
    for name in ("gfnet_digits", "long_range_recall", "naive_spectrum_dense", "complex_phase"):
        example = load(name)
        with pytest.raises(ValueError, match="already runs"):
            example.main(["--backend", other, "--quick"])
        with pytest.raises(ValueError, match="threads"):
            example.select_backend(backend_name(), threads=0)
        if backend_name() == "numpy":
            with pytest.raises(ValueError, match="cannot train"):
                example.main(["--quick"])
