"""The catalogue of examples covers every public layer and model, and each
example builds and runs."""

import keras
import pytest

from keras_spectral import layers, models
from keras_spectral.testing import catalogue


def test_every_public_layer_and_model_has_an_example():
    assert set(catalogue.CASES) == set(layers.__all__) | set(models.__all__)


@pytest.mark.parametrize("name", sorted(catalogue.CASES))
def test_each_example_runs(name):
    out = catalogue.build(name)(catalogue.example_input(name))
    for part in out if isinstance(out, tuple) else (out,):
        assert keras.ops.all(keras.ops.isfinite(part))
