"""GaborFilterbank: LEAF's learnable complex Gabor filterbank.

Zeghidour, Teboul, de Chaumont Quitry & Tagliasacchi, "LEAF: A Learnable
Frontend for Audio Classification" (ICLR 2021), the filters of
`leaf_audio/convolution.py` `GaborConv1D` and `impulse_responses.py`
`gabor_filters`. Filter `n` is the complex Gabor impulse response

    phi_n(t) = 1 / (sqrt(2 pi) sigma_n) exp(-t^2 / (2 sigma_n^2)) exp(i eta_n t)

on LEAF's grid `t = -(L // 2), ..., (L + 1) // 2 - 1` (`L = frame_length`;
for odd `L` that is `-(L-1)/2 ... (L-1)/2`, for even `L` the grid has one more
negative point than positive). Its frequency response is
`exp(-sigma_n^2 (w - eta_n)^2 / 2)` (peak 1 at `w = eta_n`, full width at
half maximum `2 sqrt(2 ln 2) / sigma_n`), so each filter is a band-pass with
two learnable numbers: the centre frequency `eta_n` (radians per sample) and
the envelope's width `sigma_n` (samples).

The output is the energy `|y_n|^2` of the filter output
`y_n[c] = sum_t x[c + t] phi_n(t)` (a correlation, as LEAF's `tf.nn.conv1d`)
at the frame centres `c = f * frame_step` (with `center=True`; else
`c = f * frame_step + L // 2`): the stride-1 filtering subsampled by
`frame_step`. It is computed as one product of the frames `(..., frames, L)`
with the real `(L, 2 * num_mel_bins)` matrix `[Re phi, Im phi]` built in
`call` from the two weight vectors, and `re^2 + im^2`. This replaces LEAF's
stride-1 convolution followed by its Gaussian lowpass pooling: the filters
are the same, without LEAF's extra learnable lowpass (the subsampling is a
plain decimation, so put a pooling or smoothing layer after this one if
aliasing of the envelope matters).

Initialisation (LEAF's, from a mel filterbank): the centres are the peaks of
the `num_mel_bins` triangular mel filters between `min_freq` and `max_freq`,
`eta_n = 2 pi f_n / sample_rate`, and `sigma_n` gives the filter the full width
at half maximum of its mel triangle (half the distance between its two
neighbouring mel points). As in LEAF's `GaborConstraint`, `call` clamps
`eta` to `[0, pi]` and `sigma` to `[4 sqrt(2 ln 2) / pi, L sqrt(2 ln 2) / pi]`
(a frequency-response FWHM between `2 pi / L` and `pi / 2`); the initial
values are clamped into these ranges too, and the same clamp is the
variables' constraint, applied by the optimizer after each step, so a
parameter never sits outside its range where its gradient would be zero.
"""

import math

import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import ops as spectral_ops
from keras_spectral import complex as complex_ops
from keras_spectral import numerics
from keras_spectral.ops import primitives

__all__ = ["GaborFilterbank", "gabor_mel_init"]

_FWHM_FACTOR = 2.0 * math.sqrt(2.0 * math.log(2.0))  # FWHM_w * sigma


def center_range():
    """LEAF's range of the centre frequencies, radians per sample."""
    return 0.0, math.pi


def width_range(frame_length):
    """LEAF's range of the envelope widths (samples) for filters of
    `frame_length` samples: a frequency-response FWHM in [2 pi / L, pi / 2]."""
    root = math.sqrt(2.0 * math.log(2.0))
    return 4.0 * root / math.pi, frame_length * root / math.pi


def gabor_mel_init(num_mel_bins, frame_length, sample_rate, min_freq, max_freq,
                   scale="slaney"):
    """LEAF's mel initialisation of the Gabor filters, clamped to their ranges.

    Args:
        num_mel_bins: the number of filters.
        frame_length: the filter length in samples (it bounds the widths).
        sample_rate: the sampling rate in Hz.
        min_freq: the lowest edge of the mel filterbank, Hz.
        max_freq: the highest edge, Hz, at most `sample_rate / 2`.
        scale: the mel scale, "slaney" or "htk".

    Returns:
        `(eta, sigma)`, float64 NumPy arrays of `num_mel_bins` values: the
        centre frequencies (radians per sample) at the mel filters' peaks, and
        the envelope widths (samples) whose response has the mel triangles'
        full width at half maximum.

    Example:

    >>> eta, sigma = gabor_mel_init(40, 401, 16000, 60.0, 7800.0)
    """
    points = spectral_ops.mel_frequencies(num_mel_bins + 2, min_freq, max_freq, scale)
    eta = 2.0 * np.pi * points[1:-1] / sample_rate
    fwhm = 2.0 * np.pi * (points[2:] - points[:-2]) / 2.0 / sample_rate
    sigma = _FWHM_FACTOR / fwhm
    return np.clip(eta, *center_range()), np.clip(sigma, *width_range(frame_length))


