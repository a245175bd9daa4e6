"""STFT and ISTFT layers: the short-time Fourier transform of audio, with
its phase, and its inverse."""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import ops as spectral_ops
from keras_spectral.layers._audio import (
    FramedLayer, STFTLayer, channels_to_back, magnitude, stacked,
)
from keras_spectral.ops import primitives

__all__ = ["STFT", "ISTFT"]

OUTPUTS = ("complex", "stacked", "magnitude_phase")


@keras.saving.register_keras_serializable(package="keras_spectral")
class STFT(STFTLayer):
    """The short-time Fourier transform of audio, phase included.

    Equal to `keras_spectral.ops.stft` (librosa's framing: the window is
    centred in the FFT frame; with `center=True` frame `t` is centred on
    sample `t * frame_step`). Time is axis 1 of the output and frequency
    axis 2 (`fft_length // 2 + 1` bins, 0 to the Nyquist frequency).

    Args:
        frame_length: the window length in samples; defaults to `fft_length`, or
            512 when neither is given (as librosa, torchaudio and Keras).
        frame_step: the hop between frames in samples.
        fft_length: the FFT size (>= `frame_length`); defaults to `frame_length`.
        window: a `get_window` name ("hann", ...), a tuple such as
            ("kaiser", 8.0), or `frame_length` values.
        center: pad by `fft_length // 2` on both sides.
        pad_mode: "reflect" or "constant".
        output_mode: "complex" (a `Complex` of two tensors of shape (batch,
            frames, bins[, channels])), "stacked" (one tensor (batch, frames,
            bins, 2) for mono audio, (batch, frames, bins, 2 * channels) with
            all real parts first for multichannel audio) or "magnitude_phase"
            (a tuple of magnitude and phase in radians, each shaped as a
            complex part).
        trainable_window: learn the window (initialised to `window`).
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.

    Input: audio of shape (batch, time) or (batch, time, channels).

    Returns:
        As `output_mode` says.

    Example:

    >>> layer = STFT(512, 128, output_mode="stacked")
    >>> layer(numpy.zeros((2, 16000))).shape
    (2, 126, 257, 2)
    """

    def __init__(self, frame_length=None, frame_step=128, fft_length=None, window="hann",
                 center=True, pad_mode="reflect", output_mode="complex", trainable_window=False,
                 **kwargs):
        super().__init__(frame_length=frame_length, frame_step=frame_step,
                         fft_length=fft_length, window=window, center=center,
                         pad_mode=pad_mode, trainable_window=trainable_window, **kwargs)
        self.output_mode = checks.one_of("output_mode", output_mode, OUTPUTS)

    def call(self, inputs):
        z = self._spectrum(inputs)
        multichannel = len(inputs.shape) == 3
        if self.output_mode == "stacked":
            return ops.cast(stacked([z.real, z.imag], multichannel), self.compute_dtype)
        if self.output_mode == "magnitude_phase":
            parts = (magnitude(z), complex_ops.angle(z))
        else:
            parts = z
        parts = [ops.cast(channels_to_back(p, multichannel), self.compute_dtype)
                 for p in parts]
        return complex_ops.Complex(*parts) if self.output_mode == "complex" else tuple(parts)

    def compute_output_shape(self, input_shape):
        bins = self.fft_length // 2 + 1
        if self.output_mode == "stacked":
            channels = input_shape[2] if len(input_shape) == 3 else 1
            parts = None if channels is None else 2 * channels
            return self._map_shape(tuple(input_shape[:2]), (bins, parts))
        shape = self._map_shape(input_shape, (bins,))
        return (shape, shape)  # the real and imaginary parts (or magnitude and phase)

    def compute_output_spec(self, inputs):
        shape = self.compute_output_shape(inputs.shape)
        if self.output_mode == "stacked":
            return keras.KerasTensor(shape, self.compute_dtype)
        specs = [keras.KerasTensor(s, self.compute_dtype) for s in shape]
        return complex_ops.Complex(*specs) if self.output_mode == "complex" else tuple(specs)

    def get_config(self):
        return {**super().get_config(), "output_mode": self.output_mode}


