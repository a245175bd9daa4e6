"""FourierMixing: the harness, FNet's definition on both paths, masking."""

import keras
import numpy as np
import pytest

from keras_spectral.layers import FourierMixing
from keras_spectral.layers.fourier_mixing import dft_matrices
from keras_spectral.testing import assert_close, run_layer_test, to_numpy
from keras_spectral.testing.references.mixers import fourier_mixing as paper_reference


@pytest.mark.parametrize("method,shape", [
    ("fft", (2, 8, 6)), ("fft", (2, 7, 5)), ("matmul", (2, 6, 9)), ("auto", (2, 5, 4))])
def test_harness(method, shape):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    run_layer_test(
        FourierMixing, {"method": method}, x, expected_output_shape=shape,
        reference_fn=lambda x, w: paper_reference(x),
        expected_num_trainable_weights=0,
        symbolic_input_shape=(None, shape[-1]) if method == "fft" else None,
        expected_symbolic_output_shape=(None, None, shape[-1]) if method == "fft" else None,
        run_training=False, run_mixed_precision=method == "auto",
    )


@pytest.mark.parametrize("shape", [(1, 1, 1), (2, 1, 4), (2, 4, 1), (1, 3, 16, 9),
                                   (2, 33, 20), (1, 64, 48)])
@pytest.mark.parametrize("method", ["fft", "matmul"])
def test_both_paths_against_fnet(shape, method):
    x = np.random.default_rng(1).standard_normal(shape)
    assert_close(FourierMixing(method=method)(x.astype("float32")), paper_reference(x))
    assert_close(FourierMixing(method=method, dtype="float64")(x), paper_reference(x),
                 dtype="float64")


def test_auto_choice():
    layer = FourierMixing()
    assert layer.resolve_method(16, 16) == "matmul"
    assert layer.resolve_method(128, 64) == "fft"
    assert layer.resolve_method(None, 16) == "fft"
    assert FourierMixing(method="matmul").resolve_method(512, 512) == "matmul"
    assert FourierMixing(method="matmul").resolve_method(None, 8) == "fft"


def test_dft_matrices():
    cos, sin = dft_matrices(12)
    np.testing.assert_allclose(cos - 1j * sin, np.fft.fft(np.eye(12)), atol=1e-14)


def test_masking():
    """Padded positions are zeroed before mixing and the mask is passed on."""
    rng = np.random.default_rng(3)
    tokens = rng.integers(1, 20, (2, 8))
    tokens[0, 5:] = 0
    inputs = keras.Input((8,), dtype="int32")
    embedded = keras.layers.Embedding(20, 6, mask_zero=True)(inputs)
    mixed = FourierMixing()(embedded)
    model = keras.Model(inputs, mixed)
    assert mixed._keras_mask is not None
    vectors = to_numpy(model.layers[1](tokens)) * (tokens != 0)[..., None]
    assert_close(model(tokens), paper_reference(vectors.astype("float64")))


def test_bad_input():
    with pytest.raises(ValueError, match="`method` must be one of.*got 'dft'"):
        FourierMixing(method="dft")
    with pytest.raises(ValueError, match="min_ndim=3"):
        FourierMixing()(np.ones((4, 4), "float32"))


def test_compute_output_shape():
    assert FourierMixing().compute_output_shape((None, 7, 5)) == (None, 7, 5)
