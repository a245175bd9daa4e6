"""The harness must fail on layers that are wrong: each broken copy of
SpectralGain below has one defect, and the harness names the check it fails."""

import keras
import numpy as np
import pytest
from keras import ops

from keras_spectral import complex as kc
from keras_spectral import ops as kso
from keras_spectral.layers import SpectralGain
from keras_spectral.testing import run_layer_test
from tests.layers.test_spectral_gain import reference

X = np.random.default_rng(0).standard_normal((2, 10, 2)).astype("float32")


def _run(cls, **kw):
    args = dict(expected_output_shape=X.shape, reference_fn=reference,
                expected_num_trainable_weights=1, gradient_input=X[:1, :6, :1],
                jit_compile_modes=(False,))
    args.update(kw)
    run_layer_test(cls, {"norm": None}, X, **args)


@keras.saving.register_keras_serializable(package="keras_spectral_tests")
class ForgetsConfig(SpectralGain):
    def get_config(self):
        config = super().get_config()
        config.pop("norm")
        return config


@keras.saving.register_keras_serializable(package="keras_spectral_tests")
class ConjugatesGain(SpectralGain):
    """Multiplies by conj(G): right shapes, wrong numbers."""

    def call(self, inputs):
        spec = kso.rfft(inputs, axis=1)
        gain = kc.conj((ops.cast(self.kernel[0], spec.dtype), ops.cast(self.kernel[1], spec.dtype)))
        return ops.cast(kso.irfft(kc.multiply(spec, gain), n=inputs.shape[1], axis=1), self.compute_dtype)


@keras.saving.register_keras_serializable(package="keras_spectral_tests")
class DropsOddSample(SpectralGain):
    """Uses irfft's default length, losing a sample for odd lengths."""

    def call(self, inputs):
        spec = kso.rfft(inputs, axis=1)
        gain = (ops.cast(self.kernel[0], spec.dtype), ops.cast(self.kernel[1], spec.dtype))
        return ops.cast(kso.irfft(kc.multiply(spec, gain), axis=1), self.compute_dtype)


@keras.saving.register_keras_serializable(package="keras_spectral_tests")
class IgnoresComputeDtype(SpectralGain):
    def call(self, inputs):
        return ops.cast(super().call(inputs), "float32")


@keras.saving.register_keras_serializable(package="keras_spectral_tests")
class StopsGradient(SpectralGain):
    def call(self, inputs):
        return super().call(ops.stop_gradient(inputs))


class NotRegistered(SpectralGain):
    """Not registered as serializable: `.keras` loading cannot find it."""


def test_reference_check_catches_wrong_numbers():
    with pytest.raises(AssertionError, match=r"^\[reference\]"):
        _run(ConjugatesGain)


def test_config_check_catches_missing_argument():
    with pytest.raises(AssertionError, match=r"^\[config\].*lacks the init argument 'norm'"):
        _run(ForgetsConfig)


def test_shape_check_catches_lost_sample():
    x = X[:, :9]
    with pytest.raises(AssertionError, match=r"^\[(symbolic|eager)\]"):
        run_layer_test(DropsOddSample, {"norm": None}, x, expected_output_shape=x.shape)


def test_mixed_precision_check_catches_wrong_dtype():
    with pytest.raises(AssertionError, match=r"^\[mixed_precision\].*output dtype"):
        _run(IgnoresComputeDtype, reference_fn=None, run_training=False)


@pytest.mark.trains
def test_gradient_check_catches_stopped_gradient():
    with pytest.raises(AssertionError, match=r"^\[gradients\]"):
        _run(StopsGradient, run_mixed_precision=False)


def test_save_check_catches_unregistered_layer():
    with pytest.raises(AssertionError, match=r"^\[(config|save)\]"):
        _run(NotRegistered, reference_fn=None, run_training=False, run_mixed_precision=False)
