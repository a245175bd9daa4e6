"""SpectralPooling1D/2D: the harness, the paper's definition, scipy's
resample, band-limited signals, random truncation, bad input."""

import re

import keras
import numpy as np
import pytest
import scipy.signal

from keras_spectral.layers import SpectralPooling1D, SpectralPooling2D
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy
from keras_spectral.testing.references.pooling import spectral_pooling

CLASSES = {1: SpectralPooling1D, 2: SpectralPooling2D}


def reference_fn(size, channels_first=False):
    return lambda x, weights: spectral_pooling(x, size, channels_first)


def resample_per_axis(x, size, first_axis=1):
    for i, m in enumerate(size):
        x = scipy.signal.resample(x, m, axis=first_axis + i)
    return x


def pool64(layer_cls, x, **kwargs):
    """The layer's output in float64."""
    return to_numpy(layer_cls(dtype="float64", **kwargs)(x.astype("float64")))


# torch.compile costs seconds per model: on torch only the randomised case
# (a seed generator inside a compiled step) trains with jit_compile=True.
JIT = (False,) if backend_name() == "torch" else (True,)
HARNESS_CASES = [  # rank, input shape (channels_last), output size, init kwargs, jit modes
    (1, (3, 16, 3), (5,), {}, JIT),                  # even -> odd
    (1, (2, 15, 2), (6,), {}, (False,)),             # odd -> even: Nyquist fold
    (2, (2, 12, 9, 3), (6, 4), {}, JIT),
    (2, (2, 12, 9, 3), (6, 4), {"random_truncation": 0.5, "seed": 3}, (False, True)),
]


@pytest.mark.parametrize("rank,shape,size,extra,jit", HARNESS_CASES)
def test_harness(rank, shape, size, extra, jit):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    small = x[(slice(0, 1),) + tuple(slice(0, m + 1) for m in size) + (slice(0, 1),)]
    run_layer_test(
        CLASSES[rank], {"output_size": size, **extra}, x,
        expected_output_shape=(shape[0],) + size + (shape[-1],),
        reference_fn=reference_fn(size),
        expected_num_trainable_weights=0,
        symbolic_input_shape=(None,) * rank + (shape[-1],),
        gradient_input=small,
        jit_compile_modes=jit,
        run_mixed_precision=rank == 2,
    )


def test_harness_channels_first():
    x = np.random.default_rng(1).standard_normal((2, 3, 8, 9)).astype("float32")
    run_layer_test(
        SpectralPooling2D, {"output_size": (5, 6), "data_format": "channels_first"}, x,
        expected_output_shape=(2, 3, 5, 6),
        reference_fn=reference_fn((5, 6), channels_first=True),
        expected_num_trainable_weights=0,
        symbolic_input_shape=(3, None, None),
        gradient_input=x[:1, :1, :6, :7], run_training=False, run_mixed_precision=False,
    )


def test_1d_matches_scipy_resample_and_the_reference():
    rng = np.random.default_rng(2)
    for n, m in [(16, 5), (15, 6), (16, 8), (9, 9), (8, 8), (8, 1), (7, 1), (8, 2),
                 (5, 2), (7, 4), (6, 5)]:
        x = rng.standard_normal((2, n, 3))
        expected = scipy.signal.resample(x, m, axis=1)
        msg = f"{n} -> {m}"
        assert_close(spectral_pooling(x, (m,)), expected, dtype="float64", err_msg=msg)
        got = pool64(SpectralPooling1D, x, output_size=m)
        assert_close(got, expected, dtype="float64", err_msg=msg)
        assert_close(SpectralPooling1D(m)(x.astype("float32")), expected, err_msg=msg)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_2d_matches_scipy_resample_and_the_reference(data_format):
    """Axes kept at their size (12 -> 12, 9 -> 9) are passed through."""
    rng = np.random.default_rng(3)
    first = data_format == "channels_first"
    for shape, size in [((2, 12, 9, 3), (6, 4)), ((1, 11, 10, 2), (4, 7)),
                        ((2, 12, 9, 3), (12, 4)), ((2, 12, 9, 3), (5, 9)),
                        ((1, 6, 6, 1), (2, 2))]:
        x = rng.standard_normal(shape)
        if first:
            x = np.moveaxis(x, -1, 1)
        expected = resample_per_axis(x, size, first_axis=2 if first else 1)
        msg = f"{shape} -> {size}"
        assert_close(spectral_pooling(x, size, channels_first=first), expected,
                     dtype="float64", err_msg=msg)
        got = pool64(SpectralPooling2D, x, output_size=size, data_format=data_format)
        assert_close(got, expected, dtype="float64", err_msg=msg)


def test_equal_size_gives_back_the_input():
    rng = np.random.default_rng(4)
    for rank, shape in [(1, (2, 10, 3)), (1, (2, 7, 1)), (2, (2, 7, 8, 2))]:
        x = rng.standard_normal(shape).astype("float32")
        assert_close(CLASSES[rank](shape[1:-1])(x), x)
        layer = CLASSES[rank](shape[1:-1], random_truncation=0.5, seed=1)
        assert_close(layer(x, training=False), x)


