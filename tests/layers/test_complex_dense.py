"""ComplexDense and the complex Glorot / He initializers: the harness on
every backend against a float64 NumPy complex reference, C-linearity as a
property test, and bad arguments."""

import hypothesis.strategies as st
import keras
import numpy as np
import pytest
from hypothesis import given, settings

from keras_spectral import backend
from keras_spectral import complex as kc
from keras_spectral.initializers import ComplexGlorot, ComplexHe
from keras_spectral.layers import ComplexDense
from keras_spectral.testing import assert_close, run_layer_test, to_numpy


def pair(shape, seed=0, dtype="float32"):
    rng = np.random.default_rng(seed)
    return kc.Complex(*(rng.standard_normal(shape).astype(dtype) for _ in range(2)))


def reference(z, weights):
    kernel = weights[0][0] + 1j * weights[0][1]
    out = z @ kernel
    return out + (weights[1][0] + 1j * weights[1][1]) if len(weights) > 1 else out


@pytest.mark.parametrize("use_bias", [True, False])
def test_harness(use_bias):
    run_layer_test(ComplexDense, {"units": 4, "use_bias": use_bias}, pair((2, 5, 3)),
                   expected_output_shape=(2, 5, 4), reference_fn=reference,
                   expected_num_trainable_weights=1 + use_bias,
                   symbolic_input_shape=(None, 3), expected_symbolic_output_shape=(None, None, 4),
                   gradient_input=pair((1, 2, 3), seed=3, dtype="float64"))


@pytest.mark.parametrize("method", ["auto", "block", "gauss", "naive"])
def test_every_method_equals_the_reference_in_float64(method):
    """Outputs, and the gradients of sum(Re(conj(g) y)) for a fixed complex
    g, as the backends compute them (real-pair gradients: d/dre + i d/dim),
    against NumPy in complex128: dz = g W^H, dW = z^H g, db = sum g."""
    layer = ComplexDense(5, method=method, bias_initializer="ones", dtype="float64")
    z = pair((2, 3, 4), seed=2, dtype="float64")
    layer.build(z.real.shape)
    layer.kernel.assign(np.stack(pair((4, 5), seed=4, dtype="float64")))
    weights = [to_numpy(w) for w in layer.weights]
    zc = z.real + 1j * z.imag
    assert_close(layer(z), reference(zc, weights), dtype="float64")
    if backend.name() == "numpy":
        return  # no autodiff
    g = pair((2, 3, 5), seed=5, dtype="float64")

    def loss(real, imag, kernel, bias):
        out, _ = layer.stateless_call([kernel, bias], [], kc.Complex(real, imag))
        gr, gi = (keras.ops.convert_to_tensor(p) for p in g)
        return keras.ops.sum(out.real * gr + out.imag * gi)

    grads = [to_numpy(d) for d in backend.grad(loss, [keras.ops.convert_to_tensor(a) for a in (
        z.real, z.imag, weights[0], weights[1])])]
    gc, w = g.real + 1j * g.imag, weights[0][0] + 1j * weights[0][1]
    dz, dw = gc @ w.conj().T, np.einsum("bsc,bsu->cu", zc.conj(), gc)
    db = gc.sum(axis=(0, 1))
    for got, want in ((grads[0] + 1j * grads[1], dz), (grads[2][0] + 1j * grads[2][1], dw),
                      (grads[3][0] + 1j * grads[3][1], db)):
        assert_close(got, want, dtype="float64")
    again = ComplexDense.from_config(layer.get_config())
    assert again.method == method


def test_harness_rank_two_with_regularizers_and_constraints():
    kwargs = {"units": 2, "kernel_initializer": ComplexHe(seed=1),
              "kernel_regularizer": keras.regularizers.L2(0.01),
              "bias_regularizer": keras.regularizers.L1(0.01),
              "kernel_constraint": keras.constraints.MaxNorm(2.0),
              "bias_initializer": keras.initializers.Ones()}
    run_layer_test(ComplexDense, kwargs, pair((4, 3)), expected_output_shape=(4, 2),
                   reference_fn=reference, expected_num_trainable_weights=2,
                   gradient_input=pair((2, 3), seed=3, dtype="float64"),
                   run_mixed_precision=False)


def test_real_input_has_zero_imaginary_part():
    layer = ComplexDense(3)
    x = np.random.default_rng(1).standard_normal((2, 4)).astype("float32")
    out = layer(x)
    weights = [to_numpy(w).astype("float64") for w in layer.weights]
    assert_close(out, reference(x.astype("float64"), weights))


@settings(max_examples=20, deadline=None)
@given(batch=st.integers(1, 3), channels=st.integers(1, 4), units=st.integers(1, 4),
       seed=st.integers(0, 1000))
def test_c_linearity_without_bias(batch, channels, units, seed):
    layer = ComplexDense(units, use_bias=False, kernel_initializer=ComplexGlorot(seed=seed),
                         dtype="float64")
    z = pair((batch, channels), seed=seed, dtype="float64")
    w = pair((batch, channels), seed=seed + 1, dtype="float64")
    a, b = np.random.default_rng(seed).standard_normal(2)
    fz, fw = to_numpy(layer(z)), to_numpy(layer(w))
    # f(i z) = i f(z), and f(a z + b w) = a f(z) + b f(w)
    assert_close(layer(kc.Complex(-z.imag, z.real)), 1j * fz, dtype="float64")
    combined = kc.Complex(a * z.real + b * w.real, a * z.imag + b * w.imag)
    assert_close(layer(combined), a * fz + b * fw, dtype="float64")


@pytest.mark.parametrize("initializer, variance", [
    (ComplexGlorot, lambda fan_in, fan_out: 2.0 / (fan_in + fan_out)),
    (ComplexHe, lambda fan_in, fan_out: 2.0 / fan_in),
])
def test_initializers_rayleigh_magnitude_uniform_phase(initializer, variance):
    w = to_numpy(initializer(seed=0)((2, 3, 128, 64)))  # a kernel 3 wide
    z = w[0] + 1j * w[1]
    assert w.shape == (2, 3, 128, 64)
    np.testing.assert_allclose(np.mean(np.abs(z) ** 2), variance(3 * 128, 3 * 64), rtol=0.05)
    counts, _ = np.histogram(np.angle(z), bins=8, range=(-np.pi, np.pi))
    np.testing.assert_allclose(counts / z.size, 1 / 8, atol=0.01)
    assert abs(np.mean(z)) < 0.05 * np.sqrt(variance(3 * 128, 3 * 64))
    again = keras.initializers.deserialize(keras.initializers.serialize(initializer(seed=0)))
    np.testing.assert_array_equal(to_numpy(again((2, 3, 128, 64))), w)


def test_bad_arguments():
    with pytest.raises(ValueError, match="`units` must be an integer >= 1; got 0"):
        ComplexDense(0)
    with pytest.raises(TypeError, match="`units` must be an integer"):
        ComplexDense(2.5)
    with pytest.raises(TypeError, match="`use_bias` must be True or False"):
        ComplexDense(2, use_bias="yes")
    with pytest.raises(ValueError, match="`method` must be one of .* got 'fast'"):
        ComplexDense(2, method="fast")
    with pytest.raises(ValueError, match="Could not interpret"):
        ComplexDense(2, kernel_regularizer="no such regularizer")
    layer = ComplexDense(2)
    layer(pair((1, 3)))
    with pytest.raises(ValueError, match="`inputs` must have 3 channels"):
        layer(pair((1, 4)))
    with pytest.raises(ValueError, match="`shape` must start with 2"):
        ComplexGlorot()((3, 4))
