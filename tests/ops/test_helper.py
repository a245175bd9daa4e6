"""Shifts, sample frequencies and fast lengths against numpy.fft / scipy.fft."""

import numpy as np
import pytest

from keras_spectral import ops as kso
from keras_spectral.testing import assert_close, to_numpy


@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
def test_shifts_match_numpy(name):
    x = np.arange(5 * 6 * 7, dtype="float64").reshape(5, 6, 7)
    for axes in [None, 0, (1,), (-1, 0)]:
        np.testing.assert_array_equal(to_numpy(getattr(kso, name)(x, axes=axes)),
                                      getattr(np.fft, name)(x, axes=axes))
    z = (x, -x)
    np.testing.assert_array_equal(to_numpy(getattr(kso, name)(z, axes=(1,))),
                                  getattr(np.fft, name)(x - 1j * x, axes=(1,)))


def test_ifftshift_inverts_fftshift_for_odd_lengths():
    x = np.arange(7.0)
    np.testing.assert_array_equal(to_numpy(kso.ifftshift(kso.fftshift(x))), x)


@pytest.mark.parametrize("n", [1, 2, 7, 8])
@pytest.mark.parametrize("d", [1.0, 0.25])
def test_frequencies_match_numpy(n, d):
    assert_close(kso.fftfreq(n, d, dtype="float64"), np.fft.fftfreq(n, d), 1e-15)
    assert_close(kso.rfftfreq(n, d, dtype="float64"), np.fft.rfftfreq(n, d), 1e-15)
    assert str(to_numpy(kso.fftfreq(n)).dtype) == "float32"


@pytest.mark.parametrize("real", [False, True])
def test_fast_lengths_match_scipy(real):
    import scipy.fft

    targets = list(range(1, 600)) + [1021, 1025, 4097, 10007, 2**20 + 1, 10**9 + 7]
    for target in targets:
        assert kso.next_fast_len(target, real) == scipy.fft.next_fast_len(target, real), target
        assert kso.prev_fast_len(target, real) == scipy.fft.prev_fast_len(target, real), target
    assert (kso.next_fast_len(7), kso.next_fast_len(13)) == (7, 14)  # scipy's default
    assert (kso.next_fast_len(7, real=True), kso.next_fast_len(13, real=True)) == (8, 15)


@pytest.mark.parametrize("fn", ["next_fast_len", "prev_fast_len"])
def test_fast_lengths_reject_bad_arguments(fn):
    with pytest.raises(ValueError, match="`target`"):
        getattr(kso, fn)(0)
    with pytest.raises(TypeError, match="`real` must be True or False; got 1"):
        getattr(kso, fn)(8, real=1)


@pytest.mark.parametrize("dtype", ["float64", "int64", "int32", "float32"])
def test_shifts_keep_the_dtype(dtype):
    x = np.arange(6).astype(dtype)
    for op in (kso.fftshift, kso.ifftshift):
        out = to_numpy(op(x))
        assert str(out.dtype) == dtype
        np.testing.assert_array_equal(out, getattr(np.fft, op.__name__)(x))
