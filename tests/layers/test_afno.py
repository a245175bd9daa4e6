"""AFNO1D/2D: the harness, FourCastNet's definition, truncation, sizes, errors."""

import keras
import numpy as np
import pytest

from keras_spectral.layers import AFNO1D, AFNO2D
from keras_spectral.testing import assert_close, run_layer_test, to_numpy
from keras_spectral.testing.references.afno import afno

CLASSES = {1: AFNO1D, 2: AFNO2D}


def reference_fn(kwargs):
    def fn(x, weights):
        return afno(x, *weights, kwargs.get("sparsity_threshold", 0.01),
                    kwargs.get("hard_thresholding_fraction", 1.0),
                    kwargs.get("data_format") == "channels_first")
    return fn


def set_weights(layer, rng, scale=0.5):
    """Weights large enough that relu and softshrink cut some values but not
    all; returns them as float64 arrays."""
    for w in layer.weights:
        w.assign(scale * rng.standard_normal(w.shape))
    return [to_numpy(w).astype("float64") for w in layer.weights]


# The harness checks gradients entry by entry: few channels and blocks keep
# the weight count at 24 to 48, and the gradient inputs are cut to a few dozen
# entries (odd sizes there, so both parities are seen, and still truncated
# where the case truncates).
# With 2 channels and FourCastNet's 0.02 init, every MLP output can fall under
# the default threshold 0.01 and leave no weight a gradient (a dead layer the
# training check rejects), hence a smaller threshold there.
HARNESS_CASES = [  # rank, input shape (channels_last), init kwargs, gradient slice
    (2, (2, 6, 8, 4), {"num_blocks": 2}, np.s_[:1, :3, :4]),
    (2, (2, 6, 8, 2), {"num_blocks": 1, "hard_thresholding_fraction": 0.5,
                       "sparsity_threshold": 0.001},
     np.s_[:1, :, :6]),  # kept there: rows k = 0, +-1 of 6, bins 0, 1 of 4
    (1, (2, 10, 2), {"num_blocks": 1, "hidden_size_factor": 2,
                     "hard_thresholding_fraction": 0.6, "sparsity_threshold": 0.001},
     np.s_[:1, :7]),  # 2 of 4 bins
]


@pytest.mark.parametrize("rank,shape,kwargs,gradient_slice", HARNESS_CASES)
def test_harness(rank, shape, kwargs, gradient_slice):
    # relu and softshrink have kinks: a finite-difference step that crosses
    # one fails the gradient check (about 1 in 150 random draws), so the
    # initial weights are drawn from a fixed seed
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    run_layer_test(
        CLASSES[rank], kwargs, x, expected_output_shape=shape,
        reference_fn=reference_fn(kwargs),
        expected_num_trainable_weights=4,
        symbolic_input_shape=(None,) * rank + (shape[-1],),
        expected_symbolic_output_shape=(None,) * (rank + 1) + (shape[-1],),
        gradient_input=x[gradient_slice],
        run_mixed_precision=kwargs == {"num_blocks": 2},  # the first case only
        # JAX compiles every op of an eager step per shape: one case is enough
        jit_compile_modes=(False, True) if kwargs == {"num_blocks": 2} else (True,),
    )


def test_harness_channels_first():
    keras.utils.set_random_seed(0)  # see test_harness
    x = np.random.default_rng(1).standard_normal((2, 4, 6, 8)).astype("float32")
    kwargs = {"num_blocks": 2, "data_format": "channels_first"}
    run_layer_test(
        AFNO2D, kwargs, x, expected_output_shape=x.shape,
        reference_fn=reference_fn(kwargs), expected_num_trainable_weights=4,
        gradient_input=x[:1, :, :3, :5], run_training=False, run_mixed_precision=False,
    )


# float64 (to 1e-10) here; the harness cases check float32 against the
# reference too. Shapes repeat the harness's where they can: JAX compiles per shape.
REFERENCE_CASES = [  # rank, input shape (channels_last unless said), init kwargs
    (2, (2, 7, 9, 4), {"num_blocks": 2, "hard_thresholding_fraction": 0.5}),  # odd sizes
    (2, (2, 6, 8, 4), {"num_blocks": 4, "hard_thresholding_fraction": 0.9,  # k = -3, 4 dropped
                       "hidden_size_factor": 3, "sparsity_threshold": 0.2}),
    (2, (2, 6, 8, 4), {"num_blocks": 2, "hard_thresholding_fraction": 0.3}),  # DC only
    (2, (2, 4, 6, 8), {"num_blocks": 2, "hard_thresholding_fraction": 0.7,
                       "data_format": "channels_first"}),
    (1, (2, 10, 4), {"num_blocks": 2, "hard_thresholding_fraction": 0.4}),
    (1, (2, 4, 11), {"num_blocks": 4, "data_format": "channels_first"}),  # (B, C, steps)
]