class _Clamp(keras.constraints.Constraint):
    """The variables' constraint: their values clamped to `[low, high]`."""

    def __init__(self, low, high):
        self.low, self.high = low, high

    def __call__(self, w):
        return numerics.clip(w, self.low, self.high)

    def get_config(self):
        return {"low": self.low, "high": self.high}




@keras.saving.register_keras_serializable(package="keras_spectral")
class GaborFilterbank(keras.layers.Layer):
    """LEAF's learnable Gabor filterbank (Zeghidour et al., ICLR 2021).

    `num_mel_bins` complex Gabor filters of `frame_length` samples,
    `phi_n(t) = exp(-t^2 / (2 sigma_n^2)) exp(i eta_n t) / (sqrt(2 pi) sigma_n)`
    on LEAF's grid `t = -(L // 2) ... (L + 1) // 2 - 1`, each with a learnable
    centre frequency `eta_n` (radians per sample) and envelope width `sigma_n`
    (samples); the output is the energy `|sum_t x[c + t] phi_n(t)|^2` at the
    frame centres `c`, a learnable replacement for a mel spectrogram. It is
    the stride-1 filtering of LEAF's `GaborConv1D` subsampled by `frame_step`
    (LEAF's learnable Gaussian lowpass pooling is not part of it). The
    filters start as a mel filterbank: centres at the peaks of the mel
    triangles between `min_freq` and `max_freq`, frequency-response widths
    (FWHM `2 sqrt(2 ln 2) / sigma`) equal to theirs. `eta` is clamped to
    `[0, pi]` and `sigma` to `[4 sqrt(2 ln 2) / pi, L sqrt(2 ln 2) / pi]` when
    the filters are built and, as the variables' constraint, after each
    optimizer step (LEAF's `GaborConstraint`).

    Args:
        num_mel_bins: the number of filters, >= 1.
        frame_length: the filter length `L` in samples, >= 2 (LEAF: 401, 25 ms
            at 16 kHz).
        frame_step: the hop between output frames in samples, >= 1 (LEAF: 160).
        sample_rate: the sampling rate in Hz, > 0 (for the initialisation).
        min_freq: the lowest edge of the initial mel filterbank in Hz, >= 0.
        max_freq: its highest edge in Hz, at most `sample_rate / 2`; None
            (the default) means `sample_rate / 2` (LEAF: 7800 at 16 kHz).
        center: pad the signal by `frame_length // 2` on both sides, so frame
            `f` is centred on sample `f * frame_step` (else frame `f` is
            centred on sample `f * frame_step + frame_length // 2`).
        pad_mode: the centre padding, "reflect" or "constant" (zeros).
        scale: the mel scale of the initialisation, "slaney" or "htk".
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, time)` or `(batch, time, channels)`; `time` may be None.

    Output shape:
        `(batch, frames, num_mel_bins)` or `(batch, frames, num_mel_bins,
        channels)`: time first, filters second (each channel filtered alike),
        with `frames = 1 + (time + 2 * (frame_length // 2) - frame_length) //
        frame_step` when `center` (`1 + (time - 1) // frame_step` for odd
        `frame_length`), else `1 + (time - frame_length) // frame_step`.

    Returns:
        The layer; calling it returns the non-negative filter energies in its
        compute dtype (computed in float32 at least).

    Example:

    >>> layer = GaborFilterbank(num_mel_bins=40)
    >>> y = layer(numpy.random.randn(2, 16000).astype("float32"))  # (2, 100, 40)
    >>> tuple(y.shape)
    (2, 100, 40)
    """

    def __init__(self, num_mel_bins=40, frame_length=401, frame_step=160, sample_rate=16000,
                 min_freq=60.0, max_freq=None, center=True, pad_mode="reflect",
                 scale="slaney", **kwargs):
        super().__init__(**kwargs)
        self.num_mel_bins = checks.integer("num_mel_bins", num_mel_bins, minimum=1)
        self.frame_length = checks.integer("frame_length", frame_length, minimum=2)
        self.frame_step = checks.integer("frame_step", frame_step, minimum=1)
        rate, low, high = checks.frequency_band(sample_rate, min_freq, max_freq)
        self.sample_rate = sample_rate
        self.min_freq = low
        self.max_freq = None if max_freq is None else high
        self._band = (rate, low, high)
        self.center = checks.boolean("center", center)
        self.pad_mode = checks.one_of("pad_mode", pad_mode, checks.PAD_MODES)
        self.scale = checks.one_of("scale", scale, checks.MEL_SCALES)

    # --- shapes ---------------------------------------------------------------------

    def _check_rank(self, shape):
        if len(shape) not in (2, 3):
            raise ValueError(
                "`inputs` must have shape (batch, time) or (batch, time, channels); got "
                f"shape {tuple(shape)} (rank {len(shape)})."
            )

    def _check_length(self, n):
        """A static time length too short for the framing is a ValueError."""
        if n is None:
            return
        half = self.frame_length // 2
        if not self.center and n < self.frame_length:
            raise ValueError(
                f"`inputs` has {n} samples, fewer than `frame_length`={self.frame_length} "
                "(center=False)."
            )
        if self.center and self.pad_mode == "reflect" and n <= half:
            raise ValueError(
                f"`inputs` has {n} samples; center=True with pad_mode='reflect' needs more "
                f"than `frame_length` // 2 = {half}. Use pad_mode='constant' or a longer "
                "signal."
            )
        if n < 1:
            raise ValueError(f"`inputs` has {n} samples; it needs at least one.")

    def _num_frames(self, n):
        if n is None:
            return None
        padded = n + 2 * (self.frame_length // 2) if self.center else n
        return 1 + (padded - self.frame_length) // self.frame_step

    def compute_output_shape(self, input_shape):
        self._check_rank(input_shape)
        self._check_length(input_shape[1])
        shape = (input_shape[0], self._num_frames(input_shape[1]), self.num_mel_bins)
        return shape + tuple(input_shape[2:])

    # --- weights --------------------------------------------------------------------

    def build(self, input_shape):
        self._check_rank(input_shape)
        eta, sigma = gabor_mel_init(self.num_mel_bins, self.frame_length, *self._band,
                                    self.scale)

        def constant(values):
            def initializer(shape, dtype=None):
                return ops.convert_to_tensor(values, dtype)
            return initializer

        self.centers = self.add_weight(
            name="centers", shape=(self.num_mel_bins,), initializer=constant(eta),
            constraint=_Clamp(*center_range()), autocast=False)
        self.widths = self.add_weight(
            name="widths", shape=(self.num_mel_bins,), initializer=constant(sigma),
            constraint=_Clamp(*width_range(self.frame_length)), autocast=False)

    def _work_dtype(self):
        dtype = keras.backend.standardize_dtype(self.compute_dtype)
        return "float32" if dtype in ("float16", "bfloat16") else dtype

    def _filter_matrix(self, dtype):
        """`[Re phi, Im phi]`, a `(frame_length, 2 * num_mel_bins)` tensor."""
        length = self.frame_length
        t = np.arange(-(length // 2), (length + 1) // 2, dtype="float64")[:, None]
        t = ops.convert_to_tensor(t, dtype)
        eta = ops.reshape(numerics.clip(ops.cast(self.centers, dtype), *center_range()), (1, -1))
        sigma = ops.reshape(
            numerics.clip(ops.cast(self.widths, dtype), *width_range(length)), (1, -1))
        gaussian = numerics.exp(numerics.divide(numerics.negative(numerics.square(t)),
                                    numerics.multiply(numerics.square(sigma), 2.0)))
        envelope = numerics.divide(gaussian, numerics.multiply(sigma, math.sqrt(2.0 * math.pi)))
        phase = numerics.multiply(t, eta)
        return numerics.concatenate(
            [numerics.multiply(envelope, numerics.cos(phase)), numerics.multiply(envelope, numerics.sin(phase))],
            axis=1)

    def impulse_responses(self):
        """The filters' current complex impulse responses (clamped weights).

        Returns:
            A `Complex` of two real tensors of shape `(num_mel_bins,
            frame_length)` (LEAF's layout), sample `j` at time
            `t = j - frame_length // 2`, in float32 at least.

        Example:

        >>> layer = GaborFilterbank(8, 64, 16); layer.build((None, 1000))
        >>> phi = layer.impulse_responses()  # phi.real.shape: (8, 64)
        """
        if not self.built:
            raise ValueError("GaborFilterbank.impulse_responses() needs a built layer; "
                             "call `build` or the layer first.")
        matrix = ops.transpose(self._filter_matrix(self._work_dtype()))
        return complex_ops.Complex(matrix[:self.num_mel_bins], matrix[self.num_mel_bins:])

    # --- call -----------------------------------------------------------------------

    def call(self, inputs):
        x = primitives.as_real_tensor(inputs)
        self._check_rank(x.shape)
        self._check_length(x.shape[1])
        dtype = self._work_dtype()
        x = ops.cast(x, dtype)
        channels = len(x.shape) == 3
        if channels:  # (batch, channels, time): each channel filtered alike
            x = ops.transpose(x, (0, 2, 1))
        if self.center:
            x = primitives.center_pad(x, self.frame_length, self.pad_mode)
        frames = spectral_ops.frame(x, self.frame_length, self.frame_step)
        y = numerics.matmul(frames, self._filter_matrix(dtype))
        m = self.num_mel_bins
        energy = numerics.add(numerics.square(y[..., :m]), numerics.square(y[..., m:]))
        if channels:
            energy = ops.transpose(energy, (0, 2, 3, 1))
        return ops.cast(energy, self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "num_mel_bins": self.num_mel_bins,
            "frame_length": self.frame_length,
            "frame_step": self.frame_step,
            "sample_rate": self.sample_rate,
            "min_freq": self.min_freq,
            "max_freq": self.max_freq,
            "center": self.center,
            "pad_mode": self.pad_mode,
            "scale": self.scale,
        })
        return config
