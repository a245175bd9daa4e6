"""Bad input is a ValueError / TypeError naming the argument and the value,
never a backend's internal error. One test per case."""

import keras
import numpy as np
import pytest

from keras_spectral import complex as kc
from keras_spectral import ops as kso

X = np.ones((4, 6), dtype="float32")


def test_real_and_imag_of_different_shapes():
    with pytest.raises(ValueError, match=r"same shape.*\(4, 6\) and \(4, 5\)"):
        kso.fft((X, np.ones((4, 5), "float32")))


def test_real_and_imag_of_different_dtypes():
    with pytest.raises(TypeError, match="same dtype; got float32 and float64"):
        kso.fft((X, X.astype("float64")))


def test_non_float_complex_part():
    with pytest.raises(TypeError, match="imaginary part of `x`.*int32"):
        kso.ifft((X, X.astype("int32")))


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="`axis` must be an integer >= -2 and <= 1 .*rank 2.*; got 2"):
        kso.rfft(X, axis=2)


def test_axes_out_of_range():
    with pytest.raises(ValueError, match="`axes` must be an integer >= -2 and <= 1 .*; got -3"):
        kso.fftn(X, axes=(0, -3))


def test_repeated_axes():
    with pytest.raises(ValueError, match=r"`axes` must not repeat an axis; got \(1, -1\)"):
        kso.rfftn(X, axes=(1, -1))


def test_s_and_axes_of_different_lengths():
    with pytest.raises(ValueError, match=r"`s` and `axes` must have the same length"):
        kso.fftn(X, s=(4, 6), axes=(1,))


@pytest.mark.parametrize("n", [0, -3])
def test_n_not_positive(n):
    with pytest.raises(ValueError, match=f"`n` must be an integer >= 1; got {n}"):
        kso.fft(X, n=n)


def test_n_not_an_integer():
    with pytest.raises(TypeError, match="`n` must be an integer >= 1 or None; got 4.0"):
        kso.rfft(X, n=4.0)


def test_s_entry_not_positive():
    with pytest.raises(ValueError, match="`s` must be an integer >= 1; got 0"):
        kso.rfftn(X, s=(0, 4))


def test_unknown_norm():
    with pytest.raises(ValueError, match="`norm` must be one of None, 'backward'.*got 'unitary'"):
        kso.fft(X, norm="unitary")


@pytest.mark.parametrize("type,error", [(0, ValueError), (5, ValueError), ("2", TypeError)])
def test_dct_type_outside_1_to_4(type, error):
    with pytest.raises(error, match=f"`type` must be one of 1, 2, 3, 4; got {type!r}"):
        kso.dct(X, type=type)


def test_dct_type1_shorter_than_two():
    with pytest.raises(ValueError, match="type-1 DCT needs a length >= 2; got 1"):
        kso.dct(np.ones((3, 1), "float32"), type=1)


def test_fftconvolve_different_ranks():
    with pytest.raises(ValueError, match="same rank; got 2 and 1"):
        kso.fftconvolve(X, np.ones(3, "float32"))


def test_fftconvolve_unknown_mode():
    with pytest.raises(ValueError, match="`mode` must be.*got 'circular'"):
        kso.fftconvolve(X, X, mode="circular")


def test_fftconvolve_valid_without_a_larger_input():
    with pytest.raises(ValueError, match="mode='valid'.*at least as large"):
        kso.fftconvolve(np.ones((4, 2)), np.ones((2, 4)), mode="valid")


def test_fftconvolve_mismatched_broadcast_axis():
    with pytest.raises(ValueError, match="equal sizes \\(or 1\\) on axis 0.*4 and 3"):
        kso.fftconvolve(np.ones((4, 5)), np.ones((3, 2)), axes=(1,))


def test_irfft_symbolic_unknown_length():
    x = keras.Input(shape=(None,))
    with pytest.raises(ValueError, match="cannot be known.*Pass `n`"):
        kso.irfft((x, x))


def test_irfftn_symbolic_unknown_length():
    x = keras.Input(shape=(4, None))
    with pytest.raises(ValueError, match="cannot be known.*Pass `s`"):
        kso.irfftn((x, x), axes=(1, 2))


def test_real_transform_of_complex_input():
    with pytest.raises(TypeError, match="`x` must be real; got a complex value"):
        kso.rfft((X, X))


def test_hilbert_non_positive_N():
    with pytest.raises(ValueError, match="`N` must be an integer >= 1; got 0"):
        kso.hilbert(X, N=0)


def test_fftfreq_zero_spacing():
    with pytest.raises(ValueError, match="`d` must be a non-zero number; got 0"):
        kso.fftfreq(8, d=0)


def test_complex_pair_of_wrong_length():
    with pytest.raises(ValueError, match="`a` must be a tensor or a \\(real, imag\\) pair; got a tuple of length 3"):
        kc.conj((X, X, X))


def test_complex_product_unknown_method():
    with pytest.raises(ValueError, match="`method` must be one of.*got 'fast'"):
        kc.matmul(X, X.T, method="fast")


def test_einsum_operand_count():
    with pytest.raises(ValueError, match="names 2 operands but 1 were given"):
        kc.einsum("ij,jk->ik", (X, X))


def test_scale_by_complex_factor():
    with pytest.raises(TypeError, match="`factor` must be real"):
        kc.scale((X, X), (X, X))


@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2",
                                  "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn",
                                  "irfftn", "dct", "idct", "dst", "idst", "hilbert"])
def test_an_empty_axis_is_a_value_error_as_in_numpy(name):
    x = np.zeros((3, 0), "float32")
    with pytest.raises(ValueError, match=r"Invalid number of FFT data points \(0\) along axis 1"):
        getattr(kso, name)(x)
