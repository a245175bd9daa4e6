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


def test_next_fast_len_matches_scipy():
    for target in [1, 2, 7, 11, 97, 1021, 1025, 4097, 10007]:
        n = kso.next_fast_len(target)
        assert n >= target
        assert n == min(m for m in range(target, 2 * target + 2)
                        if _is_5_smooth(m)), target


def _is_5_smooth(m):
    for p in (2, 3, 5):
        while m % p == 0:
            m //= p
    return m == 1