def test_a_constant_stays_the_same_constant():
    for rank, shape, size in [(1, (2, 16, 3), (5,)), (1, (2, 15, 2), (6,)),
                              (2, (2, 12, 9, 3), (6, 4)), (2, (1, 9, 12, 1), (2, 7))]:
        y = to_numpy(CLASSES[rank](size)(np.full(shape, 3.5, "float32")))
        assert y.shape == (shape[0],) + size + (shape[-1],)
        np.testing.assert_allclose(y, 3.5, rtol=1e-6)


def cosines(n, freqs, phases, amplitudes, points):
    """Sum of cosines of `freqs` cycles per `n` samples, at `points`."""
    return sum(a * np.cos(2 * np.pi * f * points / n + p)
               for f, p, a in zip(freqs, phases, amplitudes))


def test_band_limited_signal_is_sampled_exactly():
    """No frequency at or above the output's Nyquist (m / 2): the output is
    the same continuous signal at the output's grid t = j * n / m."""
    rng = np.random.default_rng(5)
    for n, m, freqs in [(32, 12, (0, 1, 3, 5)), (31, 7, (0, 2, 3)), (20, 10, (1, 4))]:
        phases = rng.uniform(0, 2 * np.pi, len(freqs))
        amplitudes = rng.uniform(0.5, 2, len(freqs))
        x = cosines(n, freqs, phases, amplitudes, np.arange(n))[None, :, None]
        expected = cosines(n, freqs, phases, amplitudes, np.arange(m) * n / m)
        y = pool64(SpectralPooling1D, x, output_size=m)
        assert_close(y[0, :, 0], expected, dtype="float64")
        assert_close(SpectralPooling1D(m)(x.astype("float32"))[0, :, 0], expected)


def test_band_limited_image_is_sampled_exactly():
    rows, cols = np.arange(18)[:, None], np.arange(15)[None, :]
    image = (1.0 + np.cos(2 * np.pi * 2 * rows / 18 + 0.3) * np.sin(2 * np.pi * 3 * cols / 15)
             + 0.5 * np.cos(2 * np.pi * (rows / 18 + 2 * cols / 15)))
    r, c = np.arange(8)[:, None] * 18 / 8, np.arange(7)[None, :] * 15 / 7
    expected = (1.0 + np.cos(2 * np.pi * 2 * r / 18 + 0.3) * np.sin(2 * np.pi * 3 * c / 15)
                + 0.5 * np.cos(2 * np.pi * (r / 18 + 2 * c / 15)))
    y = pool64(SpectralPooling2D, image[None, :, :, None], output_size=(8, 7))
    assert_close(y[0, :, :, 0], expected, dtype="float64")


def test_unknown_sizes_in_a_model():
    """Spatial sizes None when the model is built; on TensorFlow the later
    calls run a graph traced with unknown sizes. (6, 4) keeps both sizes."""
    inputs = keras.Input(shape=(None, None, 2))
    model = keras.Model(inputs, SpectralPooling2D((6, 4))(inputs))
    assert tuple(model.output.shape) == (None, 6, 4, 2)
    rng = np.random.default_rng(6)
    for size in [(12, 9), (16, 16), (7, 5), (6, 4), (13, 8)]:
        x = rng.standard_normal((2,) + size + (2,))
        got = model.predict(x.astype("float32"), verbose=0)
        assert_close(got, spectral_pooling(x, (6, 4)))


# --- random truncation -------------------------------------------------------------


def cutoffs_of(y, size):
    """Per axis, the highest |frequency| with a nonzero coefficient in the
    output's spectrum (channels_last, all spatial axes transformed)."""
    axes = tuple(range(1, len(size) + 1))
    spectrum = np.abs(np.fft.fftn(y, axes=axes))
    spectrum = spectrum > 1e-5 * spectrum.max()
    out = []
    for i, m in enumerate(size):
        k = np.minimum(np.arange(m), m - np.arange(m))
        present = np.any(spectrum, axis=tuple(a for a in range(y.ndim) if a != i + 1))
        out.append(int(k[present].max()))
    return tuple(out)


