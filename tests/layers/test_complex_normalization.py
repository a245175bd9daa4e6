"""ComplexBatchNormalization and ComplexLayerNormalization against a float64
NumPy reference (the covariance of (real, imag) per feature, its inverse
square root by eigendecomposition), whitened outputs of identity covariance,
moving statistics, training-mode gradients, bad arguments."""

import numpy as np
import pytest

from keras_spectral import complex as kc
from keras_spectral.layers import ComplexBatchNormalization, ComplexLayerNormalization
from keras_spectral.testing import (
    assert_close, backend_name, check_gradients, run_layer_test, to_numpy,
)

EPS = 1e-3


def pair(shape, seed=0, dtype="float32"):
    rng = np.random.default_rng(seed)
    # correlated, off-centre parts: the whitening has something to undo
    real = rng.standard_normal(shape) * 2.0 + 1.0
    imag = 0.6 * real + 0.5 * rng.standard_normal(shape) - 0.5
    return kc.Complex(real.astype(dtype), imag.astype(dtype))


def inverse_sqrt(v):
    w, q = np.linalg.eigh(v)
    return q @ np.diag(w ** -0.5) @ q.T


def normalize(parts, mean, cov, gamma, beta):
    """parts: (2, n) real rows of one feature's values; mean (2,), cov 2 x 2."""
    out = inverse_sqrt(cov + EPS * np.eye(2)) @ (parts - mean[:, None])
    if gamma is not None:
        out = np.array([[gamma[0], gamma[2]], [gamma[2], gamma[1]]]) @ out
    return out if beta is None else out + beta[:, None]


def per_feature(z, feature_axes, fn):
    """`fn(parts (2, n), index)` applied to each feature index's values."""
    z = np.moveaxis(z, feature_axes, list(range(len(feature_axes))))
    out = np.empty_like(z)
    for idx in np.ndindex(*z.shape[:len(feature_axes)]):
        values = z[idx].ravel()
        res = fn(np.stack([values.real, values.imag]), idx)
        out[idx] = (res[0] + 1j * res[1]).reshape(z[idx].shape)
    return np.moveaxis(out, list(range(len(feature_axes))), feature_axes)


def batch_norm_reference(training, center=True, scale=True):
    def fn(z, weights):
        weights = list(weights)
        gamma = weights.pop(0) if scale else None
        beta = weights.pop(0) if center else None
        moving_mean, moving_cov = weights

        def one(parts, idx):
            if training:
                mean = parts.mean(axis=1)
                cov = np.cov(parts, bias=True)
            else:
                mean = moving_mean[:, idx[0]]
                rr, ii, ri = moving_cov[:, idx[0]]
                cov = np.array([[rr, ri], [ri, ii]])
            return normalize(parts, mean, cov, None if gamma is None else gamma[:, idx[0]],
                             None if beta is None else beta[:, idx[0]])

        return per_feature(z, [z.ndim - 1], one)

    return fn


def layer_norm_reference(z, weights):
    """Per sample and position, whitened over the last axis."""
    gamma, beta = weights
    out = np.empty_like(z)
    for idx in np.ndindex(*z.shape[:-1]):
        parts = np.stack([z[idx].real, z[idx].imag])
        res = normalize(parts, parts.mean(axis=1), np.cov(parts, bias=True), None, None)
        out[idx] = res[0] + 1j * res[1]
    return (gamma[0] * out.real + gamma[2] * out.imag + beta[0]) + \
        1j * (gamma[2] * out.real + gamma[1] * out.imag + beta[1])


def test_batch_norm_harness():
    run_layer_test(ComplexBatchNormalization, {"momentum": 0.9}, pair((4, 5, 3)),
                   expected_output_shape=(4, 5, 3),
                   reference_fn=batch_norm_reference(training=False),
                   expected_num_trainable_weights=2, expected_num_non_trainable_weights=2,
                   symbolic_input_shape=(None, 3),
                   expected_symbolic_output_shape=(None, None, 3),
                   gradient_input=pair((2, 2, 3), seed=3, dtype="float64"))


def test_layer_norm_harness():
    run_layer_test(ComplexLayerNormalization, {}, pair((3, 4, 5)),
                   expected_output_shape=(3, 4, 5), reference_fn=layer_norm_reference,
                   expected_num_trainable_weights=2,
                   gradient_input=pair((2, 2, 5), seed=3, dtype="float64"))


def random_weights(layer, seed=7):
    rng = np.random.default_rng(seed)
    for w in layer.trainable_weights:
        w.assign(rng.uniform(0.5, 1.5, w.shape) * np.array([1, 1, 0.3])[:w.shape[0], None]
                 if w.shape[0] == 3 else rng.standard_normal(w.shape))


