"""SpectralUniform: the original FNO's bounds, seeds, config, bad input."""

import keras
import numpy as np
import pytest

from keras_spectral.initializers import IdentityGain, SpectralUniform
from keras_spectral.testing import to_numpy


@pytest.mark.parametrize("shape,scale", [((2, 16, 8, 4), 1.0), ((3, 5), 2.0)])
def test_bounds(shape, scale):
    w = to_numpy(SpectralUniform(scale=scale, seed=0)(shape))
    bound = scale / (shape[-2] * shape[-1])
    assert w.shape == shape and w.min() >= 0 and w.max() < bound
    assert w.max() > 0.8 * bound and w.min() < 0.2 * bound  # spread over the range


def test_seeded_and_config():
    a = to_numpy(SpectralUniform(seed=3)((4, 4)))
    b = to_numpy(SpectralUniform(seed=3)((4, 4)))
    np.testing.assert_array_equal(a, b)
    init = SpectralUniform(scale=0.5, seed=3)
    revived = keras.initializers.deserialize(keras.initializers.serialize(init))
    assert isinstance(revived, SpectralUniform) and revived.scale == 0.5
    np.testing.assert_array_equal(to_numpy(revived((4, 4))), 0.5 * a)


def test_bad_input():
    with pytest.raises(ValueError, match="`scale` must be a finite number > 0; got 0"):
        SpectralUniform(scale=0)
    with pytest.raises(TypeError, match="`scale` must be a finite number > 0; got 'big'"):
        SpectralUniform(scale="big")
    with pytest.raises(ValueError, match="`shape` must start with 2"):
        IdentityGain()((3, 4))


def test_identity_gain():
    w = to_numpy(IdentityGain()((2, 5, 3), "float64"))
    np.testing.assert_array_equal(w[0], np.ones((5, 3)))
    np.testing.assert_array_equal(w[1], np.zeros((5, 3)))
    revived = keras.initializers.deserialize(keras.initializers.serialize(IdentityGain()))
    assert isinstance(revived, IdentityGain)
    with pytest.raises(ValueError, match="`shape` must end with .*got \\(4,\\)"):
        SpectralUniform()((4,))
