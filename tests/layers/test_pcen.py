"""PCEN: the harness, librosa.pcen, the smoother's start, the clamps,
unknown frame counts, bad input."""

import re

import keras
import librosa
import numpy as np
import pytest

from keras_spectral.layers.pcen import PCEN, exponential_smoother
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy
from keras_spectral.testing.references.features import pcen as pcen_reference

JIT = (False,) if backend_name() == "torch" else (True,)  # torch.compile: seconds


def reference_fn(floor):
    return lambda x, weights: pcen_reference(x, *weights, floor)


def energies(shape, seed):
    """Non-negative 'energies' spanning a few decades, as a spectrogram's."""
    rng = np.random.default_rng(seed)
    return rng.random(shape) * 10.0 ** rng.uniform(-2, 1, shape)


def layer64(values=None, **kwargs):
    """A float64 layer whose weights hold `values` (by name, default: the
    initial values) exactly. On the numpy backend an initializer's float64
    value is stored as float32 until assigned (keras's numpy Variable)."""
    layer = PCEN(dtype="float64", **kwargs)
    config = layer.get_config()
    return layer, lambda shape: _assign(layer, shape, {**config, **(values or {})})


def _assign(layer, shape, values):
    layer.build(shape)
    for w in layer.weights:
        w.assign(np.broadcast_to(np.asarray(values[w.name], "float64"), w.shape))
    return layer


HARNESS_CASES = [  # init kwargs, input shape, training and mixed precision
    ({}, (2, 16, 4), True),  # alpha + noise > 1: the clamp is in the reference
    ({"alpha": 0.7, "delta": 1.5, "root": 2.5, "smooth_coef": 0.3, "floor": 1e-3,
      "per_channel": False}, (2, 9, 3, 2), False),
]


@pytest.mark.parametrize("kwargs,shape,train", HARNESS_CASES)
def test_harness(kwargs, shape, train):
    x = energies(shape, 1).astype("float32")
    run_layer_test(
        PCEN, kwargs, x, expected_output_shape=shape,
        reference_fn=reference_fn(kwargs.get("floor", 1e-6)),
        expected_num_trainable_weights=4,
        symbolic_input_shape=(None,) + shape[2:],
        expected_symbolic_output_shape=(None, None) + shape[2:],
        gradient_input=energies((1, 5, 1) + shape[3:], 2) + 0.1,
        run_training=train,
        jit_compile_modes=JIT,
        run_mixed_precision=train,
    )


@pytest.mark.parametrize("kwargs,trainable", [
    ({}, ["alpha", "delta", "root", "smooth_coef"]),
    ({"learn_smooth_coef": False}, ["alpha", "delta", "root"]),
    ({"trainable": False}, []),
    ({"trainable": False, "learn_smooth_coef": True}, []),
])
def test_trainable_weights(kwargs, trainable):
    """`trainable` is Keras's flag (every weight); `learn_smooth_coef` the
    smoothing coefficient's alone."""
    layer = PCEN(**kwargs)
    layer.build((None, 10, 3))
    assert [w.name for w in layer.trainable_weights] == trainable
    assert len(layer.weights) == 4
    assert all(tuple(w.shape) == (3,) for w in layer.weights)
    revived = PCEN.from_config(layer.get_config())
    revived.build((None, 10, 3))
    assert [w.name for w in revived.trainable_weights] == trainable
    scalars = PCEN(per_channel=False, **kwargs)
    scalars.build((None, 10, 3, 2))
    assert all(tuple(w.shape) == () for w in scalars.weights)


# librosa: gain, bias, power, b, eps; zi = (1 - b) * S[:, :1] starts M at E[0].
LIBROSA_CASES = [(0.98, 2.0, 0.5, 0.025, 1e-6), (0.5, 1.0, 1.0 / 3.0, 0.3, 1e-3),
                 (1.0, 0.5, 1.0, 1.0, 1e-6), (0.0, 2.0, 0.25, 0.1, 1e-6),
                 (0.8, 0.0, 0.5, 0.05, 1e-6)]


def librosa_pcen(x, gain, bias, power, b, eps, **kwargs):
    """librosa.pcen of each `(frames, bins)` example of `x`, time axis last
    for librosa, started at the first frame."""
    out = []
    for example in x:
        s = example.T
        out.append(librosa.pcen(s, gain=gain, bias=bias, power=power, b=b, eps=eps,
                                axis=-1, zi=(1.0 - b) * s[:, :1], **kwargs).T)
    return np.stack(out)


