"""FFTConv1D: the harness, equality with numpy.convolve, lengths, bad input."""

import keras
import numpy as np
import pytest

from keras_spectral.layers import FFTConv1D
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy
from keras_spectral.testing.references.mixers import fft_conv1d as direct


def reference_fn(causal=True, use_skip=True, use_bias=True, channels_first=False):
    def fn(x, weights):
        kernel, *rest = weights
        skip = rest.pop(0) if use_skip else None
        bias = rest.pop(0) if use_bias else None
        return direct(x, kernel, causal, skip, bias, channels_first)
    return fn


@pytest.mark.parametrize("causal", [True, False])
def test_harness(causal):
    x = np.random.default_rng(0).standard_normal((3, 12, 3)).astype("float32")
    run_layer_test(
        FFTConv1D, {"kernel_size": 12, "causal": causal}, x,
        expected_output_shape=x.shape,
        reference_fn=reference_fn(causal),
        expected_num_trainable_weights=3,
        symbolic_input_shape=(None, 3),
        expected_symbolic_output_shape=(None, None, 3),
        gradient_input=x[:1, :9, :2],
        run_mixed_precision=causal,
    )


def test_harness_channels_first_no_skip_no_bias():
    x = np.random.default_rng(1).standard_normal((2, 2, 7)).astype("float32")
    run_layer_test(
        FFTConv1D, {"kernel_size": 9, "causal": False, "use_skip": False,
                    "use_bias": False, "data_format": "channels_first"}, x,
        expected_output_shape=x.shape,
        reference_fn=reference_fn(False, False, False, channels_first=True),
        expected_num_trainable_weights=1,
        gradient_input=x[:1], run_training=False, run_mixed_precision=False,
    )


@pytest.mark.parametrize("causal", [True, False])
@pytest.mark.parametrize("steps,kernel_size", [(1, 1), (1, 7), (5, 5), (6, 11), (13, 25),
                                               (200, 300), (1000, 1000)])
def test_equals_numpy_convolve(causal, steps, kernel_size):
    """Every length up to kernel_size, odd and even kernels, float32 accuracy
    against the direct convolution."""
    rng = np.random.default_rng(steps + kernel_size)
    layer = FFTConv1D(kernel_size, causal=causal)
    x = rng.standard_normal((2, steps, 3))
    layer.build(x.shape)
    for w in layer.weights:
        w.assign(rng.standard_normal(w.shape).astype("float32"))
    kernel, skip, bias = (to_numpy(w).astype("float64") for w in layer.weights)
    assert_close(layer(x.astype("float32")), direct(x, kernel, causal, skip, bias))


def test_centred_is_numpy_same_mode():
    rng = np.random.default_rng(2)
    x, k = rng.standard_normal(20), rng.standard_normal(7)
    for causal, mode in ((False, "same"), (True, "full")):
        got = direct(x[None, :, None], k[:, None], causal)[0, :, 0]
        np.testing.assert_allclose(got, np.convolve(x, k, mode)[:20], atol=1e-12)


def test_taps():
    assert FFTConv1D(100, causal=False).taps(10) == (40, 58, 9)
    assert FFTConv1D(100).taps(10) == (0, 9, 0)
    assert FFTConv1D(100).taps(None) == (0, 99, 0)
    assert FFTConv1D(5, causal=False).taps(5) == (0, 4, 2)


def test_causality():
    """Output t does not move (beyond float64 rounding) when inputs after t change."""
    rng = np.random.default_rng(3)
    layer = FFTConv1D(64, dtype="float64")
    x = rng.standard_normal((1, 64, 2))
    y = to_numpy(layer(x))
    x2 = x.copy()
    x2[:, 40:] = 1e3 * rng.standard_normal((1, 24, 2))
    np.testing.assert_allclose(to_numpy(layer(x2))[:, :40], y[:, :40], rtol=0, atol=1e-9)


def test_functional_model_with_unknown_length():
    inputs = keras.Input((None, 4))
    model = keras.Model(inputs, FFTConv1D(32)(inputs))
    rng = np.random.default_rng(4)
    kernel, skip, bias = (to_numpy(w).astype("float64") for w in model.layers[1].weights)
    for steps in (32, 17):
        x = rng.standard_normal((2, steps, 4))
        assert_close(model(x.astype("float32")), direct(x, kernel, True, skip, bias))


