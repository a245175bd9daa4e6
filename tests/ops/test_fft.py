"""The FFT family against numpy.fft / scipy.fft in float64 and float32, on every
backend and device: odd and even lengths, n/s that pad or truncate, negative
axes, every norm."""

import keras
import numpy as np
import pytest
import scipy.fft as sfft

from keras_spectral import backend as ks_backend
from keras_spectral import ops as kso
from keras_spectral.testing import RTOL, assert_close

NORMS = [None, "backward", "ortho", "forward"]
DTYPES = ["float64", "float32"]


def _data(shape, dtype, complex_=False, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    if complex_:
        x = x + 1j * rng.standard_normal(shape)
    return x


def _arg(x, dtype):
    """The library's input for the reference input `x`, cast to `dtype`."""
    if np.iscomplexobj(x):
        return (x.real.astype(dtype), x.imag.astype(dtype))
    return x.astype(dtype)


def _ref_input(x, dtype):
    """The reference sees exactly the rounded input the library sees."""
    if np.iscomplexobj(x):
        return x.real.astype(dtype).astype(np.float64) + 1j * x.imag.astype(dtype).astype(np.float64)
    return x.astype(dtype).astype(np.float64)


# (shape, kwargs) cases for the 1-D transforms: odd/even, pad/truncate, axes.
CASES_1D = [
    ((16,), {}),
    ((15,), {}),
    ((3, 8), {"n": 11}),
    ((3, 9), {"n": 4}),
    ((4, 7, 5), {"axis": 1}),
    ((4, 7, 5), {"axis": -3, "n": 6}),
    ((2, 5, 1), {"axis": -1, "n": 3}),
]

CASES_ND = [
    ((6, 8), {}),
    ((5, 7), {"axes": (0, 1)}),
    ((3, 6, 5), {"axes": (-1, -2)}),
    ((3, 6, 5), {"s": (4, 9), "axes": (0, 2)}),
    ((2, 3, 4, 5), {"axes": (0, 1, 2, 3)}),
    ((2, 3, 4, 5), {"s": (3, 5, 6), "axes": (1, 2, 3)}),
    ((4, 7, 9), {"s": (5, 6)}),
]

REAL_INPUT = {"rfft", "ihfft", "rfftn", "rfft2"}
CASES = {name: CASES_1D for name in ("fft", "ifft", "hfft", "rfft", "ihfft", "irfft")}
CASES.update({name: CASES_ND for name in ("fftn", "ifftn", "rfftn", "irfftn")})
CASES.update({name: [((4, 6, 8), {}), ((5, 7), {"s": (6, 9)}), ((3, 4, 5), {"axes": (0, -1)})]
              for name in ("fft2", "ifft2", "rfft2", "irfft2")})


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_scipy(name, norm, dtype):
    for shape, kw in CASES[name]:
        x = _data(shape, dtype, complex_=name not in REAL_INPUT)
        got = getattr(kso, name)(_arg(x, dtype), norm=norm, **kw)
        want = getattr(sfft, name)(_ref_input(x, dtype), norm=norm, **kw)
        assert_close(got, want, RTOL[dtype], dtype, err_msg=f"{name}{shape}{kw}")


def test_results_keep_float64_and_float32():
    for dtype in DTYPES:
        x = _data((8,), dtype).astype(dtype)
        spec = kso.rfft(x)
        assert spec.dtype == dtype
        assert str(np.asarray(kso.irfft(spec)).dtype) == dtype


@pytest.mark.parametrize("n", [6, 7])
def test_irfft_ignores_imaginary_dc_and_nyquist(n, device, planes):
    """numpy.fft.irfft's semantics on every backend and device: the imaginary
    parts of the DC and (even n) Nyquist bins do not leak into the signal."""
    rng = np.random.default_rng(1)
    spec = rng.standard_normal((3, n // 2 + 1)) + 1j * rng.standard_normal((3, n // 2 + 1))
    got = kso.irfft((spec.real, spec.imag), n=n)
    assert_close(got, np.fft.irfft(spec, n=n), RTOL["float64"], "float64")


@pytest.mark.parametrize("s", [(6, 8), (5, 7), (4, 1), (3, 2)])
def test_irfftn_hermitian_planes_match_numpy(s, device, planes):
    """The DC and Nyquist planes are made Hermitian explicitly: the result is
    numpy.fft.irfftn's for an arbitrary (non-Hermitian) half spectrum."""
    rng = np.random.default_rng(2)
    shape = (2, s[0], s[1] // 2 + 1)
    spec = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    got = kso.irfftn((spec.real, spec.imag), s=s, axes=(1, 2))
    assert_close(got, np.fft.irfftn(spec, s=s, axes=(1, 2)), RTOL["float64"], "float64")


def test_kernel_drops_planes_only_for_eager_cpu_calls():
    """The explicit planes are skipped only where the kernel is known: a
    concrete CPU tensor in an eager call, never a symbolic one or a trace."""
    here = all(d.startswith("cpu") for d in ks_backend.list_devices())
    x = keras.ops.ones((2, 5))
    assert ks_backend.kernel_drops_planes(x) is (here or ks_backend.name() == "numpy")
    assert not ks_backend.kernel_drops_planes(keras.KerasTensor((2, 5)))
    name = ks_backend.name()
    if name == "jax":
        import jax

        seen = []
        jax.jit(lambda t: seen.append(ks_backend.kernel_drops_planes(t)) or t)(x)
        assert seen == [False]
    elif name == "tensorflow":
        import tensorflow as tf

        seen = []
        tf.function(lambda t: seen.append(ks_backend.kernel_drops_planes(t)) or t)(x)
        assert seen == [False]


def test_float32_on_every_device(device):
    x = _data((4, 64), "float32").astype("float32")
    assert_close(kso.rfft(x), sfft.rfft(x.astype(np.float64)), RTOL["float32"])
    assert_close(kso.fftn(x), sfft.fftn(x.astype(np.float64)), RTOL["float32"])


@pytest.mark.parametrize("op", ["fft", "ifft", "fftn", "fftshift"])
def test_a_nested_list_is_an_array_and_a_tuple_is_a_pair(op):
    rows = [[1.0, 2.0], [3.0, 4.0]]
    out = getattr(kso, op)(rows)
    ref = getattr(np.fft, op)(np.array(rows))
    if np.iscomplexobj(ref):
        np.testing.assert_allclose(keras.ops.convert_to_numpy(out.real), ref.real, atol=1e-6)
        np.testing.assert_allclose(keras.ops.convert_to_numpy(out.imag), ref.imag, atol=1e-6)
    else:
        np.testing.assert_allclose(keras.ops.convert_to_numpy(out), ref, atol=1e-6)
    if op == "fft":  # the same numbers as a tuple: one complex row, 1 + 3j and 2 + 4j
        pair = kso.fft(tuple(rows))
        ref = np.fft.fft(np.array([1 + 3j, 2 + 4j]))
        np.testing.assert_allclose(keras.ops.convert_to_numpy(pair.real), ref.real, atol=1e-6)
        np.testing.assert_allclose(keras.ops.convert_to_numpy(pair.imag), ref.imag, atol=1e-6)


@pytest.mark.parametrize("op", ["fft2", "fftn", "rfft2", "ifft2", "irfft2"])
def test_results_do_not_depend_on_the_memory_layout(op):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((6, 10, 12)).astype("float32")
    fortran = np.asfortranarray(x)
    if op in ("ifft2", "irfft2"):
        c_out = getattr(kso, op)((x, x[::-1].copy()))
        f_out = getattr(kso, op)((fortran, np.asfortranarray(x[::-1])))
    else:
        c_out, f_out = getattr(kso, op)(x), getattr(kso, op)(fortran)
    for a, b in zip(c_out if isinstance(c_out, tuple) else [c_out],
                    f_out if isinstance(f_out, tuple) else [f_out]):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(a),
                                      keras.ops.convert_to_numpy(b))
