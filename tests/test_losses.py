"""relative_l2 / RelativeL2 against NumPy, in a model, with bad input."""

import keras
import numpy as np
import pytest

from keras_spectral.losses import RelativeL2, relative_l2
from keras_spectral.testing import assert_close, check_gradients


def reference(y_true, y_pred):
    axes = tuple(range(1, y_true.ndim))
    return np.sqrt(((y_pred - y_true) ** 2).sum(axes)) / np.sqrt((y_true ** 2).sum(axes))


@pytest.mark.parametrize("shape", [(4, 16), (3, 8, 2), (2, 4, 5, 3)])
def test_against_numpy(shape):
    rng = np.random.default_rng(0)
    y, p = rng.standard_normal(shape), rng.standard_normal(shape)
    assert_close(relative_l2(y.astype("float32"), p.astype("float32")), reference(y, p))
    loss = RelativeL2()(y.astype("float32"), p.astype("float32"))
    assert_close(loss, reference(y, p).mean())


@pytest.mark.trains
def test_gradients():
    rng = np.random.default_rng(1)
    check_gradients(relative_l2, [rng.standard_normal((3, 5)), rng.standard_normal((3, 5))])


def test_config_and_compile(tmp_path):
    loss = RelativeL2(reduction="sum", name="rel")
    revived = RelativeL2.from_config(loss.get_config())
    assert revived.reduction == "sum" and revived.name == "rel"
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4)])
    model.compile(optimizer="sgd", loss=RelativeL2())
    path = str(tmp_path / "m.keras")
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    assert isinstance(loaded.loss, RelativeL2)


def test_bad_input():
    with pytest.raises(ValueError, match="`y_true` and `y_pred` must have the same shape"):
        relative_l2(np.ones((2, 3), "float32"), np.ones((2, 4), "float32"))