@pytest.mark.parametrize("causal, data_format", [(True, "channels_last"),
                                                  (False, "channels_last"),
                                                  (False, "channels_first")])
def test_compiled_model_with_unknown_length_at_two_lengths(causal, data_format):
    """`predict` on a model with a free length (a traced graph where the length
    is unknown, on tensorflow) at lengths shorter and longer than the kernel,
    each equal to the float64 reference: the FFT length must not be the one of
    the first call or the kernel's."""
    shape = (None, 3) if data_format == "channels_last" else (3, None)
    inputs = keras.Input(shape)
    layer = FFTConv1D(16, causal=causal, data_format=data_format)
    model = keras.Model(inputs, layer(inputs))
    rng = np.random.default_rng(6)
    for w in layer.weights:
        w.assign(rng.standard_normal(w.shape).astype("float32"))
    kernel, skip, bias = (to_numpy(w).astype("float64") for w in layer.weights)
    channels_first = data_format == "channels_first"
    for steps in (16, 53, 5):
        x = rng.standard_normal((3, 3, steps) if channels_first else (3, steps, 3))
        got = model.predict(x.astype("float32"), verbose=0)
        assert_close(got, direct(x, kernel, causal, skip, bias, channels_first),
                     err_msg=f"steps={steps}")


def test_recalls_a_value_far_back():
    """A kernel as long as the sequence learns to copy x[t - 150]."""
    if keras.backend.backend() == "numpy":
        pytest.skip("the numpy backend does not train")
    rng = np.random.default_rng(5)
    x = rng.standard_normal((128, 200, 1)).astype("float32")
    y = np.zeros_like(x)
    y[:, 150:] = x[:, :50]
    model = keras.Sequential([keras.Input((200, 1)),
                              FFTConv1D(200, use_skip=False, kernel_initializer="zeros")])
    model.compile(keras.optimizers.Adam(0.02), "mse")
    model.fit(x, y, epochs=40, batch_size=32, verbose=0)
    kernel = to_numpy(model.layers[0].kernel)[:, 0]
    assert np.argmax(np.abs(kernel)) == 150
    assert float(np.mean((to_numpy(model(x)) - y) ** 2)) < 1e-2


def test_bad_input():
    with pytest.raises(ValueError, match="`kernel_size` must be an integer >= 1; got 0"):
        FFTConv1D(0)
    with pytest.raises(TypeError, match="`causal` must be True or False; got 'yes'"):
        FFTConv1D(4, causal="yes")
    with pytest.raises(ValueError, match="known channel count"):
        FFTConv1D(8).build((None, 8, None))
    with pytest.raises(ValueError, match="`data_format` must be"):
        FFTConv1D(8, data_format="ncw")


@pytest.mark.parametrize("causal", [True, False])
@pytest.mark.parametrize("kernel_size, steps", [(16, 32), (5, 40), (1, 7), (8, 9)])
def test_a_kernel_shorter_than_the_sequence_is_zero_padded(causal, kernel_size, steps):
    rng = np.random.default_rng(kernel_size)
    x = rng.standard_normal((2, steps, 3))
    layer = FFTConv1D(kernel_size, causal=causal, dtype="float64")
    out = to_numpy(layer(x))
    weights = [to_numpy(w) for w in layer.weights]
    assert_close(out, reference_fn(causal)(x, weights))
    # the same as a kernel as long as the sequence whose extra taps are zero
    padded = np.zeros((steps if causal else 2 * steps - 1, 3))
    start = 0 if causal else (padded.shape[0] - 1) // 2 - (kernel_size - 1) // 2
    padded[start:start + kernel_size] = weights[0]
    assert_close(out, reference_fn(causal)(x, [padded] + weights[1:]))
    # keras's depthwise Conv1D on the left-padded input, flipped kernel (not on the
    # numpy backend, whose float64 convolution runs through float32 jax)
    if causal and backend_name() != "numpy":
        conv = keras.layers.DepthwiseConv1D(kernel_size, use_bias=False, dtype="float64")
        conv.build((2, steps + kernel_size - 1, 3))
        conv.set_weights([weights[0][::-1, :, None]])
        left = np.pad(x, ((0, 0), (kernel_size - 1, 0), (0, 0)))
        assert_close(out, to_numpy(conv(left)) + x * weights[1] + weights[2])
