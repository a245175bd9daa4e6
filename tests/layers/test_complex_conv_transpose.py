"""ComplexConv2DTranspose: the harness on every backend against a float64
NumPy complex transposed convolution written from its definition (each input
point scatters its kernel-weighted copy; Keras's output sizes), every
formulation, adjointness to ComplexConv2D, C-linearity, bad arguments."""

import numpy as np
import pytest

from keras_spectral import complex as kc
from keras_spectral.initializers import ComplexHe
from keras_spectral.layers import ComplexConv2D, ComplexConv2DTranspose
from keras_spectral.testing import assert_close, run_layer_test, to_numpy


def pair(shape, seed=0, dtype="float32"):
    rng = np.random.default_rng(seed)
    return kc.Complex(*(rng.standard_normal(shape).astype(dtype) for _ in range(2)))


def keras_pads(taps, stride, dilation, padding, output_padding):
    """Keras's (left, right) padding of a transposed convolution, as the
    full scatter's crop: the output starts `taps_eff - 1 - left` into it."""
    eff = (taps - 1) * dilation + 1
    if padding == "valid":
        extra = max(eff, stride) - eff if output_padding is None else output_padding
        return eff - 1, eff - 1 + extra
    total = stride + eff - 2 if output_padding is None else eff + eff % 2 - 2 + output_padding
    left = min(total // 2 + total % 2, eff - 1)
    return left, total - left


def transpose_reference(strides=(1, 1), padding="valid", dilation=(1, 1),
                        output_padding=None, channels_first=False):
    def fn(z, weights):
        kernel = weights[0][0] + 1j * weights[0][1]  # (kh, kw, filters, channels)
        if channels_first:
            z = np.moveaxis(z, 1, -1)
        taps = kernel.shape[:2]
        extra = (None, None) if output_padding is None else output_padding
        eff = [(k - 1) * d + 1 for k, d in zip(taps, dilation)]
        full = [(n - 1) * s + e for n, s, e in zip(z.shape[1:3], strides, eff)]
        pads = [keras_pads(k, s, d, padding, e)
                for k, s, d, e in zip(taps, strides, dilation, extra)]
        sizes = [(n - 1) * s + 1 + left + right - e + 1
                 for n, s, (left, right), e in zip(z.shape[1:3], strides, pads, eff)]
        buffer = np.zeros((z.shape[0], max(full[0], sizes[0] + eff[0]) + eff[0],
                           max(full[1], sizes[1] + eff[1]) + eff[1], kernel.shape[2]),
                          dtype=complex)
        for i, j in np.ndindex(*z.shape[1:3]):
            for a, b in np.ndindex(*taps):
                p, q = i * strides[0] + a * dilation[0], j * strides[1] + b * dilation[1]
                buffer[:, p, q] += z[:, i, j] @ kernel[a, b].T
        starts = [e - 1 - left for e, (left, _) in zip(eff, pads)]
        out = buffer[:, starts[0]:starts[0] + sizes[0], starts[1]:starts[1] + sizes[1]]
        if len(weights) > 1:
            out = out + (weights[1][0] + 1j * weights[1][1])
        return np.moveaxis(out, -1, 1) if channels_first else out

    return fn


def test_harness_same_strided():
    kwargs = {"filters": 3, "kernel_size": (3, 3), "strides": (2, 2), "padding": "same"}
    run_layer_test(ComplexConv2DTranspose, kwargs, pair((2, 3, 4, 2)),
                   expected_output_shape=(2, 6, 8, 3),
                   reference_fn=transpose_reference((2, 2), "same"),
                   expected_num_trainable_weights=2,
                   symbolic_input_shape=(None, None, 2),
                   expected_symbolic_output_shape=(None, None, None, 3),
                   gradient_input=pair((1, 2, 2, 2), seed=3, dtype="float64"))


def test_harness_valid_dilated_channels_first_without_bias():
    kwargs = {"filters": 2, "kernel_size": (2, 3), "dilation_rate": (2, 1),
              "data_format": "channels_first", "use_bias": False, "method": "gauss"}
    run_layer_test(ComplexConv2DTranspose, kwargs, pair((2, 3, 4, 4)),
                   expected_output_shape=(2, 2, 6, 6),
                   reference_fn=transpose_reference(dilation=(2, 1), channels_first=True),
                   expected_num_trainable_weights=1,
                   gradient_input=pair((1, 2, 2, 3), seed=3, dtype="float64"),
                   run_mixed_precision=False, jit_compile_modes=(False,))


@pytest.mark.parametrize("method", ["block", "gauss", "naive"])
@pytest.mark.parametrize("kwargs", [
    {"strides": (2, 2), "padding": "valid", "output_padding": (1, 0)},
    {"strides": (2, 3), "padding": "same", "output_padding": (1, 2)},
    {"strides": (1, 1), "padding": "same", "dilation_rate": (2, 2)},
], ids=["valid-output-padding", "same-output-padding", "same-dilated"])
def test_every_method_equals_the_reference_in_float64(method, kwargs):
    layer = ComplexConv2DTranspose(2, (3, 2), method=method, bias_initializer="ones",
                                   dtype="float64", **kwargs)
    z = pair((2, 3, 4, 3), seed=2, dtype="float64")
    out = layer(z)
    weights = [to_numpy(w) for w in layer.weights]
    reference = transpose_reference(kwargs["strides"], kwargs["padding"],
                                    kwargs.get("dilation_rate", (1, 1)),
                                    kwargs.get("output_padding"))
    assert_close(out, reference(z.real + 1j * z.imag, weights), dtype="float64")


@pytest.mark.parametrize("method", ["block", "gauss"])
def test_adjoint_of_conv2d_and_c_linear(method):
    # <conv(x), y> = <x, conv_transpose(y)>, and f(i z) = i f(z) without bias
    conv = ComplexConv2D(2, (3, 3), strides=2, padding="same", use_bias=False,
                         kernel_initializer=ComplexHe(seed=4), dtype="float64")
    deconv = ComplexConv2DTranspose(3, (3, 3), strides=2, padding="same", use_bias=False,
                                    method=method, dtype="float64")
    x, y = pair((1, 6, 6, 3), seed=5, dtype="float64"), pair((1, 3, 3, 2), seed=6,
                                                             dtype="float64")
    conv(x)
    deconv(y)
    # the adjoint of the real-linear map of the parts (the real inner product
    # below) is the transposed convolution with the conjugate kernel
    kernel = to_numpy(conv.kernel) * np.array([1.0, -1.0])[:, None, None, None, None]
    deconv.kernel.assign(kernel)  # (taps, 3, 2): conv's (taps, in, out) is (taps, out, in) here
    cx = to_numpy(conv(x))
    lhs = np.sum(cx.real * y.real + cx.imag * y.imag)
    ty = to_numpy(deconv(y))
    rhs = np.sum(x.real * ty.real + x.imag * ty.imag)
    np.testing.assert_allclose(lhs, rhs, rtol=1e-10)
    iy = to_numpy(deconv(kc.Complex(-y.imag, y.real)))
    assert_close(iy, 1j * ty, dtype="float64")


def test_bad_arguments():
    with pytest.raises(ValueError, match="`output_padding` must be below `strides`"):
        ComplexConv2DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="`output_padding` must be an integer >= 0"):
        ComplexConv2DTranspose(2, 3, output_padding=-1)
    with pytest.raises(ValueError, match="`padding` must be one of 'valid', 'same'; got 'causal'"):
        ComplexConv2DTranspose(2, 3, padding="causal")
    with pytest.raises(TypeError, match="keyword argument 'groups'"):
        ComplexConv2DTranspose(2, 3, groups=2)
    layer = ComplexConv2DTranspose(2, 3)
    layer(pair((1, 4, 4, 3)))
    with pytest.raises(ValueError, match="`inputs` must have rank 4 and 3 channels"):
        layer(pair((1, 4, 4, 2)))


def test_any_non_empty_size_but_not_an_empty_one():
    layer = ComplexConv2DTranspose(2, 3)  # "valid": one pixel grows to the kernel
    assert tuple(layer(pair((1, 1, 1, 3))).real.shape) == (1, 3, 3, 2)
    with pytest.raises(ValueError, match="spatial size 0 on axis 1.* needs at least 1"):
        layer(pair((1, 0, 4, 3)))
