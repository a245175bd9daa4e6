"""SpectralConv1D/2D/3D: the harness, the paper's definition, corners, sizes."""

import keras
import numpy as np
import pytest

from keras_spectral.layers import SpectralConv1D, SpectralConv2D, SpectralConv3D
from keras_spectral.testing import assert_close, run_layer_test, to_numpy
from keras_spectral.testing.references import spectral_conv as paper_reference
from keras_spectral.testing.references import spectral_kernel_from_variable as canonical

CLASSES = {1: SpectralConv1D, 2: SpectralConv2D, 3: SpectralConv3D}


def reference_fn(modes, channels_first=False):
    def fn(x, weights):
        kernel, bias = weights
        return paper_reference(x, canonical(kernel, modes), modes, bias, channels_first)
    return fn


CASES = [  # rank, input shape (channels_last), modes
    (1, (3, 16, 3), (5,)),
    (1, (3, 15, 2), (8,)),     # odd length, modes = n // 2 + 1
    (2, (2, 12, 10, 3), (3, 6)),  # even width, Nyquist column kept
    (3, (2, 8, 6, 7, 2), (2, 3, 4)),
]
# The harness checks gradients entry by entry: fewer modes in 2-D and 3-D keep
# the weight count (and the CI time) small; CASES cover the larger ones.
HARNESS_CASES = CASES[:2] + [
    (2, (2, 8, 10, 2), (2, 6)),
    (3, (2, 4, 6, 5, 2), (1, 2, 2)),
]


@pytest.mark.parametrize("rank,shape,modes", HARNESS_CASES)
def test_harness(rank, shape, modes):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    small = tuple(2 * m for m in modes[:-1]) + (2 * modes[-1] - 1,)
    run_layer_test(
        CLASSES[rank], {"filters": 4, "modes": modes}, x,
        expected_output_shape=shape[:-1] + (4,),
        reference_fn=reference_fn(modes),
        expected_num_trainable_weights=2,
        symbolic_input_shape=(None,) * rank + (shape[-1],),
        expected_symbolic_output_shape=(None,) * (rank + 1) + (4,),
        gradient_input=x[:1, *(slice(0, n) for n in small), :],
        jit_compile_modes=(False, True) if rank < 3 else (True,),
        run_mixed_precision=rank == 2,
    )


def test_harness_channels_first():
    x = np.random.default_rng(1).standard_normal((2, 3, 8, 9)).astype("float32")
    run_layer_test(
        SpectralConv2D, {"filters": 2, "modes": (2, 3), "data_format": "channels_first"},
        x, expected_output_shape=(2, 2, 8, 9),
        reference_fn=reference_fn((2, 3), channels_first=True),
        gradient_input=x[:1, :2, :4, :5], run_training=False, run_mixed_precision=False,
    )


@pytest.mark.parametrize("rank,shape,modes", CASES + [(2, (1, 8, 8, 2), (4, 5))])
def test_paper_corner_order(rank, shape, modes):
    """set_spectral_kernel takes the paper's layout: each corner of the
    original code multiplies the block the paper says."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    layer = CLASSES[rank](3, modes, use_bias=False)
    layer.build(shape)
    weights = rng.standard_normal((2, 2 ** (rank - 1), shape[-1], 3) + modes)
    layer.set_spectral_kernel((weights[0].astype("float32"), weights[1].astype("float32")))
    got = layer.get_spectral_kernel()
    assert_close(got.real, weights[0])
    assert_close(got.imag, weights[1])
    expected = paper_reference(x, weights[0] + 1j * weights[1], modes)
    assert_close(layer(x.astype("float32")), expected)


def test_resolution_agnostic_and_none_sizes():
    rng = np.random.default_rng(3)
    inputs = keras.Input(shape=(None, None, 2))
    layer = SpectralConv2D(3, 4)
    model = keras.Model(inputs, layer(inputs))
    assert tuple(model.output.shape) == (None, None, None, 3)
    for size in [(8, 8), (16, 12), (33, 7)]:
        x = rng.standard_normal((2,) + size + (2,))
        kernel, bias = [to_numpy(w).astype("float64") for w in layer.weights]
        expected = paper_reference(x, canonical(kernel, (4, 4)), (4, 4), bias)
        assert_close(model(x.astype("float32")), expected)


def test_nyquist_and_dc_are_numpys():
    """Kept Nyquist / DC bins with arbitrary complex weights give numpy's
    irfftn (their imaginary parts ignored), not a backend's own variant."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1, 6, 3))
    layer = SpectralConv1D(2, 4, use_bias=False)  # 4 = 6 // 2 + 1: Nyquist kept
    layer.build(x.shape)
    w = rng.standard_normal((2, 1, 3, 2, 4))
    layer.set_spectral_kernel((w[0].astype("float32"), w[1].astype("float32")))
    assert_close(layer(x.astype("float32")), paper_reference(x, w[0] + 1j * w[1], (4,)))


@pytest.mark.parametrize("rank,shape,modes,axis,size", [
    (1, (1, 8, 2), (6,), 0, 8),
    (2, (1, 7, 16, 2), (4, 3), 0, 7),
    (3, (1, 8, 8, 4, 2), (2, 2, 4), 2, 4),
])
def test_size_too_small(rank, shape, modes, axis, size):
    layer = CLASSES[rank](2, modes)
    with pytest.raises(ValueError, match=f"spatial axis {axis} has size {size}, too small "
                                         f"for modes={modes[axis]}"):
        layer(np.ones(shape, "float32"))


def test_bad_arguments():
    with pytest.raises(ValueError, match="`filters` must be an integer >= 1; got 0"):
        SpectralConv1D(0, 4)
    with pytest.raises(ValueError, match="`modes` must be .*2 such integers; got \\(4,\\)"):
        SpectralConv2D(4, (4,))
    with pytest.raises(TypeError, match="`modes` must be .*got 2.5"):
        SpectralConv1D(4, 2.5)
    with pytest.raises(ValueError, match="`data_format` must be .*got 'nhwc'"):
        SpectralConv2D(4, 2, data_format="nhwc")
    with pytest.raises(ValueError, match="expected ndim=4"):
        SpectralConv2D(4, 2)(np.ones((2, 8, 2), "float32"))
    with pytest.raises(ValueError, match="needs a known channel count"):
        SpectralConv1D(4, 2).build((None, 8, None))
    layer = SpectralConv1D(4, 2)
    layer.build((None, 8, 3))
    with pytest.raises(ValueError, match="`value` must have shape \\(1, 3, 4, 2\\)"):
        layer.set_spectral_kernel(np.ones((1, 3, 4, 3), "float32"))


def test_zero_weights_give_the_bias():
    layer = SpectralConv1D(2, 3, kernel_initializer="zeros", bias_initializer="ones")
    y = to_numpy(layer(np.random.default_rng(5).standard_normal((2, 8, 3)).astype("float32")))
    np.testing.assert_array_equal(y, np.ones_like(y))


def test_spectral_kernel_round_trip_in_float64():
    layer = SpectralConv3D(2, (2, 1, 2), dtype="float64")
    layer.build((None, 4, 4, 4, 3))
    w = np.random.default_rng(6).standard_normal((2, 4, 3, 2, 2, 1, 2))
    layer.set_spectral_kernel((w[0], w[1]))
    got = layer.get_spectral_kernel()
    assert_close(got.real, w[0], dtype="float64")
    assert_close(got.imag, w[1], dtype="float64")
