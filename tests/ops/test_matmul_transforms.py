"""The "matmul" transform method: every primitive as real matrix products.

Against the float64 NumPy reference like every other path (float32 to 1e-5,
float64 to 1e-10), against the FFT path, gradients by finite differences,
symbolic shapes with a None batch, the truncated transforms, and every
catalogue layer and model giving the same output under "fft" and "matmul".
"""

import keras
import numpy as np
import pytest
from keras import ops

from keras_spectral import backend, config
from keras_spectral import ops as kso
from keras_spectral.backend import matmul as mm
from keras_spectral.ops import primitives
from keras_spectral.testing import assert_close, backend_name, check_gradients, to_numpy
from keras_spectral.testing import catalogue

RNG = np.random.default_rng(0)
DTYPES = ["float32", "float64"]


@pytest.fixture
def matmul():
    with config.transform_method_scope("matmul"):
        yield


def _t(x, dtype):
    return ops.convert_to_tensor(np.asarray(x).astype(dtype), dtype=dtype)


def _ref_low(x, axes, keep, norm):
    """The kept bins of numpy's rfftn."""
    z = np.fft.rfftn(x, axes=axes, norm=norm)
    if keep[-1] is not None:
        z = np.take(z, np.arange(keep[-1]), axis=axes[-1])
    for axis, k in zip(axes[:-1], keep[:-1]):
        if k is not None:
            n = z.shape[axis]
            z = np.take(z, np.r_[0:k[0], n - k[1]:n], axis=axis)
    return z


def _ref_inverse_low(z, axes, keep, sizes, norm):
    for axis, k, n in zip(axes[:-1], keep[:-1], sizes[:-1]):
        if k is not None:
            shape = list(z.shape)
            shape[axis] = n
            full = np.zeros(shape, complex)
            index = [slice(None)] * z.ndim
            index[axis] = np.r_[0:k[0], n - k[1]:n]
            full[tuple(index)] = z
            z = full
    return np.fft.irfftn(z, s=sizes, axes=axes, norm=norm)


# --- the whole transforms, through the public ops --------------------------------------------

CASES = [((3, 16), (1,)), ((2, 8, 9, 3), (1, 2)), ((2, 6, 5, 4, 2), (1, 2, 3)),
         ((7, 5), (0,)), ((4, 6, 5), (0, 2)), ((2, 3, 4, 5, 6), (0, 1, 2, 3))]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("norm", ["backward", "ortho", "forward"])
