"""Spectrogram, MelSpectrogram and MFCC layers, with `convention="librosa"`
or `"torchaudio"` to match those libraries' defaults."""

import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import ops as spectral_ops
from keras_spectral import numerics
from keras_spectral.layers._audio import (
    AUTO, STFTLayer, channels_to_back, magnitude, resolve,
)

__all__ = ["Spectrogram", "MelSpectrogram", "MFCC"]

_ARGS_DOC = """
        frame_length: the window length in samples; defaults to `fft_length`, or
            512 when neither is given (as librosa, torchaudio and Keras).
        frame_step: the hop between frames in samples.
        fft_length: the FFT size (>= `frame_length`); defaults to `frame_length`.
        window: a `get_window` name ("hann", periodic), a tuple such as
            ("kaiser", 8.0), or `frame_length` values.
        center: pad by `fft_length // 2` on both sides ("auto": the convention's).
        pad_mode: "reflect" or "constant" ("auto": the convention's)."""


def mel_bands(filters, runs=4):
    """The (bins, mels) filterbank as `runs` runs of consecutive mel bands,
    each with only the rows (FFT bins) where it is nonzero: [(lo, hi,
    weights)]. A mel filterbank is zero away from a band around its
    diagonal, so the runs hold a fraction of the weights (80 mels over 257
    bins: 5260 of 20560) and the products cost that fraction. One run (the
    whole matrix) where that saves less than half."""
    out = []
    for cols in np.array_split(np.arange(filters.shape[1]), min(runs, filters.shape[1])):
        rows = np.flatnonzero((filters[:, cols] != 0).any(axis=1))
        lo, hi = (int(rows[0]), int(rows[-1]) + 1) if rows.size else (0, 1)
        out.append((lo, hi, np.ascontiguousarray(filters[lo:hi, cols[0]:cols[-1] + 1])))
    if sum(w.size for _, _, w in out) > filters.size // 2:
        return [(0, filters.shape[0], filters)]
    return out


def _check_power(power):
    return float(checks.one_of("power", power, (1, 2)))