def test_batch_norm_training_uses_the_batch_and_updates_moving_statistics():
    layer = ComplexBatchNormalization(axis=1, momentum=0.8, dtype="float64")
    z = pair((6, 3, 2, 2), dtype="float64")
    layer.build(z.real.shape)
    random_weights(layer)
    weights = [to_numpy(w) for w in layer.weights]
    start_cov = weights[3].astype("float64")  # numpy's float64 layers can hold float32
    out = layer(z, training=True)
    zc = z.real + 1j * z.imag
    channels_last = batch_norm_reference(training=True)(np.moveaxis(zc, 1, -1), weights)
    assert_close(out, np.moveaxis(channels_last, -1, 1), dtype="float64")
    values = np.moveaxis(zc, 1, 0).reshape(3, -1)
    mean = np.stack([values.real.mean(axis=1), values.imag.mean(axis=1)])
    cov = np.stack([np.cov(np.stack([v.real, v.imag]), bias=True)[[0, 1, 0], [0, 1, 1]]
                    for v in values], axis=1)
    assert_close(layer.moving_mean, 0.2 * mean, dtype="float64")
    assert_close(layer.moving_covariance, 0.8 * start_cov + 0.2 * cov, dtype="float64")
    # inference: the moving statistics, not the batch's
    inference = batch_norm_reference(training=False)(
        np.moveaxis(zc, 1, -1), [to_numpy(w) for w in layer.weights])
    assert_close(layer(z), np.moveaxis(inference, -1, 1), dtype="float64")


@pytest.mark.parametrize("layer", [
    ComplexBatchNormalization(center=False, scale=False, epsilon=1e-12, dtype="float64"),
    ComplexLayerNormalization(axis=(1, 2), center=False, scale=False, epsilon=1e-12,
                              dtype="float64"),
], ids=["batch", "layer"])
def test_whitened_output_has_zero_mean_and_identity_covariance(layer):
    z = pair((8, 6, 3), seed=4, dtype="float64")
    out = to_numpy(layer(z, training=True) if isinstance(layer, ComplexBatchNormalization)
                   else layer(z))
    groups = out.reshape(-1, 3).T if isinstance(layer, ComplexBatchNormalization) \
        else out.reshape(8, -1)
    for values in groups:
        parts = np.stack([values.real, values.imag])
        np.testing.assert_allclose(parts.mean(axis=1), 0.0, atol=1e-9)
        np.testing.assert_allclose(np.cov(parts, bias=True), np.eye(2), atol=1e-9)


@pytest.mark.trains
@pytest.mark.skipif(backend_name() == "numpy", reason="no autodiff")
def test_batch_norm_training_gradients():
    layer = ComplexBatchNormalization(dtype="float64")
    z = pair((3, 2, 2), seed=5, dtype="float64")
    layer.build(z.real.shape)
    random_weights(layer)
    non_trainable = list(layer.non_trainable_variables)

    def fn(real, imag, gamma, beta):
        out, _ = layer.stateless_call([gamma, beta], non_trainable, kc.Complex(real, imag),
                                      training=True)
        return out

    check_gradients(fn, list(z) + [to_numpy(w) for w in layer.trainable_weights])


def test_bad_arguments():
    with pytest.raises(ValueError, match="`momentum` must be .* got 1.5"):
        ComplexBatchNormalization(momentum=1.5)
    with pytest.raises(ValueError, match="`epsilon` must be .* got 0"):
        ComplexBatchNormalization(epsilon=0)
    with pytest.raises(ValueError, match="`axis` must not be the batch axis 0"):
        ComplexBatchNormalization(axis=0)
    with pytest.raises(TypeError, match="`axis` must be an integer"):
        ComplexBatchNormalization(axis="channels")
    with pytest.raises(TypeError, match="`center` must be True or False"):
        ComplexLayerNormalization(center="yes")
    with pytest.raises(ValueError, match="`axis` must name at least one axis"):
        ComplexLayerNormalization(axis=())
    with pytest.raises(ValueError, match="`axis` must not include the batch axis 0"):
        ComplexLayerNormalization(axis=(0, 1))
    with pytest.raises(ValueError, match="`axis` must name axes of `inputs`"):
        ComplexBatchNormalization(axis=3)(pair((2, 3)))
    layer = ComplexLayerNormalization()
    layer(pair((2, 3)))
    with pytest.raises(ValueError, match="`inputs` must have rank 2"):
        layer(pair((2, 4, 3)))