@pytest.mark.parametrize("shape,axes", CASES)
def test_ops_equal_numpy(matmul, shape, axes, norm, dtype):
    x, y = RNG.standard_normal(shape), RNG.standard_normal(shape)
    z = x + 1j * y
    assert_close(kso.fftn((_t(x, dtype), _t(y, dtype)), axes=axes, norm=norm),
                 np.fft.fftn(z, axes=axes, norm=norm), dtype=dtype)
    assert_close(kso.ifftn((_t(x, dtype), _t(y, dtype)), axes=axes, norm=norm),
                 np.fft.ifftn(z, axes=axes, norm=norm), dtype=dtype)
    assert_close(kso.rfftn(_t(x, dtype), axes=axes, norm=norm),
                 np.fft.rfftn(x, axes=axes, norm=norm), dtype=dtype)
    n = shape[axes[-1]]
    half = np.take(z, np.arange(n // 2 + 1), axis=axes[-1])  # not Hermitian on DC/Nyquist
    sizes = [shape[a] for a in axes]
    assert_close(kso.irfftn((_t(half.real, dtype), _t(half.imag, dtype)), s=sizes, axes=axes,
                            norm=norm),
                 np.fft.irfftn(half, s=sizes, axes=axes, norm=norm), dtype=dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [1, 2, 7, 8, 33])
def test_odd_and_even_lengths_and_padding(matmul, n, dtype):
    x, y = RNG.standard_normal((3, n)), RNG.standard_normal((3, n))
    assert_close(kso.rfft(_t(x, dtype)), np.fft.rfft(x), dtype=dtype)
    assert_close(kso.rfft(_t(x, dtype), n=n + 3), np.fft.rfft(x, n=n + 3), dtype=dtype)
    assert_close(kso.irfft((_t(x, dtype), _t(y, dtype)), n=2 * n),
                 np.fft.irfft(x + 1j * y, n=2 * n), dtype=dtype)
    assert_close(kso.irfft((_t(x, dtype), _t(y, dtype)), n=max(1, n // 2)),
                 np.fft.irfft(x + 1j * y, n=max(1, n // 2)), dtype=dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_fft_real_and_filter(matmul, dtype):
    x = RNG.standard_normal((2, 6, 10))
    assert_close(primitives.fftn_real_part(_t(x, dtype), (1, 2)),
                 np.fft.fftn(x, axes=(1, 2)).real, dtype=dtype)
    assert_close(primitives.fftn_real_part(_t(x, dtype), (2,)),
                 np.fft.fft(x, axis=2).real, dtype=dtype)
    gain = RNG.standard_normal((1, 8, 7)) + 1j * RNG.standard_normal((1, 8, 7))
    got = primitives.filter_real_signal(
        _t(x, dtype), kso.primitives.as_complex_tensor((_t(gain.real, dtype),
                                                         _t(gain.imag, dtype))),
        (1, 2), (8, 12))
    spectrum = np.fft.rfftn(x, s=(8, 12), axes=(1, 2))
    # numpy's irfftn of the product reads the Hermitian part of its DC / Nyquist planes
    assert_close(got, np.fft.irfftn(spectrum * _hermitian_planes(gain, (1, 2), 12),
                                    s=(8, 12), axes=(1, 2)), dtype=dtype)


def _hermitian_planes(g, axes, n):
    g = g.copy()
    for k in (0, n // 2) if n % 2 == 0 else (0,):
        plane = np.take(g, [k], axis=axes[-1])
        mirrored = np.conj(np.roll(np.flip(plane, axes[:-1]), 1, axes[:-1]))
        index = [slice(None)] * g.ndim
        index[axes[-1]] = slice(k, k + 1)
        g[tuple(index)] = (plane + mirrored) / 2
    return g


@pytest.mark.parametrize("dtype", DTYPES)
def test_realtransforms_and_stft(matmul, dtype):
    import scipy.fft

    x = RNG.standard_normal((3, 12))
    for t in (1, 2, 3, 4):
        assert_close(kso.dct(_t(x, dtype), type=t, norm="ortho"),
                     scipy.fft.dct(x, type=t, norm="ortho"), dtype=dtype)
    signal = RNG.standard_normal((2, 128))
    spec = kso.stft(_t(signal, dtype), 32, 8)
    with config.transform_method_scope("fft"):
        ref = kso.stft(_t(signal.astype("float64"), "float64"), 32, 8)
    assert_close(spec, to_numpy(ref), dtype=dtype)


# --- the truncated transforms ------------------------------------------------------------

LOW = [((2, 16, 3), (1,), [5]), ((2, 8, 9, 3), (1, 2), [(3, 3), 4]),
       ((2, 6, 6, 6, 2), (1, 2, 3), [(2, 2), (2, 1), 2]), ((3, 10, 12), (1, 2), [(5, 5), 7]),
       ((2, 12, 3, 10), (1, 3), [None, 3]), ((2, 9, 8), (1, 2), [(4, 0), None])]


@pytest.mark.parametrize("method", ["fft", "matmul"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("norm", ["backward", "ortho", "forward"])
@pytest.mark.parametrize("shape,axes,keep", LOW)
def test_low_frequencies_equal_numpy(shape, axes, keep, norm, dtype, method):
    x = RNG.standard_normal(shape)
    ref = _ref_low(x, axes, keep, norm)
    sizes = [shape[a] for a in axes]
    with config.transform_method_scope(method):
        low = primitives.rfftn_low_frequencies(_t(x, dtype), axes, keep, norm)
        assert_close(low, ref, dtype=dtype)
        back = primitives.irfftn_low_frequencies(
            kso.primitives.as_complex_tensor((_t(ref.real, dtype), _t(ref.imag, dtype))),
            axes, keep, sizes, norm)
    assert_close(back, _ref_inverse_low(ref, axes, keep, sizes, norm), dtype=dtype)


@pytest.mark.skipif(backend_name() != "torch", reason="torch.compile")
@pytest.mark.parametrize("shape,axes,keep,dynamic", [(*LOW[2], False), (*LOW[1], True)])
def test_torch_compile_traces_them_in_one_graph(shape, axes, keep, dynamic):
    # fullgraph=True raises at any graph break: the matrices must come from an op of
    # the graph (sizes static or symbolic), never from NumPy
    import torch

    x = RNG.standard_normal(shape)
    sizes = [shape[a] for a in axes]

    def round_trip(t):
        low = primitives.rfftn_low_frequencies(t, axes, keep)
        return low.real, low.imag, primitives.irfftn_low_frequencies(low, axes, keep, sizes)

    torch._dynamo.reset()
    compiled = torch.compile(round_trip, fullgraph=True, dynamic=dynamic)
    with config.transform_method_scope("matmul"):
        real, imag, back = compiled(_t(x, "float32"))
    ref = _ref_low(x, axes, keep, "backward")
    assert_close(kso.primitives.as_complex_tensor((real, imag)), ref, dtype="float32")
    assert_close(back, _ref_inverse_low(ref, axes, keep, sizes, "backward"), dtype="float32")


def test_low_frequencies_match_the_fft_path_in_float32():
    x = _t(RNG.standard_normal((4, 32, 32, 3)), "float32")
    keep = [(6, 6), 6]
    with config.transform_method_scope("fft"):
        a = primitives.rfftn_low_frequencies(x, (1, 2), keep)
        ia = primitives.irfftn_low_frequencies(a, (1, 2), keep, (32, 32))
    with config.transform_method_scope("matmul"):
        b = primitives.rfftn_low_frequencies(x, (1, 2), keep)
        ib = primitives.irfftn_low_frequencies(a, (1, 2), keep, (32, 32))
    assert_close(b, to_numpy(a), rtol=1e-5)
    assert_close(ib, to_numpy(ia), rtol=1e-5)


@pytest.mark.parametrize("bad,error", [([3], ValueError), ([(3, 3), 40], ValueError),
                                       ([3, 4], TypeError), ([(9, 9), 4], ValueError),
                                       ([(3, 3), 0], ValueError), (5, TypeError)])
def test_low_frequencies_bad_keep(bad, error):
    with pytest.raises(error, match="keep"):
        primitives.rfftn_low_frequencies(np.zeros((2, 8, 9, 3)), (1, 2), bad)


# --- gradients -------------------------------------------------------------------------------


@pytest.mark.trains
@pytest.mark.parametrize("case", ["c2c", "r2c", "c2r", "filter", "fft_real", "low", "low_inv"])
def test_gradients(matmul, case):
    x, y = RNG.standard_normal((2, 6, 5)), RNG.standard_normal((2, 6, 5))
    half = (RNG.standard_normal((2, 6, 3)), RNG.standard_normal((2, 6, 3)))
    fn, args = {
        "c2c": (lambda a, b: kso.fftn((a, b), axes=(1, 2), norm="ortho"), [x, y]),
        "r2c": (lambda a: kso.rfftn(a, axes=(1, 2)), [x]),
        "c2r": (lambda a, b: kso.irfftn((a, b), s=(6, 5), axes=(1, 2)), list(half)),
        "filter": (lambda a, gr, gi: primitives.filter_real_signal(
            a, kso.primitives.as_complex_tensor((gr, gi)), (1, 2), (6, 5)), [x, *half]),
        "fft_real": (lambda a: primitives.fftn_real_part(a, (1, 2)), [x]),
        "low": (lambda a: primitives.rfftn_low_frequencies(a, (1, 2), [(2, 1), 2]), [x]),
        "low_inv": (lambda a, b: primitives.irfftn_low_frequencies(
            kso.primitives.as_complex_tensor((a, b)), (1, 2), [(2, 1), 2], (6, 5)),
            [RNG.standard_normal((2, 3, 2)), RNG.standard_normal((2, 3, 2))]),
    }[case]
    check_gradients(fn, args)


# --- symbolic shapes, dispatch ----------------------------------------------------------------


def test_symbolic_with_none_batch(matmul):
    x = keras.Input((8, 9, 3))
    low = primitives.rfftn_low_frequencies(x, (1, 2), [(3, 2), 4])
    assert tuple(low.real.shape) == (None, 5, 4, 3)
    back = primitives.irfftn_low_frequencies(low, (1, 2), [(3, 2), 4], (8, 9))
    assert tuple(back.shape) == (None, 8, 9, 3)
    spec = kso.rfftn(x, axes=(1, 2))
    assert tuple(spec.real.shape) == (None, 8, 5, 3)
    model = keras.Model(x, back)
    data = RNG.standard_normal((2, 8, 9, 3)).astype("float32")
    ref = _ref_inverse_low(_ref_low(data, (1, 2), [(3, 2), 4], "backward"), (1, 2),
                           [(3, 2), 4], [8, 9], "backward")
    assert_close(model.predict(data, verbose=0), ref)


def test_method_resolution():
    with config.transform_method_scope("fft"):
        expected = "matmul" if backend_name() == "openvino" else "fft"
        assert backend.method("r2c", [16]) == expected
    with config.transform_method_scope("matmul"):
        assert backend.method("r2c", [16]) == "matmul"
    with config.transform_method_scope("auto"):
        assert backend.method("r2c", [None]) in ("fft", "matmul")
        assert backend.auto_method("c2c", [None]) == "fft"


def test_matrices_are_cached_and_exact():
    a = mm.matrix(12, ("range", 12), ("range", 7), "r2c", False, "backward", "float64")
    b = mm.matrix(12, ("range", 12), ("range", 7), "r2c", False, "backward", "float64")
    a, b = to_numpy(a), to_numpy(b)
    np.testing.assert_array_equal(a, b)
    eye = np.fft.rfft(np.eye(12))
    np.testing.assert_allclose(a[:, :7] + 1j * a[:, 7:], eye, atol=1e-14)  # [C, -S]


# --- every layer and model ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(catalogue.CASES))
def test_catalogue_equal_under_fft_and_matmul(name):
    layer = catalogue.build(name)
    x = catalogue.example_input(name)
    with config.transform_method_scope("fft"):
        a = layer(x)
    with config.transform_method_scope("matmul"):
        b = layer(x)
    a = a if isinstance(a, tuple) else (a,)
    b = b if isinstance(b, tuple) else (b,)
    for pa, pb in zip(a, b):
        ref = to_numpy(pa)
        assert_close(pb, ref, rtol=1e-5, err_msg=name)


@pytest.mark.parametrize("name", ["SpectralConv2D", "AFNO2D", "GlobalFilter2D", "FNO",
                                  "MelSpectrogram", "FourierMixing"])
def test_transform_method_argument(name):
    layer = catalogue.build(name, transform_method="matmul")
    assert layer.transform_method == "matmul"
    cfg = layer.get_config()
    assert cfg["transform_method"] == "matmul"
    again = type(layer).from_config(cfg)
    assert again.transform_method == "matmul"
    x = catalogue.example_input(name)
    reference = catalogue.build(name)
    with config.transform_method_scope("fft"):
        ref = to_numpy(reference(x))
        layer(x)
        layer.set_weights(reference.get_weights())
        out = layer(x)  # its own method, whatever the scope
    assert_close(out, ref, rtol=1e-5)
    assert catalogue.build(name).get_config()["transform_method"] is None
    with pytest.raises(ValueError, match="transform_method"):
        catalogue.build(name, transform_method="dft")


def test_a_layer_runs_its_call_in_its_own_scope():
    from keras_spectral.layers._base import TransformLayer

    seen = []

    class Probe(TransformLayer):
        def call(self, x):
            seen.append(config.transform_method())
            return x

    class SubProbe(Probe):
        def call(self, x):
            return super().call(x)

    with config.transform_method_scope("fft"):
        Probe(transform_method="matmul")(np.zeros((2, 3)))
        Probe()(np.zeros((2, 3)))
        SubProbe(transform_method="matmul")(np.zeros((2, 3)))
    assert seen == ["matmul", "fft", "matmul"]


def test_auto_rule():
    # the measured crossover (keras_spectral/backend/__init__.py): the matrices for a
    # truncated transform keeping few bins, the FFT for whole spectra and unknown sizes
    for name in ("tensorflow", "jax", "torch"):
        assert backend.auto_method("r2c_low", [64, 64], [16, 8], name) == "matmul"
        assert backend.auto_method("c2r_low", [4096], [16], name) == "matmul"
        assert backend.auto_method("r2c_low", [16, 16], [16, 9], name) == "fft"  # every bin
        assert backend.auto_method("r2c_low", [4096], [256], name) == "fft"  # k >> log2 n
        assert backend.auto_method("r2c_low", [None, 8], [4, 4], name) == "fft"
        for kind in ("c2c", "r2c", "c2r", "filter", "fft_real"):
            assert backend.auto_method(kind, [16], None, name) == "fft"
    assert backend.auto_method("r2c_low", [64], [8], "numpy") == "fft"
    assert backend.auto_method("c2c", [8], None, "openvino") == "matmul"


@pytest.mark.skipif(backend_name() != "tensorflow",
                    reason="sizes unknown when traced: TensorFlow graphs")
@pytest.mark.parametrize("name", ["SpectralConv2D", "SpectralPooling2D", "GlobalFilter2D",
                                  "AFNO2D"])
def test_matrices_built_at_run_time_for_unknown_sizes(name):
    import tensorflow as tf

    layer = catalogue.build(name, transform_method="matmul")
    x = catalogue.example_input(name)
    with config.transform_method_scope("fft"):
        layer(x)
        reference = catalogue.build(name)
        reference(x)
        layer.set_weights(reference.get_weights())
        ref = to_numpy(reference(x))
    spec = tf.TensorSpec([None, None, None, x.shape[-1]], tf.float32)
    traced = tf.function(lambda t: layer(t), input_signature=[spec])
    assert_close(traced(x), ref, rtol=1e-5)


TRANSFORMING = {"AFNO1D", "AFNO2D", "FFTConv1D", "FourierMixing", "GlobalFilter1D",
                "GlobalFilter2D", "SpectralConv1D", "SpectralConv2D", "SpectralConv3D",
                "SpectralGain", "SpectralPooling1D", "SpectralPooling2D", "STFT", "ISTFT",
                "Spectrogram", "MelSpectrogram", "MFCC", "PhaseFeatures", "GriffinLim", "FNO"}


@pytest.mark.parametrize("name", sorted(TRANSFORMING))
def test_every_transforming_layer_takes_transform_method(name):
    assert "transform_method" in catalogue.build(name).get_config()
    layer = catalogue.build(name, transform_method="matmul")
    assert layer.get_config()["transform_method"] == "matmul"
    with pytest.raises(TypeError, match="transform_method"):
        catalogue.build(name, transform_method=3)