@keras.saving.register_keras_serializable(package="keras_spectral")
class Spectrogram(STFTLayer):
    """The magnitude or power of the short-time Fourier transform of audio,
    optionally in decibels.

    `|STFT| ** power` with `keras_spectral.ops.stft`'s framing; with `db`,
    `power_to_db` (power 2, floor 1e-10) or `amplitude_to_db` (power 1,
    floor 1e-5; 1e-10 with "torchaudio"), reference 1, `top_db` below each
    example's maximum. Time is axis 1 of the output, frequency axis 2.
    Under a `mixed_float16` policy a power spectrogram of loud audio can
    exceed float16's range (65504): use `db=True`, or `dtype="float32"`
    for the front end.

    `convention` sets what its library does by default: "librosa" (zero
    centre padding, `power_to_db`'s top_db=80) or "torchaudio" (reflect
    padding, `AmplitudeToDB`'s top_db=None); both use the periodic Hann
    window, power 2 and `fft_length // 2` centre padding. None (the
    default) is reflect padding and top_db=80. Arguments given explicitly
    win over the convention.

    Args:{args}
        power: 1 (magnitude) or 2 (power) ("auto": the convention's, 2).
        db: return decibels.
        top_db: with `db`, the dynamic range kept below each example's
            maximum, or None ("auto": the convention's).
        convention: None, "librosa" or "torchaudio".
        trainable_window: learn the window (initialised to `window`).
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.

    Input: audio of shape (batch, time) or (batch, time, channels).

    Returns:
        (batch, frames, fft_length // 2 + 1) or (batch, frames,
        fft_length // 2 + 1, channels).

    Example:

    >>> layer = Spectrogram(512, 128, convention="librosa")
    >>> layer(numpy.zeros((2, 16000))).shape
    (2, 126, 257)
    """

    _OVERRIDES = None

    def __init__(self, frame_length=None, frame_step=128, fft_length=None, window="hann",
                 center=AUTO, pad_mode=AUTO, power=AUTO, db=False, top_db=AUTO,
                 convention=None, trainable_window=False, **kwargs):
        self.convention = convention
        self._resolved = resolve(convention, self._OVERRIDES, center=center,
                                 pad_mode=pad_mode, power=power, top_db=top_db)
        super().__init__(frame_length=frame_length, frame_step=frame_step,
                         fft_length=fft_length, window=window,
                         center=self._resolved["center"], pad_mode=self._resolved["pad_mode"],
                         trainable_window=trainable_window, **kwargs)
        self.power = _check_power(self._resolved["power"])
        self.db = checks.boolean("db", db)
        self.top_db = checks.real("top_db", self._resolved["top_db"], low=0.0, allow_none=True)
        self._magnitude_amin = resolve(convention, magnitude_amin=AUTO)["magnitude_amin"]

    def _magnitude(self, inputs):
        """|STFT| ** power, (batch, [channels,] frames, bins)."""
        return magnitude(self._spectrum(inputs), self.power)

    def _decibels(self, s):
        if not self.db:
            return s
        if self.power == 2.0:
            return spectral_ops.power_to_db(s, top_db=self.top_db)
        return spectral_ops.amplitude_to_db(s, amin=self._magnitude_amin, top_db=self.top_db)

    def call(self, inputs):
        s = self._decibels(self._magnitude(inputs))
        return ops.cast(channels_to_back(s, len(inputs.shape) == 3), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return self._map_shape(input_shape, (self.fft_length // 2 + 1,))

    def get_config(self):
        return {**super().get_config(), "power": self.power, "db": self.db,
                "top_db": self.top_db, "convention": self.convention}


Spectrogram.__doc__ = Spectrogram.__doc__.format(args=_ARGS_DOC)


@keras.saving.register_keras_serializable(package="keras_spectral")
class MelSpectrogram(Spectrogram):
    """A mel spectrogram: `Spectrogram` mapped by `mel_filterbank`, which
    can be trained (kept non-negative).

    `(|STFT| ** power) @ filterbank.T`, then dB as `Spectrogram` does.
    With `convention="librosa"` it equals `librosa.feature.melspectrogram`
    (and `power_to_db` of it, with `db=True`): Slaney mel scale and
    Slaney area norm. With "torchaudio" it equals
    `torchaudio.transforms.MelSpectrogram`'s defaults: HTK scale, no norm,
    reflect padding. Time is axis 1 of the output, mel bands axis 2.

    Args:{args}
        sample_rate: the sampling rate in Hz.
        num_mel_bins: the number of mel bands.
        min_freq: the lowest band edge in Hz.
        max_freq: the highest band edge in Hz (<= sample_rate / 2; None:
            sample_rate / 2).
        scale: "slaney" or "htk" ("auto": the convention's).
        norm: "slaney" or None ("auto": the convention's).
        power: 1 or 2 ("auto": the convention's, 2).
        db: return decibels.
        top_db: with `db`, the range kept below each example's maximum.
        convention: None, "librosa" or "torchaudio" (see `Spectrogram`).
        trainable_filterbank: learn the filterbank, initialised to the mel
            filters and kept non-negative by a `NonNeg` constraint.
        trainable_window: learn the window.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.

    Input: audio of shape (batch, time) or (batch, time, channels).

    Returns:
        (batch, frames, num_mel_bins) or (batch, frames, num_mel_bins, channels).

    Example:

    >>> layer = MelSpectrogram(512, 128, sample_rate=16000, num_mel_bins=80,
    ...                        convention="librosa")
    >>> layer(numpy.zeros((2, 16000))).shape
    (2, 126, 80)
    """

    def __init__(self, frame_length=None, frame_step=128, fft_length=None, window="hann",
                 center=AUTO, pad_mode=AUTO, sample_rate=16000, num_mel_bins=128,
                 min_freq=0.0, max_freq=None, scale=AUTO, norm=AUTO, power=AUTO, db=False,
                 top_db=AUTO, convention=None, trainable_filterbank=False,
                 trainable_window=False, **kwargs):
        super().__init__(frame_length=frame_length, frame_step=frame_step,
                         fft_length=fft_length, window=window, center=center,
                         pad_mode=pad_mode, power=power, db=db, top_db=top_db,
                         convention=convention, trainable_window=trainable_window, **kwargs)
        mel = resolve(convention, self._OVERRIDES, scale=scale, norm=norm)
        self.sample_rate, self.min_freq, self.max_freq = checks.frequency_band(
            sample_rate, min_freq, max_freq)
        self.scale = checks.one_of("scale", mel["scale"], checks.MEL_SCALES)
        self.norm = mel["norm"]
        self.num_mel_bins = checks.integer("num_mel_bins", num_mel_bins, minimum=1)
        self.trainable_filterbank = checks.boolean("trainable_filterbank", trainable_filterbank)
        try:
            filters = spectral_ops.mel_filterbank(self.num_mel_bins, self.fft_length, self.sample_rate,
                                     self.min_freq, self.max_freq, self.scale, self.norm)
        except ValueError as e:
            if fft_length is not None:
                raise
            raise ValueError(f"{e} (`fft_length` is `frame_length` when not given.)") from None
        self._filters = np.ascontiguousarray(filters.T)  # (bins, mels)
        self._bands = mel_bands(self._filters)
        self.filterbank = None

    def build(self, input_shape):
        super().build(input_shape)
        if self.trainable_filterbank:
            self.filterbank = self.add_weight(
                name="filterbank", shape=self._filters.shape,
                initializer=keras.initializers.Constant(self._filters),
                constraint=keras.constraints.NonNeg(), trainable=True, autocast=False)

    def _mel(self, inputs):
        s = self._magnitude(inputs)
        if self.filterbank is not None:
            return numerics.matmul(s, ops.cast(self.filterbank, s.dtype))
        dtype = keras.backend.standardize_dtype(s.dtype)
        parts = [numerics.matmul(s[..., lo:hi], ops.convert_to_tensor(w, dtype))
                 for lo, hi, w in self._bands]
        return parts[0] if len(parts) == 1 else numerics.concatenate(parts, axis=-1)

    def call(self, inputs):
        s = self._decibels(self._mel(inputs))
        return ops.cast(channels_to_back(s, len(inputs.shape) == 3), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return self._map_shape(input_shape, (self.num_mel_bins,))

    def get_config(self):
        config = super().get_config()
        config.update({
            "sample_rate": self.sample_rate, "num_mel_bins": self.num_mel_bins,
            "min_freq": self.min_freq, "max_freq": self.max_freq, "scale": self.scale,
            "norm": self.norm, "trainable_filterbank": self.trainable_filterbank,
        })
        return config


MelSpectrogram.__doc__ = MelSpectrogram.__doc__.format(args=_ARGS_DOC)


@keras.saving.register_keras_serializable(package="keras_spectral")
class MFCC(MelSpectrogram):
    """Mel-frequency cepstral coefficients: the orthonormal DCT-II of the
    log (dB) mel spectrogram, first `num_mfcc` coefficients.

    With `convention="librosa"` it equals `librosa.feature.mfcc` (power
    mel spectrogram, `power_to_db` with top_db=80, DCT-II "ortho"); with
    "torchaudio" it equals `torchaudio.transforms.MFCC`'s defaults (HTK
    mels without norm, dB with top_db=80). Time is axis 1 of the output,
    coefficients axis 2.

    Args:{args}
        sample_rate: the sampling rate in Hz.
        num_mfcc: the number of coefficients kept (<= num_mel_bins).
        num_mel_bins: the number of mel bands.
        min_freq: the lowest band edge in Hz.
        max_freq: the highest band edge in Hz (None: sample_rate / 2).
        scale: "slaney" or "htk" ("auto": the convention's).
        norm: "slaney" or None ("auto": the convention's).
        power: 1 or 2 ("auto": 2).
        top_db: the range kept below each example's maximum before the DCT,
            or None ("auto": 80).
        convention: None, "librosa" or "torchaudio".
        trainable_filterbank: learn the mel filterbank (kept non-negative).
        trainable_window: learn the window.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.

    Input: audio of shape (batch, time) or (batch, time, channels).

    Returns:
        (batch, frames, num_mfcc) or (batch, frames, num_mfcc, channels).

    Example:

    >>> mfcc = MFCC(2048, 512, sample_rate=22050, num_mfcc=20, convention="librosa")
    >>> mfcc(numpy.zeros((1, 22050))).shape
    (1, 44, 20)
    """

    _OVERRIDES = {"torchaudio": {"top_db": 80.0}}

    def __init__(self, frame_length=None, frame_step=128, fft_length=None, window="hann",
                 center=AUTO, pad_mode=AUTO, sample_rate=16000, num_mfcc=20,
                 num_mel_bins=128, min_freq=0.0, max_freq=None, scale=AUTO, norm=AUTO,
                 power=AUTO, top_db=AUTO, convention=None, trainable_filterbank=False,
                 trainable_window=False, **kwargs):
        if not kwargs.pop("db", True):
            raise ValueError("MFCC always takes the log (dB) of the mel spectrogram; `db` "
                             "cannot be False.")
        super().__init__(frame_length=frame_length, frame_step=frame_step,
                         fft_length=fft_length, window=window, center=center,
                         pad_mode=pad_mode, sample_rate=sample_rate,
                         num_mel_bins=num_mel_bins, min_freq=min_freq, max_freq=max_freq,
                         scale=scale, norm=norm, power=power, db=True, top_db=top_db,
                         convention=convention, trainable_filterbank=trainable_filterbank,
                         trainable_window=trainable_window, **kwargs)
        self.num_mfcc = checks.integer("num_mfcc", num_mfcc, minimum=1)
        if self.num_mfcc > self.num_mel_bins:
            raise ValueError(
                f"`num_mfcc`={num_mfcc} must be at most `num_mel_bins`={self.num_mel_bins}."
            )

    def call(self, inputs):
        s = self._decibels(self._mel(inputs))
        c = spectral_ops.dct(s, type=2, norm="ortho", axis=-1)[..., :self.num_mfcc]
        return ops.cast(channels_to_back(c, len(inputs.shape) == 3), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return self._map_shape(input_shape, (self.num_mfcc,))

    def get_config(self):
        config = super().get_config()
        config.pop("db")
        config["num_mfcc"] = self.num_mfcc
        return config


MFCC.__doc__ = MFCC.__doc__.format(args=_ARGS_DOC)
