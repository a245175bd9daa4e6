"""What the time-frequency layers share: audio layout, STFT arguments, a
trainable window, and the library conventions (`convention=`)."""


import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import ops as spectral_ops
from keras_spectral import complex as complex_ops
from keras_spectral.ops import primitives
from keras_spectral.layers._base import TransformLayer

AUTO = "auto"
# The window (and FFT) length of the layers when neither is given (librosa's,
# torchaudio's and Keras's n_fft default is 400 or 2048; 512 is the usual speech choice).
DEFAULT_FRAME_LENGTH = 512

# Each library's defaults for what `convention` sets. Both libraries use the
# periodic Hann window and pad by fft_length // 2 (center=True); librosa pads
# with zeros since 0.10, torchaudio reflects. The dB floor is 1e-10 in power
# (librosa's amin; torchaudio's AmplitudeToDB too), in magnitude 1e-5 for
# librosa's amplitude_to_db and 1e-10 for torchaudio's; librosa's power_to_db
# keeps 80 dB, torchaudio's AmplitudeToDB keeps all (its MFCC keeps 80).
CONVENTIONS = {
    None: {"center": True, "pad_mode": "reflect", "power": 2.0, "scale": "slaney",
           "norm": "slaney", "top_db": 80.0, "magnitude_amin": 1e-5},
    "librosa": {"center": True, "pad_mode": "constant", "power": 2.0, "scale": "slaney",
                "norm": "slaney", "top_db": 80.0, "magnitude_amin": 1e-5},
    "torchaudio": {"center": True, "pad_mode": "reflect", "power": 2.0, "scale": "htk",
                   "norm": None, "top_db": None, "magnitude_amin": 1e-10},
}


def resolve(convention, overrides=None, **given):
    """`given` with each "auto" value replaced by `convention`'s default."""
    checks.one_of("convention", convention, tuple(CONVENTIONS))
    preset = dict(CONVENTIONS[convention], **(overrides or {}).get(convention, {}))
    return {k: preset[k] if isinstance(v, str) and v == AUTO else v for k, v in given.items()}




def config_window(window):
    """A window spec in a JSON-friendly form: a name, a [name, parameter]
    list, or a list of floats."""
    if isinstance(window, str):
        return window
    if isinstance(window, (tuple, list)) and len(window) == 2 and isinstance(window[0], str):
        return [window[0], float(window[1])]
    return [float(v) for v in np.asarray(window, dtype="float64").ravel()]


def window_spec(window):
    """The `get_window` form of a config window (lists back to tuples)."""
    if isinstance(window, list) and len(window) == 2 and isinstance(window[0], str):
        return tuple(window)
    return window if isinstance(window, str) else np.asarray(window, dtype="float64")


def check_audio(shape, name="inputs"):
    if len(shape) not in (2, 3):
        raise ValueError(
            f"`{name}` must be audio of shape (batch, time) or (batch, time, channels); "
            f"got rank {len(shape)} (shape {tuple(shape)})."
        )


def channels_to_front(x):
    """(batch, time, channels) -> (batch, channels, time); rank 2 unchanged."""
    return ops.transpose(x, (0, 2, 1)) if len(x.shape) == 3 else x


def channels_to_back(y, multichannel):
    """(batch, channels, frames, ...) -> (batch, frames, ..., channels)."""
    if not multichannel:
        return y
    rank = len(y.shape)
    return ops.transpose(y, (0,) + tuple(range(2, rank)) + (1,))


def stacked(parts, multichannel):
    """Feature maps (batch, [channels,] frames, bins) stacked on a last axis:
    (batch, frames, bins, len(parts)) for mono, (batch, frames, bins,
    len(parts) * channels) feature-major for multichannel audio."""
    out = ops.stack(parts, axis=-1)  # (b, [c,] f, k, p)
    if not multichannel:
        return out
    out = ops.transpose(out, (0, 2, 3, 4, 1))  # (b, f, k, p, c)
    shape = ops.shape(out)
    dims = [s if s is not None else shape[i] for i, s in enumerate(out.shape[:3])]
    return ops.reshape(out, dims + [-1])


