"""ComplexDropout: one mask for both parts, Keras's scaling, the identity in
inference, noise_shape, the harness, bad arguments."""

import numpy as np
import pytest

from keras_spectral import complex as kc
from keras_spectral.layers import ComplexDropout
from keras_spectral.testing import run_layer_test, to_numpy


def pair(shape, seed=0, dtype="float32"):
    rng = np.random.default_rng(seed)
    # no zeros: a dropped entry is told apart from a kept one
    return kc.Complex(*(rng.uniform(0.5, 1.5, shape).astype(dtype) for _ in range(2)))


def test_harness():
    # outside training the layer is the identity: the reference is its input
    run_layer_test(ComplexDropout, {"rate": 0.5, "seed": 3}, pair((2, 5, 3)),
                   expected_output_shape=(2, 5, 3), reference_fn=lambda z, w: z,
                   expected_num_trainable_weights=0, run_training=False,
                   gradient_input=pair((1, 2, 3), seed=4, dtype="float64"))


@pytest.mark.parametrize("rate", [0.25, 0.5])
def test_one_mask_for_both_parts(rate):
    z = pair((64, 32), seed=1)
    out = to_numpy(ComplexDropout(rate, seed=2)(z, training=True))
    ratio_real, ratio_imag = out.real / z.real, out.imag / z.imag
    np.testing.assert_allclose(ratio_real, ratio_imag, rtol=1e-6)
    kept = ratio_real > 0
    np.testing.assert_allclose(ratio_real[kept], 1.0 / (1.0 - rate), rtol=1e-6)
    assert abs(1.0 - kept.mean() - rate) < 0.03
    # a kept value keeps its phase
    np.testing.assert_allclose(np.angle(out[kept]), np.angle((z.real + 1j * z.imag)[kept]),
                               atol=1e-6)


def test_noise_shape_shares_the_mask_along_none_free_axes():
    z = pair((4, 6, 5), seed=1)
    out = to_numpy(ComplexDropout(0.5, noise_shape=(None, 1, 5), seed=3)(z, training=True))
    dropped = out.real == 0
    assert dropped.any() and not dropped.all()
    # the mask is the same at every step of axis 1
    assert (dropped == dropped[:, :1, :]).all()
    assert ((out.imag == 0) == dropped).all()


def test_inference_and_rate_zero_are_the_identity():
    z = pair((3, 4), seed=1)
    expected = z.real + 1j * z.imag
    np.testing.assert_array_equal(to_numpy(ComplexDropout(0.5)(z)), expected)
    np.testing.assert_array_equal(to_numpy(ComplexDropout(0.0)(z, training=True)), expected)


def test_bad_arguments():
    with pytest.raises(ValueError, match="`rate` must be .* got 1"):
        ComplexDropout(1)
    with pytest.raises(ValueError, match="`rate` must be .* got -0.1"):
        ComplexDropout(-0.1)
    with pytest.raises(TypeError, match="`rate` must be a finite number"):
        ComplexDropout("half")
    with pytest.raises(TypeError, match="`noise_shape` must be None or a tuple"):
        ComplexDropout(0.5, noise_shape=(None, 0.5))
    with pytest.raises(TypeError, match="`seed` must be"):
        ComplexDropout(0.5, seed="a")
    with pytest.raises(ValueError, match="`noise_shape` must have the rank of `inputs` \\(2\\)"):
        ComplexDropout(0.5, noise_shape=(1, 1, 1))(pair((2, 3)), training=True)
