"""numerics.conv and numerics.conv_transpose keep float64 on every backend
and equal the float64 NumPy references of the complex convolution tests; the
numpy backend's own versions (backend/numpy_conv.py) equal Keras's ops on
the backend under test, for Keras's padding rules."""

import itertools

import keras
import numpy as np
import pytest

from keras_spectral import numerics
from keras_spectral.backend import numpy_conv
from keras_spectral.testing import assert_close, backend_name
from tests.layers.test_complex_conv import complex_correlate
from tests.layers.test_complex_conv_transpose import transpose_reference

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("padding, strides, dilation, groups", [
    ("valid", (1, 1), (1, 1), 1), ("same", (2, 1), (1, 1), 1), ("same", (1, 1), (2, 2), 2),
])
def test_conv_keeps_float64(padding, strides, dilation, groups):
    x, kernel = RNG.standard_normal((2, 7, 6, 4)), RNG.standard_normal((3, 2, 4 // groups, 6))
    out = numerics.conv(keras.ops.convert_to_tensor(x, "float64"),
                        keras.ops.convert_to_tensor(kernel, "float64"), strides=strides,
                        padding=padding, data_format="channels_last", dilation_rate=dilation)
    assert keras.backend.standardize_dtype(out.dtype) == "float64"
    want = complex_correlate(x.astype(complex), kernel, strides, padding, dilation, groups)
    assert_close(out, want.real, dtype="float64")


@pytest.mark.skipif(backend_name() != "tensorflow", reason="Keras's tensorflow conv")
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_eager_grouped_conv_compiles_once_per_shape_on_tensorflow(data_format):
    # Keras's tensorflow conv builds a new XLA function at every eager grouped call
    # (about 90 ms each); numerics.conv goes through one cached function instead
    from keras_spectral.backend import tensorflow as tf_backend

    x, kernel = RNG.standard_normal((2, 9, 4)), RNG.standard_normal((3, 2, 6))
    if data_format == "channels_first":
        x = np.moveaxis(x, -1, 1)
    before = tf_backend._xla_conv.experimental_get_tracing_count()
    outs = [numerics.conv(x + i, kernel, padding="same", data_format=data_format)
            for i in range(3)]
    assert tf_backend._xla_conv.experimental_get_tracing_count() == before + 1
    moved = np.moveaxis(x, 1, -1) if data_format == "channels_first" else x
    for i, out in enumerate(outs):
        want = complex_correlate((moved + i).astype(complex), kernel, (1,), "same", (1,), 2)
        got = keras.ops.convert_to_numpy(out)
        got = np.moveaxis(got, 1, -1) if data_format == "channels_first" else got
        assert_close(got, want.real, dtype="float32")


@pytest.mark.parametrize("padding, strides, output_padding", [
    ("valid", (2, 2), None), ("same", (2, 3), (1, 2)), ("valid", (1, 1), None),
])
def test_conv_transpose_keeps_float64(padding, strides, output_padding):
    x, kernel = RNG.standard_normal((2, 3, 4, 3)), RNG.standard_normal((3, 2, 5, 3))
    out = numerics.conv_transpose(
        keras.ops.convert_to_tensor(x, "float64"), keras.ops.convert_to_tensor(kernel, "float64"),
        strides=strides, padding=padding, output_padding=output_padding,
        data_format="channels_last")
    assert keras.backend.standardize_dtype(out.dtype) == "float64"
    want = transpose_reference(strides, padding, output_padding=output_padding)(
        x.astype(complex), [np.stack([kernel, np.zeros_like(kernel)])])
    assert_close(out, want.real, dtype="float64")


@pytest.mark.skipif(backend_name() == "numpy", reason="compares with another backend's ops")
@pytest.mark.parametrize("rank", [1, 2])
def test_numpy_versions_equal_keras_ops(rank):
    # TensorFlow's CPU kernels compute neither NCHW nor dilated transposes
    tf = backend_name() == "tensorflow"
    formats = ("channels_last",) if tf else ("channels_last", "channels_first")
    for padding, stride, dilation, groups, data_format in itertools.product(
            ("valid", "same"), (1, 2), (1, 2), (1, 2), formats):
        if stride > 1 and dilation > 1:
            continue
        x = RNG.standard_normal((2,) + (7, 6)[:rank] + (4,)).astype("float32")
        if data_format == "channels_first":
            x = np.moveaxis(x, -1, 1)
        kernel = RNG.standard_normal((3,) * rank + (4 // groups, 6)).astype("float32")
        args = (stride, padding, data_format, dilation)
        assert_close(numpy_conv.conv(x, kernel, *args), keras.ops.conv(x, kernel, *args),
                     err_msg=f"conv {args} groups {groups}")
        if groups > 1 or (tf and dilation > 1):
            continue
        kernel = RNG.standard_normal((3,) * rank + (5, 4)).astype("float32")
        for extra in (None, 0, 1) if stride > 1 else (None,):
            args = (stride, padding, extra, data_format, dilation)
            assert_close(numpy_conv.conv_transpose(x, kernel, *args),
                         keras.ops.conv_transpose(x, kernel, *args),
                         err_msg=f"conv_transpose {args}")