def test_random_truncation_is_a_random_band_limit_in_training_only():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 16, 14, 3)).astype("float32")
    size, low = (10, 8), 0.4
    layer = SpectralPooling2D(size, random_truncation=low, seed=11)
    deterministic = to_numpy(SpectralPooling2D(size)(x))
    assert_close(layer(x), deterministic)
    assert_close(layer(x, training=False), deterministic)
    full = np.fft.fftn(deterministic, axes=(1, 2))
    kmax = [m // 2 for m in size]
    seen = set()
    for _ in range(12):
        y = to_numpy(layer(x, training=True))
        assert y.shape == deterministic.shape
        cut = cutoffs_of(y, size)
        seen.add(cut)
        # one r ~ U(low, 1) for both axes: cut_a = floor(r * kmax_a)
        lower = max(c / k for c, k in zip(cut, kmax))
        upper = min((c + 1) / k for c, k in zip(cut, kmax))
        assert max(lower, low) < min(upper, 1.0 + 1e-9), cut
        # the window's spectrum up to the cutoff, zero above it
        keep = np.ones(size, bool)
        for axis, (m, c) in enumerate(zip(size, cut)):
            k = np.minimum(np.arange(m), m - np.arange(m))
            keep &= np.expand_dims(k <= c, 1 - axis)
        got = np.fft.fftn(y, axes=(1, 2))
        assert_close(got, full * keep[None, :, :, None])
    assert len(seen) > 1, "the cutoff never changed between calls"


def test_random_truncation_is_seeded():
    x = np.random.default_rng(8).standard_normal((1, 24, 2)).astype("float32")
    runs = []
    for _ in range(2):
        layer = SpectralPooling1D(12, random_truncation=0.2, seed=5)
        runs.append([to_numpy(layer(x, training=True)) for _ in range(4)])
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)
    assert len({cutoffs_of(y, (12,)) for y in runs[0]}) > 1


@pytest.mark.trains
def test_random_truncation_draws_at_every_compiled_training_step():
    """Inside a compiled train step the cutoff is drawn afresh at each step:
    with a zero learning rate only the draw can change the loss."""
    rng = np.random.default_rng(9)
    inputs = keras.Input(shape=(16, 2))
    hidden = keras.layers.Dense(3)(inputs)
    model = keras.Model(inputs, SpectralPooling1D(6, random_truncation=0.3, seed=2)(hidden))
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse",
                  jit_compile=backend_name() != "torch")  # torch.compile: seconds
    x, y = rng.standard_normal((4, 16, 2)), rng.standard_normal((4, 6, 3))
    losses = [float(model.train_on_batch(x, y)) for _ in range(8)]
    assert np.all(np.isfinite(losses))
    assert len(set(losses)) > 1, losses


# --- bad input ---------------------------------------------------------------------


def test_bad_arguments():
    for kwargs, error, message in [
        ({"output_size": 0}, ValueError, "`output_size` must be an integer >= 1; got 0"),
        ({"output_size": -3}, ValueError, "`output_size` must be an integer >= 1; got -3"),
        ({"output_size": 2.5}, TypeError, "`output_size` must be an integer >= 1; got 2.5"),
        ({"output_size": 4, "random_truncation": 0}, ValueError,
         "`random_truncation` must be .*got 0"),
        ({"output_size": 4, "random_truncation": 1.5}, ValueError,
         "`random_truncation` must be .*got 1.5"),
        ({"output_size": 4, "random_truncation": -0.2}, ValueError,
         "`random_truncation` must be .*got -0.2"),
        ({"output_size": 4, "random_truncation": True}, TypeError,
         "`random_truncation` must be .*got True"),
        ({"output_size": 4, "random_truncation": "0.5"}, TypeError,
         "`random_truncation` must be .*got '0.5'"),
        ({"output_size": 4, "seed": "a"}, TypeError, "`seed` must be an integer or None; got 'a'"),
        ({"output_size": 4, "seed": 1.5}, TypeError, "`seed` must be an integer or None; got 1.5"),
        ({"output_size": 4, "data_format": "nwc"}, ValueError,
         "`data_format` must be .*got 'nwc'"),
    ]:
        with pytest.raises(error, match=message):
            SpectralPooling1D(**kwargs)
    for size, error, message in [
        ((4,), ValueError, "`output_size` must be an integer >= 1 or 2 such integers; "
                           "got \\(4,\\)"),
        ((4, 0), ValueError, "`output_size` must be .*2 such integers; got \\(4, 0\\)"),
        ((4, 2, 2), ValueError, "`output_size` must be .*got \\(4, 2, 2\\)"),
        ("ab", TypeError, "`output_size` must be .*got 'ab'"),
    ]:
        with pytest.raises(error, match=message):
            SpectralPooling2D(size)


def test_input_smaller_than_output_size():
    for rank, kwargs, shape, axis, n in [
        (1, {"output_size": 5}, (1, 4, 2), 0, 4),
        (2, {"output_size": (4, 6)}, (1, 8, 5, 2), 1, 5),
        (2, {"output_size": (4, 3), "data_format": "channels_first"}, (1, 2, 3, 8), 0, 3),
    ]:
        size = tuple(np.broadcast_to(kwargs["output_size"], (rank,)).tolist())
        message = re.escape(f"`output_size`={size} is larger than the input on spatial "
                            f"axis {axis} (size {n})")
        with pytest.raises(ValueError, match=message):
            CLASSES[rank](**kwargs)(np.ones(shape, "float32"))
        with pytest.raises(ValueError, match=message):  # symbolic: when the model is built
            CLASSES[rank](**kwargs)(keras.Input(shape=shape[1:]))


def test_wrong_rank():
    with pytest.raises(ValueError, match="expected ndim=4"):
        SpectralPooling2D(4)(np.ones((2, 8, 2), "float32"))
    with pytest.raises(ValueError, match="expected ndim=3"):
        SpectralPooling1D(4)(np.ones((2, 8, 8, 2), "float32"))