@pytest.mark.parametrize("gain,bias,power,b,eps", LIBROSA_CASES)
def test_matches_librosa(gain, bias, power, b, eps):
    x = energies((2, 24, 5), 4)
    expected = librosa_pcen(x, gain, bias, power, b, eps)
    kwargs = dict(alpha=gain, delta=bias, root=1.0 / power, smooth_coef=b, floor=eps)
    msg = f"gain={gain}, bias={bias}, power={power}, b={b}, eps={eps}"
    assert_close(PCEN(**kwargs)(x.astype("float32")), expected, err_msg=msg)
    for per_channel in (True, False):
        layer, build = layer64(per_channel=per_channel, **kwargs)
        got = build(x.shape)(x)
        assert keras.backend.standardize_dtype(got.dtype) == "float64"
        assert_close(got, expected, dtype="float64", err_msg=msg)


def test_per_bin_parameters_match_librosa_per_bin():
    """Weights differing across bins: each bin is librosa's PCEN with its
    own values; a channels axis shares its bin's values."""
    x = energies((2, 30, 4, 2), 5)
    values = {"alpha": [0.98, 0.5, 0.8, 1.0], "delta": [2.0, 1.0, 0.5, 3.0],
              "root": [2.0, 3.0, 1.0, 4.0], "smooth_coef": [0.025, 0.3, 1.0, 0.1]}
    layer, build = layer64(values, floor=1e-5)
    got = to_numpy(build(x.shape)(x))
    for f in range(4):
        for c in range(2):
            expected = librosa_pcen(x[:, :, f:f + 1, c], values["alpha"][f],
                                    values["delta"][f], 1.0 / values["root"][f],
                                    values["smooth_coef"][f], 1e-5)
            assert_close(got[:, :, f:f + 1, c], expected, dtype="float64",
                         err_msg=f"bin {f}, channel {c}")


def test_librosa_default_start_is_a_past_of_ones():
    """librosa's default `zi` is the steady state of an input of ones
    (M[-1] = 1): the layer's start M[0] = E[0] agrees with it where
    E[0] = 1 and not elsewhere."""
    x = energies((1, 20, 3), 6)
    kwargs = dict(gain=0.9, bias=2.0, power=0.5, b=0.2, eps=1e-6)
    layer = layer64(alpha=0.9, delta=2.0, root=2.0, smooth_coef=0.2)[1](x.shape)
    default = np.stack([librosa.pcen(e.T, axis=-1, **kwargs).T for e in x])
    assert np.max(np.abs(to_numpy(layer(x)) - default)) > 1e-3
    x[:, 0] = 1.0
    default = np.stack([librosa.pcen(e.T, axis=-1, **kwargs).T for e in x])
    assert_close(layer(x), default, dtype="float64")


@pytest.mark.parametrize("frames", [1, 2, 7, 100])
def test_smoother_is_the_recurrence(frames):
    """Every length, powers of two and not (the doubling scan's steps)."""
    x = energies((2, frames, 3), 7)
    s = np.array([0.025, 0.5, 1.0])
    expected = np.empty_like(x)
    expected[:, 0] = x[:, 0]
    for t in range(1, frames):
        expected[:, t] = (1 - s) * expected[:, t - 1] + s * x[:, t]
    got = exponential_smoother(keras.ops.convert_to_tensor(x, "float64"),
                               keras.ops.convert_to_tensor(s, "float64"))
    assert_close(got, expected, dtype="float64")


def test_parameters_are_kept_in_range():
    """Weights moved outside their ranges act as the nearest bound."""
    x = energies((1, 12, 4), 8)
    outside = {"alpha": [1.3, -0.2, 0.5, 0.5], "delta": [2.0, 2.0, -1.0, 2.0],
               "root": [2.0, 2.0, 2.0, 0.5], "smooth_coef": [1.5, -0.1, 0.2, 0.2]}
    inside = {"alpha": [1.0, 0.0, 0.5, 0.5], "delta": [2.0, 2.0, 0.0, 2.0],
              "root": [2.0, 2.0, 2.0, 1.0], "smooth_coef": [1.0, 0.0, 0.2, 0.2]}
    got = layer64(outside)[1](x.shape)(x)
    assert np.all(np.isfinite(to_numpy(got)))
    assert_close(got, to_numpy(layer64(inside)[1](x.shape)(x)), dtype="float64")
    assert_close(got, pcen_reference(x, **inside, floor=1e-6), dtype="float64")


def test_unknown_frames_in_a_model():
    """Frames None when the model is built; on TensorFlow the later calls run
    a graph traced with an unknown frame count (the while-loop smoother)."""
    inputs = keras.Input(shape=(None, 5))
    layer = PCEN(smooth_coef=0.2)
    model = keras.Model(inputs, layer(inputs))
    assert tuple(model.output.shape) == (None, None, 5)
    for frames in (6, 17, 1, 32, 9):
        x = energies((2, frames, 5), frames)
        got = model.predict(x.astype("float32"), verbose=0)
        weights = [to_numpy(w).astype("float64") for w in layer.weights]
        assert_close(got, pcen_reference(x, *weights, 1e-6), err_msg=f"{frames} frames")


