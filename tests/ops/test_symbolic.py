"""Every op on symbolic KerasTensors: static shapes (None where unknown), and a
functional model that computes what the eager op does."""

import keras
import numpy as np
import pytest

from keras_spectral import ops as kso
from keras_spectral.ops import primitives
from keras_spectral.testing import assert_close, to_numpy

# (name, input shape without batch, kwargs, expected output shape without batch)
CASES = [
    ("fft", (8, 5), {"axis": 1}, (8, 5)),
    ("ifft", (7,), {"n": 10}, (10,)),
    ("fft2", (6, 4), {}, (6, 4)),
    ("ifft2", (6, 4), {"s": (3, 5)}, (3, 5)),
    ("fftn", (4, 6, 3), {"axes": (1, 2)}, (4, 6, 3)),
    ("ifftn", (4, 6, 3), {"axes": (1,)}, (4, 6, 3)),
    ("rfft", (9,), {}, (5,)),
    ("rfft", (None, 3), {"axis": 1}, (None, 3)),
    ("rfft", (None, 3), {"axis": 1, "n": 8}, (8 // 2 + 1, 3)),
    ("irfft", (5,), {}, (8,)),
    ("irfft", (None,), {"n": 9}, (9,)),
    ("rfft2", (6, 8), {}, (6, 5)),
    ("irfft2", (6, 5), {"s": (6, 9)}, (6, 9)),
    ("rfftn", (None, 8, 2), {"axes": (1, 2)}, (None, 5, 2)),
    ("rfftn", (4, 8, 2), {"axes": (2, 3)}, (4, 8, 2)),
    ("irfftn", (4, 5), {"s": (4, 8), "axes": (1, 2)}, (4, 8)),
    ("hfft", (5,), {}, (8,)),
    ("ihfft", (8,), {}, (5,)),
    ("dct", (7,), {"type": 2}, (7,)),
    ("idct", (6, 3), {"type": 1, "axis": 1}, (6, 3)),
    ("dst", (7,), {"type": 4, "n": 5}, (5,)),
    ("idst", (7,), {"type": 3}, (7,)),
    ("hilbert", (10,), {}, (10,)),
    ("fftshift", (None, 5), {}, (None, 5)),
    ("ifftshift", (6, 5), {"axes": (1,)}, (6, 5)),
]
COMPLEX_IN = {"fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "irfft", "irfft2",
              "irfftn", "hfft"}


def _inputs(shape, complex_):
    parts = [keras.Input(shape=shape) for _ in range(2 if complex_ else 1)]
    return parts, (tuple(parts) if complex_ else parts[0])


@pytest.mark.parametrize("name,shape,kw,out_shape", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_symbolic_shape_and_functional_model(name, shape, kw, out_shape):
    complex_ = name in COMPLEX_IN
    inputs, arg = _inputs(shape, complex_)
    out = getattr(kso, name)(arg, **kw)
    parts = list(out) if isinstance(out, tuple) else [out]
    want = (None,) + tuple(out_shape)
    for p in parts:
        assert tuple(p.shape) == want, (name, p.shape, want)
    model = keras.Model(inputs, parts)
    rng = np.random.default_rng(0)
    concrete = tuple(3 if s is None else s for s in shape)
    data = [rng.standard_normal((2,) + concrete).astype("float32") for _ in inputs]
    got = model.predict(data if len(data) > 1 else data[0], verbose=0)
    got = got if isinstance(got, list) else [got]
    eager = getattr(kso, name)(tuple(data) if complex_ else data[0], **kw)
    eager = list(eager) if isinstance(eager, tuple) else [eager]
    for g, e in zip(got, eager):
        assert_close(g, to_numpy(e), 1e-6)


def test_fftconvolve_symbolic():
    a, b = keras.Input(shape=(10,)), keras.Input(shape=(4,))
    with pytest.raises(ValueError, match="same rank|known size"):
        kso.fftconvolve(a, keras.Input(shape=(4, 2)))
    # batch axis unknown: only known sizes can be convolved
    with pytest.raises(ValueError, match="known size"):
        kso.fftconvolve(a, b)
    a, b = keras.Input(batch_shape=(2, 10)), keras.Input(batch_shape=(2, 4))
    out = kso.fftconvolve(a, b, mode="same", axes=(1,))
    assert tuple(out.shape) == (2, 10)


@pytest.mark.parametrize("norm", ["backward", "ortho", "forward"])
def test_unknown_lengths_in_a_tensorflow_graph(norm):
    """Lengths unknown when a TensorFlow graph is traced (Keras's trainer
    relaxes shapes to None): every norm's scale is a tensor there. The
    layers pass such lengths to the c2r primitive."""
    if keras.backend.backend() != "tensorflow":
        pytest.skip("only TensorFlow traces graphs with unknown lengths")
    import tensorflow as tf

    @tf.function(input_signature=[tf.TensorSpec((2, None), tf.float32)], autograph=False)
    def round_trip(x):
        return primitives.irfftn_of_low_bins(kso.rfft(x, norm=norm), (1,), tf.shape(x)[1], norm)

    x = np.random.default_rng(0).standard_normal((2, 10)).astype("float32")
    assert_close(round_trip(x), x.astype("float64"))
