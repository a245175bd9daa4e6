"""ToComplex, Magnitude, Phase, FromPolar and ComplexToChannels: the harness
on every backend against float64 NumPy complex references, zero-safe
gradients, round trips and bad arguments."""

import keras
import numpy as np
import pytest

from keras_spectral import backend
from keras_spectral import complex as kc
from keras_spectral.layers import ComplexToChannels, FromPolar, Magnitude, Phase, ToComplex
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy

RNG = np.random.default_rng(0)
SHAPE = (2, 5, 3)


def pair(shape=SHAPE, seed=0, dtype="float32"):
    rng = np.random.default_rng(seed)
    return kc.Complex(*(rng.standard_normal(shape).astype(dtype) for _ in range(2)))


def small_pair():
    return pair((1, 2, 3), seed=5, dtype="float64")


def test_to_complex_zero_imaginary_part():
    x = RNG.standard_normal(SHAPE).astype("float32")
    run_layer_test(ToComplex, {}, x, expected_output_shape=SHAPE,
                   reference_fn=lambda v, w: v + 0j, expected_num_trainable_weights=0,
                   symbolic_input_shape=(None, 3), expected_symbolic_output_shape=(None, None, 3),
                   gradient_input=x[:1, :2].astype("float64"), run_training=False)


def test_to_complex_from_channels():
    x = RNG.standard_normal((2, 5, 6)).astype("float32")
    run_layer_test(ToComplex, {"from_channels": True}, x, expected_output_shape=SHAPE,
                   reference_fn=lambda v, w: v[..., :3] + 1j * v[..., 3:],
                   expected_num_trainable_weights=0,
                   gradient_input=x[:1, :2].astype("float64"), run_training=False)


@pytest.mark.parametrize("layer, reference", [(Magnitude, np.abs), (Phase, np.angle)])
def test_magnitude_and_phase(layer, reference):
    run_layer_test(layer, {}, pair(), expected_output_shape=SHAPE,
                   reference_fn=lambda z, w: reference(z), expected_num_trainable_weights=0,
                   symbolic_input_shape=(None, 3), expected_symbolic_output_shape=(None, None, 3),
                   gradient_input=small_pair(), run_training=False)


def test_from_polar():
    magnitude, phase = pair(seed=1)
    inputs = kc.Complex(np.abs(magnitude) + 0.1, phase)  # (magnitude, phase)
    run_layer_test(FromPolar, {}, inputs, expected_output_shape=SHAPE,
                   reference_fn=lambda v, w: v.real * np.exp(1j * v.imag),
                   expected_num_trainable_weights=0, gradient_input=small_pair(),
                   run_training=False)


@pytest.mark.parametrize("axis", [-1, 1])
def test_complex_to_channels(axis):
    out_shape = (2, 5, 6) if axis == -1 else (2, 10, 3)
    run_layer_test(ComplexToChannels, {"axis": axis}, pair(), expected_output_shape=out_shape,
                   reference_fn=lambda z, w: np.concatenate([z.real, z.imag], axis=axis),
                   expected_num_trainable_weights=0, gradient_input=small_pair(),
                   run_training=False)


def test_channels_round_trip_and_real_head():
    z = pair()
    back = ToComplex(from_channels=True)(ComplexToChannels()(z))
    assert isinstance(back, kc.Complex)
    assert_close(back, z.real + 1j * z.imag, rtol=0)
    inputs = [keras.Input((None, 3)), keras.Input((None, 3))]
    x = ComplexToChannels()(kc.Complex(*inputs))
    model = keras.Model(inputs, keras.layers.Dense(2)(x))
    assert model.output_shape == (None, None, 2)
    assert to_numpy(model(list(z))).shape == (2, 5, 2)


def test_from_polar_inverts_magnitude_and_phase():
    z = pair(dtype="float64")
    polar = FromPolar(dtype="float64")((Magnitude(dtype="float64")(z), Phase(dtype="float64")(z)))
    assert_close(polar, z.real + 1j * z.imag, dtype="float64")


def test_real_input_is_a_zero_imaginary_part():
    x = np.array([[-2.0, 3.0]], "float32")
    assert_close(Magnitude()(x), np.abs(x), rtol=0)
    assert_close(Phase()(x), np.angle(x), rtol=0)


@pytest.mark.skipif(backend_name() == "numpy", reason="no autodiff")
def test_gradients_at_zero_are_finite():
    zero = keras.ops.zeros((1, 3), "float64")

    def loss(real, imag):
        z = kc.Complex(real, imag)
        return keras.ops.sum(Magnitude(dtype="float64")(z) + Phase(dtype="float64")(z))

    for g in backend.grad(loss, [zero, zero]):
        assert np.all(to_numpy(g) == 0)


def test_bad_arguments():
    with pytest.raises(TypeError, match="`from_channels` must be True or False; got 1"):
        ToComplex(from_channels=1)
    with pytest.raises(ValueError, match="even, known last axis"):
        ToComplex(from_channels=True)(np.ones((2, 5), "float32"))
    with pytest.raises(ValueError, match="`axis` must not be the batch axis"):
        ComplexToChannels(axis=0)
    with pytest.raises(TypeError, match="`axis` must be an integer"):
        ComplexToChannels(axis="last")
    with pytest.raises(ValueError, match="`axis` must be an axis of `inputs`"):
        ComplexToChannels(axis=3)(pair())
    with pytest.raises(TypeError, match=r"`inputs` must be a \(magnitude, phase\) pair"):
        FromPolar()(np.ones((2, 3), "float32"))
    with pytest.raises(TypeError):
        ToComplex()(pair())