@pytest.mark.parametrize("jit_compile", [False, True])
def test_unknown_frames_in_a_tensorflow_graph(jit_compile):
    """The while-loop smoother: values and gradients equal the eager ones, in
    a graph and compiled by XLA."""
    if backend_name() != "tensorflow":
        pytest.skip("only TensorFlow traces graphs with unknown frame counts")
    import tensorflow as tf

    layer = PCEN(smooth_coef=0.3, dtype="float64")
    x = tf.constant(energies((2, 13, 3, 2), 9))
    layer.build(x.shape)

    def value_and_gradients(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = layer(x)
            loss = tf.reduce_sum(y * tf.cos(tf.reshape(tf.range(tf.size(y), dtype=y.dtype),
                                                       tf.shape(y))))
        return (y,) + tuple(tape.gradient(loss, [x] + layer.trainable_weights))

    graph = tf.function(value_and_gradients, autograph=False, jit_compile=jit_compile,
                        input_signature=[tf.TensorSpec((None, None, 3, 2), tf.float64)])
    assert graph.get_concrete_function().structured_outputs[0].shape[1] is None
    for got, expected in zip(graph(x), value_and_gradients(x)):
        assert_close(got, to_numpy(expected), dtype="float64")


# --- bad input ---------------------------------------------------------------------


def test_bad_arguments():
    for kwargs, error, message in [
        ({"alpha": -0.1}, ValueError, "`alpha` must be a finite number >= 0 and <= 1; got -0.1"),
        ({"alpha": 1.5}, ValueError, "`alpha` must be a finite number >= 0 and <= 1; got 1.5"),
        ({"alpha": "1"}, TypeError, "`alpha` must be .*got '1'"),
        ({"alpha": float("nan")}, ValueError, "`alpha` must be .*got nan"),
        ({"delta": -1.0}, ValueError, "`delta` must be a finite number >= 0; got -1.0"),
        ({"root": 0.0}, ValueError, "`root` must be a finite number >= 1; got 0.0"),
        ({"root": -2.0}, ValueError, "`root` must be .*got -2.0"),
        ({"smooth_coef": 0.0}, ValueError,
         "`smooth_coef` must be a finite number > 0 and <= 1; got 0.0"),
        ({"smooth_coef": 1.2}, ValueError, "`smooth_coef` must be .*got 1.2"),
        ({"smooth_coef": -0.5}, ValueError, "`smooth_coef` must be .*got -0.5"),
        ({"floor": 0.0}, ValueError, "`floor` must be a finite number > 0; got 0.0"),
        ({"floor": -1e-6}, ValueError, "`floor` must be .*got -1e-06"),
        ({"floor": True}, TypeError, "`floor` must be .*got True"),
        ({"learn_smooth_coef": 1}, TypeError, "`learn_smooth_coef` must be True or False; got 1"),
        ({"per_channel": "yes"}, TypeError, "`per_channel` must be True or False; got 'yes'"),
    ]:
        with pytest.raises(error, match=message):
            PCEN(**kwargs)


@pytest.mark.parametrize("shape", [(2, 12), (2, 12, 3, 2, 2)])
def test_wrong_rank(shape):
    message = re.escape("`inputs` must be of rank 3 or 4, (batch, frames, bins) or "
                        "(batch, frames, bins, channels)") + ".*" + re.escape(f"got shape {shape}")
    with pytest.raises(ValueError, match=message):
        PCEN()(np.ones(shape, "float32"))
    with pytest.raises(ValueError, match=message):
        PCEN()(keras.Input(batch_shape=shape))


def test_bins_must_be_known_and_fixed():
    with pytest.raises(ValueError, match=re.escape(
            "`inputs` needs a known number of bins (axis 2): one set of weights per bin; "
            "got shape (None, 10, None)")):
        PCEN()(keras.Input(shape=(10, None)))
    layer = PCEN()
    layer(np.ones((1, 5, 4), "float32"))
    message = re.escape("built for 4 bins; `inputs` has 6 (shape (1, 5, 6))")
    with pytest.raises(ValueError, match=message):
        layer(np.ones((1, 5, 6), "float32"))
    with pytest.raises(ValueError, match="built for 4 bins; `inputs` has 6"):
        layer(keras.Input(shape=(5, 6)))


@pytest.mark.trains
def test_trains_compiled_when_the_frame_count_changes():
    """A compiled model retraced for a new length (TensorFlow relaxes the
    frame count to None) still trains: the unknown-length smoother's loop
    is bounded, as XLA needs for its gradient."""
    inputs = keras.Input((None, 10))
    pooled = keras.layers.GlobalAveragePooling1D()(PCEN()(inputs))
    model = keras.Model(inputs, keras.layers.Dense(1)(pooled))
    model.compile("adam", "mse", jit_compile=backend_name() != "torch")
    rng = np.random.default_rng(2)
    for frames in (32, 42):
        history = model.fit(rng.random((4, frames, 10)).astype("float32"), np.zeros((4, 1)),
                            epochs=1, verbose=0)
        assert np.isfinite(history.history["loss"][-1])
