"""ComplexConv1D and ComplexConv2D: the harness on every backend against a
float64 NumPy complex convolution written from the definition, the three
formulations of the complex product against it, C-linearity as a property
test, and bad arguments."""

import hypothesis.strategies as st
import keras
import numpy as np
import pytest
from hypothesis import given, settings

from keras_spectral import complex as kc
from keras_spectral.initializers import ComplexHe
from keras_spectral.layers import ComplexConv1D, ComplexConv2D
from keras_spectral.testing import assert_close, run_layer_test, to_numpy


def pair(shape, seed=0, dtype="float32"):
    rng = np.random.default_rng(seed)
    return kc.Complex(*(rng.standard_normal(shape).astype(dtype) for _ in range(2)))


def complex_correlate(z, kernel, strides, padding, dilation, groups=1):
    """The complex cross-correlation of `z` (batch, *spatial, channels) with
    `kernel` (*taps, channels // groups, filters), Keras's padding rules,
    one output point at a time."""
    rank = z.ndim - 2
    taps = kernel.shape[:rank]
    eff = [(k - 1) * d + 1 for k, d in zip(taps, dilation)]
    if padding == "causal":
        pads = [(eff[0] - 1, 0)]
    elif padding == "same":
        pads = []
        for n, e, s in zip(z.shape[1:-1], eff, strides):
            total = max((-(-n // s) - 1) * s + e - n, 0)
            pads.append((total // 2, total - total // 2))
    else:
        pads = [(0, 0)] * rank
    z = np.pad(z, [(0, 0)] + pads + [(0, 0)])
    sizes = [(n - e) // s + 1 for n, e, s in zip(z.shape[1:-1], eff, strides)]
    cin, filters = kernel.shape[-2], kernel.shape[-1]
    per_group = filters // groups
    out = np.zeros((z.shape[0], *sizes, filters), dtype=complex)
    for pos in np.ndindex(*sizes):
        for tap in np.ndindex(*taps):
            point = tuple(p * s + t * d for p, s, t, d in zip(pos, strides, tap, dilation))
            for g in range(groups):
                x = z[(slice(None),) + point + (slice(g * cin, (g + 1) * cin),)]
                w = kernel[tap][:, g * per_group:(g + 1) * per_group]
                out[(slice(None),) + pos + (slice(g * per_group, (g + 1) * per_group),)] += x @ w
    return out


def reference(rank, strides=None, padding="valid", dilation=None, groups=1,
              channels_first=False):
    strides = strides or (1,) * rank
    dilation = dilation or (1,) * rank

    def fn(z, weights):
        kernel = weights[0][0] + 1j * weights[0][1]
        if channels_first:
            z = np.moveaxis(z, 1, -1)
        out = complex_correlate(z, kernel, strides, padding, dilation, groups)
        if len(weights) > 1:
            out = out + (weights[1][0] + 1j * weights[1][1])
        return np.moveaxis(out, -1, 1) if channels_first else out

    return fn


def test_harness_conv2d_same_strided():
    kwargs = {"filters": 4, "kernel_size": (3, 3), "padding": "same", "strides": (2, 2)}
    run_layer_test(ComplexConv2D, kwargs, pair((2, 6, 6, 3)),
                   expected_output_shape=(2, 3, 3, 4),
                   reference_fn=reference(2, strides=(2, 2), padding="same"),
                   expected_num_trainable_weights=2,
                   symbolic_input_shape=(None, None, 3),
                   expected_symbolic_output_shape=(None, None, None, 4),
                   gradient_input=pair((1, 3, 3, 2), seed=3, dtype="float64"))


def test_harness_conv1d_causal_dilated_grouped_without_bias():
    kwargs = {"filters": 4, "kernel_size": (3,), "padding": "causal", "dilation_rate": (2,),
              "groups": 2, "use_bias": False}
    run_layer_test(ComplexConv1D, kwargs, pair((2, 8, 4)), expected_output_shape=(2, 8, 4),
                   reference_fn=reference(1, padding="causal", dilation=(2,), groups=2),
                   expected_num_trainable_weights=1,
                   gradient_input=pair((1, 5, 4), seed=3, dtype="float64"),
                   run_mixed_precision=False, jit_compile_modes=(False,))


def test_harness_conv2d_channels_first_gauss_with_regularizers():
    kwargs = {"filters": 2, "kernel_size": (2, 3), "data_format": "channels_first",
              "method": "gauss", "kernel_initializer": ComplexHe(seed=1),
              "kernel_regularizer": keras.regularizers.L2(0.01),
              "kernel_constraint": keras.constraints.MaxNorm(2.0)}
    run_layer_test(ComplexConv2D, kwargs, pair((2, 3, 5, 5)),
                   expected_output_shape=(2, 2, 4, 3),
                   reference_fn=reference(2, channels_first=True),
                   expected_num_trainable_weights=2,
                   gradient_input=pair((1, 3, 3, 4), seed=3, dtype="float64"),
                   run_mixed_precision=False, jit_compile_modes=(False,))


@pytest.mark.parametrize("method", ["block", "gauss", "naive"])
@pytest.mark.parametrize("layer_cls, kwargs, shape, ref", [
    (ComplexConv2D, {"filters": 3, "kernel_size": (3, 3), "padding": "same"}, (2, 5, 5, 2),
     reference(2, padding="same")),
    (ComplexConv1D, {"filters": 3, "kernel_size": (3,), "strides": (2,)}, (2, 9, 2),
     reference(1, strides=(2,))),
], ids=["2d", "1d"])
def test_every_method_equals_the_reference_in_float64(method, layer_cls, kwargs, shape, ref):
    layer = layer_cls(**kwargs, method=method, bias_initializer="ones", dtype="float64")
    z = pair(shape, seed=2, dtype="float64")
    out = layer(z)
    weights = [to_numpy(w) for w in layer.weights]
    assert_close(out, ref(z.real + 1j * z.imag, weights), dtype="float64")


def test_real_input_has_zero_imaginary_part():
    layer = ComplexConv1D(2, 3, padding="same", dtype="float64")
    x = np.random.default_rng(1).standard_normal((2, 6, 3))
    out = layer(x)
    weights = [to_numpy(w) for w in layer.weights]
    assert_close(out, reference(1, padding="same")(x.astype(complex), weights),
                 dtype="float64")


@settings(max_examples=10, deadline=None)
@given(method=st.sampled_from(["block", "gauss", "naive"]), seed=st.integers(0, 1000),
       shape=st.sampled_from([(1, 5, 5, 2), (2, 4, 6, 3)]))
def test_c_linearity_without_bias(method, seed, shape):
    layer = ComplexConv2D(3, (3, 3), padding="same", use_bias=False, method=method,
                          kernel_initializer=ComplexHe(seed=seed), dtype="float64")
    z = pair(shape, seed=seed, dtype="float64")
    w = pair(shape, seed=seed + 1, dtype="float64")
    a, b = np.random.default_rng(seed).standard_normal(2)
    fz, fw = to_numpy(layer(z)), to_numpy(layer(w))
    # f(i z) = i f(z), and f(a z + b w) = a f(z) + b f(w)
    assert_close(layer(kc.Complex(-z.imag, z.real)), 1j * fz, dtype="float64")
    combined = kc.Complex(a * z.real + b * w.real, a * z.imag + b * w.imag)
    assert_close(layer(combined), a * fz + b * fw, dtype="float64")


def test_bad_arguments():
    with pytest.raises(ValueError, match="`filters` must be an integer >= 1; got 0"):
        ComplexConv2D(0, 3)
    with pytest.raises(TypeError, match="`kernel_size` must be"):
        ComplexConv2D(2, "3")
    with pytest.raises(ValueError, match="`kernel_size` must be .* got \\(3, 3, 3\\)"):
        ComplexConv2D(2, (3, 3, 3))
    with pytest.raises(ValueError, match="`padding` must be one of 'valid', 'same'; got 'causal'"):
        ComplexConv2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="`dilation_rate` must be 1 where `strides`"):
        ComplexConv1D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="`groups` must divide `filters` \\(3\\); got 2"):
        ComplexConv1D(3, 3, groups=2)
    with pytest.raises(ValueError, match="`method` 'block' needs groups=1"):
        ComplexConv1D(2, 3, groups=2, method="block")
    with pytest.raises(ValueError, match="`method` must be one of .* got 'fast'"):
        ComplexConv1D(2, 3, method="fast")
    with pytest.raises(ValueError, match="`data_format` must be one of"):
        ComplexConv1D(2, 3, data_format="NHWC")
    with pytest.raises(ValueError, match="`groups` must divide the input channels \\(3\\)"):
        ComplexConv1D(2, 3, groups=2)(pair((1, 6, 3)))
    layer = ComplexConv2D(2, 3)
    layer(pair((1, 5, 5, 3)))
    with pytest.raises(ValueError, match="`inputs` must have rank 4 and 3 channels"):
        layer(pair((1, 5, 5, 4)))
    with pytest.raises(ValueError, match="needs `inputs` of rank 3"):
        ComplexConv1D(2, 3)(pair((1, 5, 5, 3)))


def test_spatial_sizes_it_cannot_take():
    layer = ComplexConv2D(2, 3)
    layer(pair((1, 5, 5, 3)))
    with pytest.raises(ValueError, match="spatial size 0 on axis 1.* needs at least 3"):
        layer(pair((1, 0, 5, 3)))
    with pytest.raises(ValueError, match="spatial size 2 on axis 2.* needs at least 3"):
        layer(pair((1, 5, 2, 3)))
    dilated = ComplexConv1D(2, 3, dilation_rate=2)
    with pytest.raises(ValueError, match="spatial size 4 .* needs at least 5"):
        dilated(pair((1, 4, 3)))
    same = ComplexConv1D(2, 3, padding="same")
    assert tuple(same(pair((1, 2, 3))).real.shape) == (1, 2, 2)
    with pytest.raises(ValueError, match="spatial size 0 .* needs at least 1"):
        same(pair((1, 0, 3)))