@pytest.mark.parametrize("rank,shape,kwargs", REFERENCE_CASES)
def test_reference(rank, shape, kwargs):
    """The layer (kept modes sliced out, MLP on them only) against the
    reference (MLP on every mode, then a frequency mask)."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    layer = CLASSES[rank](**kwargs, dtype="float64")
    layer.build(shape)
    weights = set_weights(layer, rng)
    expected = reference_fn(kwargs)(x, weights)
    assert_close(layer(x), expected, dtype="float64")


@pytest.mark.parametrize("rank,shape", [(2, (2, 6, 8, 4)), (2, (2, 7, 9, 4)),
                                        (1, (2, 10, 4))])
def test_fraction_one_is_fourcastnet(rank, shape):
    """At fraction 1.0 every mode goes through the MLP, as in FourCastNet's
    code (the reference without its mask), Nyquist rows and columns included."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape)
    layer = CLASSES[rank](num_blocks=2, dtype="float64")
    layer.build(shape)
    weights = set_weights(layer, rng)
    expected = afno(x, *weights, 0.01, 1.0, truncate=False)
    assert_close(layer(x), expected, dtype="float64")


def test_truncation_keeps_the_lowest_frequencies():
    """Fraction 0.5 on height 8 keeps |k| < 2 (rows 0, 1, 7), not FourCastNet's
    rows [3:7] of the unshifted spectrum (k = 3, -4, -3, -2). With an identity
    MLP and no threshold, `1.5 + cos(2 pi k h / 8)` has a real, non-negative
    spectrum that relu keeps: a k = 1 wave passes whole (output 2x), a k = 3
    wave loses all but its mean (output x + 1.5)."""
    layer = AFNO2D(num_blocks=1, sparsity_threshold=0.0, hard_thresholding_fraction=0.5,
                   bias_initializer="zeros")
    layer.build((None, 8, 4, 1))
    identity = np.array([1.0, 0.0], "float32").reshape(2, 1, 1, 1)
    layer.w1.assign(identity)
    layer.w2.assign(identity)
    height = np.arange(8, dtype="float64")[None, :, None, None]
    for k, expected in [(1, lambda x: 2 * x), (3, lambda x: x + 1.5)]:
        x = np.broadcast_to(1.5 + np.cos(2 * np.pi * k * height / 8), (1, 8, 4, 1))
        assert_close(layer(x.astype("float32")), expected(x))


@pytest.mark.parametrize("fraction", [1.0, 0.5])
def test_resolution_agnostic_and_none_sizes(fraction):
    """One model at several sizes: the same weights, each size against the
    reference (on TensorFlow, predict's retrace with relaxed shapes runs
    the layer with unknown sizes)."""
    rng = np.random.default_rng(4)
    inputs = keras.Input(shape=(None, None, 4))
    layer = AFNO2D(num_blocks=2, hard_thresholding_fraction=fraction)
    model = keras.Model(inputs, layer(inputs))
    assert tuple(model.output.shape) == (None, None, None, 4)
    weights = set_weights(layer, rng)
    for size in [(6, 8), (7, 9)]:
        x = rng.standard_normal((2,) + size + (4,))
        expected = afno(x, *weights, 0.01, fraction)
        assert_close(model.predict(x.astype("float32"), verbose=0), expected)
        assert_close(model(x.astype("float32")), expected)


def test_none_sizes_1d_symbolic():
    inputs = keras.Input(shape=(None, 6), batch_size=3)
    out = AFNO1D(num_blocks=3, hard_thresholding_fraction=0.5)(inputs)
    assert tuple(out.shape) == (3, None, 6)


