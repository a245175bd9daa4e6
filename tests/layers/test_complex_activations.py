"""ModReLU, CReLU, ZReLU, Cardioid, ComplexTanh and ComplexSigmoid: the
harness on every backend against float64 NumPy complex references."""

import keras
import numpy as np
import pytest

from keras_spectral import backend
from keras_spectral import complex as kc
from keras_spectral.layers import (
    Cardioid, ComplexSigmoid, ComplexTanh, CReLU, ModReLU, ZReLU,
)
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy

SHAPE = (2, 5, 3)


def pair(shape=SHAPE, seed=0, dtype="float32"):
    rng = np.random.default_rng(seed)
    return kc.Complex(*(rng.standard_normal(shape).astype(dtype) for _ in range(2)))


def by_parts(f):
    return lambda z, w: f(z.real) + 1j * f(z.imag)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def modrelu(z, weights):
    (bias,) = weights
    return np.maximum(np.abs(z) + bias, 0.0) * np.exp(1j * np.angle(z))


REFERENCES = [
    (CReLU, by_parts(lambda x: np.maximum(x, 0.0))),
    (ComplexTanh, by_parts(np.tanh)),
    (ComplexSigmoid, by_parts(sigmoid)),
    (ZReLU, lambda z, w: np.where((z.real >= 0) & (z.imag >= 0), z, 0)),
    (Cardioid, lambda z, w: 0.5 * (1 + np.cos(np.angle(z))) * z),
]


@pytest.mark.parametrize("layer, reference", REFERENCES, ids=lambda v: getattr(v, "__name__", ""))
def test_harness(layer, reference):
    run_layer_test(layer, {}, pair(), expected_output_shape=SHAPE, reference_fn=reference,
                   expected_num_trainable_weights=0, symbolic_input_shape=(None, 3),
                   expected_symbolic_output_shape=(None, None, 3),
                   gradient_input=pair((1, 2, 3), seed=4, dtype="float64"), run_training=False)


def test_modrelu_harness():
    run_layer_test(ModReLU, {"bias_initializer": keras.initializers.Ones()}, pair(), expected_output_shape=SHAPE,
                   reference_fn=modrelu, expected_num_trainable_weights=1,
                   symbolic_input_shape=(None, 3), expected_symbolic_output_shape=(None, None, 3),
                   gradient_input=pair((1, 2, 3), seed=4, dtype="float64"))


def test_modrelu_thresholds_the_magnitude_and_keeps_the_phase():
    layer = ModReLU(bias_initializer=keras.initializers.Constant(-1.0))
    z = np.array([[0.5 + 0.5j, 3.0 - 4.0j]])
    out = to_numpy(layer((z.real.astype("float32"), z.imag.astype("float32"))))
    assert_close(out, np.array([[0.0, 4.0 * (3.0 - 4.0j) / 5.0]]))


def test_large_arguments_saturate_in_float64():
    z = kc.Complex(np.array([[-900.0, 0.0, 40.0]]), np.array([[900.0, 1e-3, -41.0]]))
    assert_close(ComplexTanh(dtype="float64")(z), by_parts(np.tanh)(z.real + 1j * z.imag, []),
                 dtype="float64")
    assert_close(ComplexSigmoid(dtype="float64")(z), by_parts(sigmoid)(z.real + 1j * z.imag, []),
                 dtype="float64")


@pytest.mark.skipif(backend_name() == "numpy", reason="no autodiff")
@pytest.mark.parametrize("layer", [ModReLU, Cardioid, ComplexTanh, ComplexSigmoid])
def test_gradients_finite_at_zero_and_far_out(layer):
    values = keras.ops.convert_to_tensor(np.array([[0.0, 200.0, -200.0]]), "float32")

    def loss(real, imag):
        out = layer()(kc.Complex(real, imag))
        return keras.ops.sum(out.real) + keras.ops.sum(out.imag)

    for g in backend.grad(loss, [values, keras.ops.zeros_like(values)]):
        assert np.all(np.isfinite(to_numpy(g)))


def test_real_input_and_bad_arguments():
    x = np.array([[-1.0, 2.0]], "float32")
    assert_close(CReLU()(x), np.maximum(x, 0) + 0j, rtol=0)
    with pytest.raises(ValueError, match="Could not interpret"):
        ModReLU(bias_initializer="no such initializer")
    with pytest.raises(ValueError, match="known last axis"):
        ModReLU()(kc.Complex(keras.Input((None,)), keras.Input((None,))))
    with pytest.raises((TypeError, ValueError), match="input"):
        CReLU()("audio")