@keras.saving.register_keras_serializable(package="keras_spectral")
class ISTFT(FramedLayer):
    """The inverse short-time Fourier transform: spectra back to audio.

    Equal to `keras_spectral.ops.istft` (librosa's `istft`): exact for the
    output of `STFT` with the same arguments, for any window that satisfies
    the NOLA condition with `frame_step` (others are a ValueError).

    Args:
        frame_length: the window length of the forward transform; defaults to
            `fft_length`, or 512 when neither is given.
        frame_step: its hop in samples.
        fft_length: its FFT size; defaults to `frame_length`.
        window: its window (see `STFT`).
        center: whether the forward transform centre-padded.
        length: the number of samples to return; by default what the frames
            cover less the centre padding.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.

    Input: a `Complex` (or a (real, imag) tuple) of shape (batch, frames,
    bins[, channels]), time on axis 1 and frequency on axis 2; or `STFT`'s
    "stacked" tensor, (batch, frames, bins, 2 * channels), real parts first
    (a last axis of 2 gives mono audio).

    Returns:
        Audio of shape (batch, time) or (batch, time, channels).

    Example:

    >>> z = STFT(512, 128)(audio)
    >>> ISTFT(512, 128, length=audio.shape[1])(z)  # equals audio
    """

    def __init__(self, frame_length=None, frame_step=128, fft_length=None, window="hann",
                 center=True, length=None, **kwargs):
        super().__init__(frame_length=frame_length, frame_step=frame_step,
                         fft_length=fft_length, window=window, center=center, **kwargs)
        primitives.check_nola(self._padded_window(), self.frame_step, self.fft_length)
        self.length = checks.integer("length", length, minimum=1, allow_none=True)

    def _parts(self, inputs):
        """(real, imag) as (batch, [channels,] frames, bins), and whether
        the audio has a channel axis."""
        if isinstance(inputs, (tuple, list)):
            real, imag = inputs
            self._check_rank(len(real.shape), 3)
            multichannel = len(real.shape) == 4
            return [channels_to_front_spec(p) for p in (real, imag)], multichannel
        self._check_rank(len(inputs.shape), 4, stacked_input=True)
        channels = inputs.shape[-1]
        if channels is None or channels % 2:
            raise ValueError(
                "A stacked `inputs` must have an even, known last axis (real parts, "
                f"then imaginary parts); got shape {tuple(inputs.shape)}."
            )
        half = channels // 2
        real, imag = inputs[..., :half], inputs[..., half:]
        if half == 1:
            return [real[..., 0], imag[..., 0]], False
        return [ops.transpose(p, (0, 3, 1, 2)) for p in (real, imag)], True

    def _check_rank(self, rank, mono_rank, stacked_input=False):
        allowed = (4,) if stacked_input else (mono_rank, mono_rank + 1)
        if rank not in allowed:
            raise ValueError(
                "`inputs` must be a Complex of shape (batch, frames, bins[, channels]) or a "
                f"stacked tensor (batch, frames, bins, 2 * channels); got rank {rank}."
            )

    def call(self, inputs):
        parts, multichannel = self._parts(inputs)
        y = spectral_ops.istft(complex_ops.Complex(*parts), self.frame_length, self.frame_step,
                      self.fft_length, self._window_values, self.center, self.length)
        y = ops.transpose(y, (0, 2, 1)) if multichannel else y
        return ops.cast(y, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, (tuple, list)) and isinstance(input_shape[0], (tuple, list)):
            shape = tuple(input_shape[0])
            channels = shape[3:]
        else:
            shape = tuple(input_shape)
            if len(shape) != 4 or (shape[-1] is not None and shape[-1] % 2):
                raise ValueError(
                    "A stacked `inputs` must have shape (batch, frames, bins, 2 * channels) "
                    f"(real parts, then imaginary parts); got {shape}."
                )
            channels = () if shape[-1] == 2 else (None if shape[-1] is None
                                                  else shape[-1] // 2,)
        frames = shape[1]
        if self.length is not None:
            samples = self.length
        elif frames is None:
            samples = None
        else:
            samples = (frames - 1) * self.frame_step + self.fft_length
            samples -= 2 * (self.fft_length // 2) if self.center else 0
        return (shape[0], samples) + tuple(channels)

    def compute_output_spec(self, inputs):
        shape = inputs[0].shape if isinstance(inputs, (tuple, list)) else inputs.shape
        structure = (tuple(shape), tuple(shape)) if isinstance(inputs, (tuple, list)) \
            else tuple(shape)
        return keras.KerasTensor(self.compute_output_shape(structure), self.compute_dtype)

    def get_config(self):
        return {**super().get_config(), "length": self.length}


def channels_to_front_spec(p):
    """(batch, frames, bins, channels) -> (batch, channels, frames, bins)."""
    return ops.transpose(p, (0, 3, 1, 2)) if len(p.shape) == 4 else p