def test_zero_weights_give_the_input():
    """Zero weights and biases: every mode of the MLP is zero, the output is
    the residual alone."""
    x = np.random.default_rng(5).standard_normal((2, 6, 8, 4)).astype("float32")
    layer = AFNO2D(num_blocks=2, kernel_initializer="zeros", bias_initializer="zeros")
    assert_close(layer(x), x.astype("float64"))


def test_default_initializers_and_shapes():
    """FourCastNet's 0.02 * randn for all four weights, FourCastNet's shapes."""
    layer = AFNO2D(num_blocks=4)
    for initializer in (layer.kernel_initializer, layer.bias_initializer):
        assert isinstance(initializer, keras.initializers.RandomNormal)
        assert (initializer.mean, initializer.stddev) == (0.0, 0.02)
    layer.build((None, 8, 8, 64))
    assert [tuple(w.shape) for w in layer.weights] == \
        [(2, 4, 16, 16), (2, 4, 16), (2, 4, 16, 16), (2, 4, 16)]
    assert [w.name for w in layer.weights] == ["w1", "b1", "w2", "b2"]
    wide = AFNO1D(num_blocks=2, hidden_size_factor=3, kernel_initializer="zeros",
                  bias_initializer="zeros")
    wide.build((None, 8, 4))
    assert [tuple(w.shape) for w in wide.weights] == \
        [(2, 2, 2, 6), (2, 2, 6), (2, 2, 6, 2), (2, 2, 2)]


def test_bad_arguments():
    with pytest.raises(ValueError, match="`num_blocks` must be an integer >= 1; got 0"):
        AFNO2D(num_blocks=0)
    with pytest.raises(TypeError, match="`num_blocks` must be an integer >= 1; got 2.5"):
        AFNO1D(num_blocks=2.5)
    with pytest.raises(ValueError, match="`hidden_size_factor` must be an integer >= 1; "
                                         "got -1"):
        AFNO2D(hidden_size_factor=-1)
    with pytest.raises(ValueError, match="`sparsity_threshold` must be a finite number "
                                         ">= 0; got -0.1"):
        AFNO2D(sparsity_threshold=-0.1)
    with pytest.raises(TypeError, match="`sparsity_threshold` .*got 'big'"):
        AFNO1D(sparsity_threshold="big")
    for fraction, error in ((0, ValueError), (1.5, ValueError), (-0.5, ValueError),
                            (True, TypeError)):
        with pytest.raises(error, match="`hard_thresholding_fraction` must be a finite "
                                        f"number > 0 and <= 1; got {fraction}"):
            AFNO2D(hard_thresholding_fraction=fraction)
    with pytest.raises(ValueError, match="`data_format` must be .*got 'nhwc'"):
        AFNO2D(data_format="nhwc")
    with pytest.raises(ValueError, match="`num_blocks` must divide the channel count 6; "
                                         "got num_blocks=4"):
        AFNO2D(num_blocks=4)(np.ones((1, 4, 4, 6), "float32"))
    with pytest.raises(ValueError, match="`num_blocks` must divide the channel count 3"):
        AFNO1D(num_blocks=2, data_format="channels_first").build((None, 3, 8))
    with pytest.raises(ValueError, match="needs a known channel count"):
        AFNO1D(num_blocks=2).build((None, 8, None))
    with pytest.raises(ValueError, match="expected ndim=4"):
        AFNO2D(num_blocks=2)(np.ones((2, 8, 2), "float32"))
    with pytest.raises(ValueError, match="expected ndim=3"):
        AFNO1D(num_blocks=2)(np.ones((2, 8, 8, 2), "float32"))


@pytest.mark.parametrize("rank,shape,axis,size", [
    (1, (1, 8, 2), 0, 8),      # int(5 * 0.1) = 0 bins
    (2, (1, 2, 16, 2), 0, 2),  # height 2: int(2 * 0.3) = 0 rows; width keeps 2 bins
    (2, (1, 16, 3, 2), 1, 3),  # width 3: int(2 * 0.3) = 0 bins
])
def test_fraction_keeps_no_mode(rank, shape, axis, size):
    fraction = 0.1 if rank == 1 else 0.3
    layer = CLASSES[rank](num_blocks=1, hard_thresholding_fraction=fraction)
    with pytest.raises(ValueError, match=f"`hard_thresholding_fraction`={fraction} keeps "
                                         f"no mode of spatial axis {axis} of size {size}"):
        layer(np.ones(shape, "float32"))
