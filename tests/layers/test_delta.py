"""Delta: the harness, librosa.feature.delta, the Savitzky-Golay
coefficients, unknown frame counts, bad input."""

import re

import keras
import librosa
import numpy as np
import pytest

from keras_spectral.layers.delta import Delta, savgol_matrices
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy
from keras_spectral.testing.references.features import delta as delta_reference

JIT = (False,) if backend_name() == "torch" else (True,)  # torch.compile: seconds
CASES = [(9, 1), (5, 2), (3, 1), (7, 3)]


@pytest.mark.filterwarnings("ignore:The model does not have any trainable weights")
@pytest.mark.parametrize("width,order,shape", [
    (9, 1, (2, 12, 5)),
    (5, 2, (2, 9, 3, 2)),
])
def test_harness(width, order, shape):
    x = np.random.default_rng(1).standard_normal(shape).astype("float32")
    small = x[:1, :width + 1, :1]
    run_layer_test(
        Delta, {"width": width, "order": order}, x,
        expected_output_shape=shape,
        reference_fn=lambda x, weights: delta_reference(x, width, order),
        expected_num_trainable_weights=0,
        symbolic_input_shape=(None,) + shape[2:],
        expected_symbolic_output_shape=(None, None) + shape[2:],
        gradient_input=small,
        run_training=False,  # no weights: nothing to train
        run_mixed_precision=len(shape) == 3,
    )


@pytest.mark.parametrize("width,order", CASES)
def test_matches_librosa(width, order):
    """Both ranks; the shortest input (frames == width: edges only, one
    interior frame) and a longer one."""
    rng = np.random.default_rng(2)
    for shape in [(2, 23, 5), (2, width, 4, 3)]:
        x = rng.standard_normal(shape)
        expected = librosa.feature.delta(x, width=width, order=order, axis=1)
        msg = f"width={width}, order={order}, shape={shape}"
        assert_close(Delta(width, order)(x.astype("float32")), expected, err_msg=msg)
        got = Delta(width, order, dtype="float64")(x)
        assert keras.backend.standardize_dtype(got.dtype) == "float64"
        assert_close(got, expected, dtype="float64", err_msg=msg)


def test_coefficients_are_savgol_coeffs():
    """The interior kernel is scipy's (in dot form); with a degree-`order`
    polynomial the `order`-th derivative is constant on the window, so each
    edge row equals the kernel."""
    import scipy.signal

    for width, order in CASES + [(11, 4), (5, 4)]:
        kernel, left, right = savgol_matrices(width, order)
        expected = scipy.signal.savgol_coeffs(width, order, deriv=order, use="dot")
        np.testing.assert_allclose(kernel, expected, rtol=1e-10, atol=1e-12)
        assert left.shape == right.shape == (width // 2, width)
        np.testing.assert_allclose(left, np.broadcast_to(kernel, left.shape), atol=1e-10)
        np.testing.assert_allclose(right, np.broadcast_to(kernel, right.shape), atol=1e-10)


def test_polynomials_of_lower_degree_give_their_derivative():
    """A cubic's third derivative is 6 * its leading coefficient everywhere,
    the edges included; a line's first derivative is its slope."""
    t = np.arange(15, dtype="float64")[None, :, None]
    cubic = 0.5 * t ** 3 - 2.0 * t ** 2 + t - 4.0
    assert_close(Delta(7, 3, dtype="float64")(cubic), np.full(cubic.shape, 3.0),
                 dtype="float64")
    line = np.concatenate([2.5 * t - 1.0, -0.5 * t], axis=2)
    expected = np.concatenate([np.full(t.shape, 2.5), np.full(t.shape, -0.5)], axis=2)
    assert_close(Delta(5, 1, dtype="float64")(line), expected, dtype="float64")


def test_unknown_frames_in_a_model():
    """Frames None when the model is built; on TensorFlow the later calls run
    a graph traced with an unknown frame count."""
    inputs = keras.Input(shape=(None, 4, 2))
    model = keras.Model(inputs, Delta(5, 2)(inputs))
    assert tuple(model.output.shape) == (None, None, 4, 2)
    rng = np.random.default_rng(3)
    for frames in (5, 12, 7, 30, 9):
        x = rng.standard_normal((2, frames, 4, 2))
        got = model.predict(x.astype("float32"), verbose=0)
        assert_close(got, delta_reference(x, 5, 2), err_msg=f"{frames} frames")


def test_layer_on_float16_input_computes_in_float32():
    x = np.random.default_rng(4).standard_normal((1, 12, 3)).astype("float16")
    y = Delta(dtype="float16")(x)
    assert keras.backend.standardize_dtype(y.dtype) == "float16"
    assert_close(to_numpy(y).astype("float64"), delta_reference(x.astype("float64")),
                 rtol=2e-3)


# --- bad input ---------------------------------------------------------------------


def test_bad_arguments():
    for kwargs, error, message in [
        ({"width": 4}, ValueError, "`width` must be an odd integer >= 3; got 4"),
        ({"width": 1}, ValueError, "`width` must be an integer >= 3; got 1"),
        ({"width": -3}, ValueError, "`width` must be an integer >= 3; got -3"),
        ({"width": 9.0}, TypeError, "`width` must be an integer >= 3; got 9.0"),
        ({"width": True}, TypeError, "`width` must be an integer >= 3; got True"),
        ({"order": 0}, ValueError, "`order` must be an integer >= 1 and <= 8; got 0"),
        ({"order": 9}, ValueError, "`order` must be an integer >= 1 and <= 8; got 9"),
        ({"width": 3, "order": 3}, ValueError, "<= 2; got 3"),
        ({"order": 1.5}, TypeError, "`order` must be .*got 1.5"),
        ({"order": "1"}, TypeError, "`order` must be .*got '1'"),
    ]:
        with pytest.raises(error, match=message):
            Delta(**kwargs)


def test_too_few_frames():
    message = re.escape("`inputs` has 8 frames (axis 1), fewer than `width`=9")
    with pytest.raises(ValueError, match=message):
        Delta()(np.ones((2, 8, 3), "float32"))
    with pytest.raises(ValueError, match=message):  # symbolic: when the model is built
        Delta()(keras.Input(shape=(8, 3)))
    with pytest.raises(librosa.ParameterError):  # librosa refuses it too
        librosa.feature.delta(np.ones((2, 8, 3)), width=9, axis=1)


@pytest.mark.parametrize("shape", [(2, 12), (2, 12, 3, 2, 2), (12,)])
def test_wrong_rank(shape):
    message = re.escape("`inputs` must be of rank 3 or 4, (batch, frames, bins) or "
                        "(batch, frames, bins, channels)") + ".*" + re.escape(f"got shape {shape}")
    with pytest.raises(ValueError, match=message):
        Delta()(np.ones(shape, "float32"))
    with pytest.raises(ValueError, match=message):
        Delta()(keras.Input(batch_shape=shape))