def frame_count(samples, frame_step, fft_length, center):
    """The STFT's frame count for `samples` (None if unknown)."""
    if samples is None:
        return None
    padded = samples + 2 * (fft_length // 2) if center else samples
    return 1 + (padded - fft_length) // frame_step


def check_length(samples, fft_length, center, pad_mode):
    """ValueError when `samples` (if known) is too short for the STFT."""
    if samples is None:
        return
    if center and pad_mode == "reflect" and samples <= fft_length // 2:
        raise ValueError(
            f"`inputs` has {samples} samples; pad_mode='reflect' with center=True needs "
            f"more than `fft_length // 2`={fft_length // 2}. Use pad_mode='constant' or "
            "longer audio."
        )
    padded = samples + 2 * (fft_length // 2) if center else samples
    if padded < fft_length:
        raise ValueError(
            f"`inputs` has {samples} samples, fewer than `fft_length`={fft_length}"
            f"{' after centre padding' if center else ''}."
        )


class FramedLayer(TransformLayer):
    """The arguments every (inverse) short-time transform layer takes: the
    frame lengths, the window and the centring. Not for use on its own.

    Args:
        frame_length: the window length in samples; defaults to `fft_length`, or
            512 when neither is given (as librosa, torchaudio and Keras).
        frame_step: the hop between frames in samples.
        fft_length: the FFT size (>= frame_length); defaults to frame_length.
        window: a `get_window` name or tuple, or `frame_length` values.
        center: pad by `fft_length // 2` on both sides.
        **kwargs: standard `keras.layers.Layer` arguments.
    """

    def __init__(self, frame_length=None, frame_step=128, fft_length=None, window="hann",
                 center=True, **kwargs):
        super().__init__(**kwargs)
        self.frame_length, self.frame_step, self.fft_length = checks.frame_lengths(
            frame_length, frame_step, fft_length, default=DEFAULT_FRAME_LENGTH)
        self.window = config_window(window)
        self._window_values = primitives.window_array(window_spec(self.window),
                                                      self.frame_length)
        self.center = checks.boolean("center", center)

    def _padded_window(self):
        """The window centred in `fft_length` samples, as the transforms use it."""
        left = (self.fft_length - self.frame_length) // 2
        return np.pad(self._window_values,
                      (left, self.fft_length - self.frame_length - left))

    def get_config(self):
        config = super().get_config()
        config.update({
            "frame_length": self.frame_length, "frame_step": self.frame_step,
            "fft_length": self.fft_length, "window": self.window, "center": self.center,
        })
        return config


class STFTLayer(FramedLayer):
    """A layer built on the STFT of audio: the arguments, the trainable
    window and the layout. Not for use on its own.

    Args:
        frame_length, frame_step, fft_length, window, center: see `FramedLayer`.
        pad_mode: "reflect" or "constant".
        trainable_window: learn the window (initialised to `window`).
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.
    """

    def __init__(self, frame_length=None, frame_step=128, fft_length=None, window="hann",
                 center=True, pad_mode="reflect", trainable_window=False, **kwargs):
        super().__init__(frame_length=frame_length, frame_step=frame_step,
                         fft_length=fft_length, window=window, center=center, **kwargs)
        self.pad_mode = checks.one_of("pad_mode", pad_mode, checks.PAD_MODES)
        self.trainable_window = checks.boolean("trainable_window", trainable_window)
        self.window_variable = None

    def build(self, input_shape):
        self._check_input(input_shape)
        if self.trainable_window:
            self.window_variable = self.add_weight(
                name="window", shape=(self.frame_length,),
                initializer=keras.initializers.Constant(self._window_values),
                trainable=True, autocast=False)

    def _check_input(self, shape):
        check_audio(shape)

    def _spectrum(self, inputs):
        """The STFT of `inputs` as a `Complex` of shape
        (batch, [channels,] frames, bins)."""
        x = primitives.as_real_tensor(channels_to_front(inputs))
        window = self.window_variable if self.window_variable is not None \
            else self._window_values
        if self.window_variable is not None:
            window = ops.cast(window, x.dtype)
        return spectral_ops.stft(x, self.frame_length, self.frame_step, self.fft_length, window,
                        self.center, self.pad_mode)

    def _frames(self, input_shape):
        return frame_count(input_shape[1], self.frame_step, self.fft_length, self.center)

    def _map_shape(self, input_shape, features):
        """(batch, frames, *features[, channels]) for an audio input shape."""
        self._check_input(input_shape)
        check_length(input_shape[1], self.fft_length, self.center, self.pad_mode)
        tail = (input_shape[2],) if len(input_shape) == 3 else ()
        return (input_shape[0], self._frames(input_shape)) + tuple(features) + tail

    def get_config(self):
        config = super().get_config()
        config.update({"pad_mode": self.pad_mode, "trainable_window": self.trainable_window})
        return config


def magnitude(z, power=1.0):
    """|z| ** power for power 1 or 2, with a zero gradient (not NaN) where
    z = 0 for power 1 (digital silence, zero padding)."""
    return complex_ops.abs2(z) if power == 2.0 else complex_ops.abs(z)

