"""Phase layers: PhaseFeatures (phase as features a network can use) and
GriffinLim (phase recovered from a magnitude spectrogram)."""


import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import ops as spectral_ops
from keras_spectral import numerics
from keras_spectral.ops import primitives
from keras_spectral.layers._audio import STFTLayer, stacked

__all__ = ["PhaseFeatures", "GriffinLim"]


@keras.saving.register_keras_serializable(package="keras_spectral")
class PhaseFeatures(STFTLayer):
    """The phase of the STFT as features: its cosine and sine, and the
    instantaneous frequency.

    For the STFT `Z[t, k]` of the input (see `STFT`): `cos(angle Z)`,
    `sin(angle Z)` (1 and 0 where `Z = 0`), and the instantaneous frequency
    `angle(Z[t, k] * conj(Z[t - 1, k])) / pi` in [-1, 1], the phase advance
    between frames wrapped to (-pi, pi] (GANSynth's), 0 in the first frame.
    Cosine and sine avoid the 2 pi jump of the raw angle; both are bounded.

    Args:
        frame_length: the window length in samples; defaults to `fft_length`, or
            512 when neither is given (as librosa, torchaudio and Keras).
        frame_step: the hop between frames in samples.
        fft_length: the FFT size (>= `frame_length`); defaults to `frame_length`.
        window: a `get_window` name or tuple, or `frame_length` values.
        center: pad by `fft_length // 2` on both sides.
        pad_mode: "reflect" or "constant".
        trainable_window: learn the window.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.

    Input: audio of shape (batch, time) or (batch, time, channels).

    Returns:
        (batch, frames, bins, 3) for mono audio, [cos, sin, frequency] on
        the last axis; (batch, frames, bins, 3 * channels) for multichannel
        audio, all cosines first, then all sines, then the frequencies. Time
        is axis 1, frequency axis 2.

    Example:

    >>> PhaseFeatures(512, 128)(numpy.zeros((2, 16000))).shape
    (2, 126, 257, 3)
    """

    def call(self, inputs):
        z = self._spectrum(inputs)
        cos, sin = complex_ops.unit(z)
        # The frame before the first is the first: its advance is 0.
        previous = [ops.concatenate([p[..., :1, :], p[..., :-1, :]], axis=-2) for p in z]
        advance = complex_ops.multiply(z, complex_ops.conj(complex_ops.Complex(*previous)))
        frequency = numerics.divide(complex_ops.angle(advance), np.pi)
        out = stacked([cos, sin, frequency], len(inputs.shape) == 3)
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        channels = input_shape[2] if len(input_shape) == 3 else 1
        features = None if channels is None else 3 * channels
        return self._map_shape(tuple(input_shape[:2]), (self.fft_length // 2 + 1, features))


@keras.saving.register_keras_serializable(package="keras_spectral")
class GriffinLim(STFTLayer):
    """Audio from a magnitude spectrogram by the fast Griffin-Lim algorithm
    (Perraudin et al. 2013), as `librosa.griffinlim`.

    Starting from a phase estimate, it alternates `istft` and `stft`,
    keeping the new phase and the given magnitude, with momentum:
    `angles = rebuilt - momentum / (1 + momentum) * previous`, normalised.

    Args:
        frame_length: the window length of the transform that made the
            magnitudes; defaults to `fft_length`, or 512 when neither is given.
        frame_step: its hop in samples.
        fft_length: its FFT size; defaults to `frame_length`.
        window: its window (NOLA with `frame_step`).
        center: whether it centre-padded.
        pad_mode: its padding, "reflect" or "constant" (librosa's default).
        n_iter: the number of iterations, >= 1.
        momentum: the momentum, >= 0 (0 is the classic algorithm).
        length: the number of samples to return (the output is cut or
            zero-padded); None: what the frames cover.
        init: "zeros" (phase 0: librosa's `init=None`) or "random" (uniform
            phases drawn from `seed`, librosa's default).
        seed: the seed of the random initial phase.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.

    Input: magnitudes |STFT| of shape (batch, frames, bins) or (batch,
    frames, bins, channels): time on axis 1, frequency on axis 2.

    Returns:
        Audio of shape (batch, time) or (batch, time, channels).

    Example:

    >>> mag = Spectrogram(512, 128, power=1)(audio)
    >>> GriffinLim(512, 128, n_iter=32)(mag)  # audio with that magnitude
    """

    def __init__(self, frame_length=None, frame_step=128, fft_length=None, window="hann",
                 center=True, pad_mode="reflect", n_iter=32, momentum=0.99, length=None,
                 init="zeros", seed=None, **kwargs):
        super().__init__(frame_length=frame_length, frame_step=frame_step,
                         fft_length=fft_length, window=window, center=center,
                         pad_mode=pad_mode, trainable_window=False, **kwargs)
        primitives.check_nola(self._padded_window(), self.frame_step, self.fft_length)
        self.n_iter = checks.integer("n_iter", n_iter, minimum=1)
        self.momentum = checks.real("momentum", momentum, low=0.0)
        self.length = checks.integer("length", length, minimum=1, allow_none=True)
        self.init = checks.one_of("init", init, ("zeros", "random"))
        self.seed = checks.integer("seed", seed, allow_none=True)
        self.seed_generator = keras.random.SeedGenerator(seed) if init == "random" else None

    def _check_input(self, shape):
        if len(shape) not in (3, 4):
            raise ValueError(
                "`inputs` must be magnitudes of shape (batch, frames, bins) or (batch, "
                f"frames, bins, channels); got rank {len(shape)}."
            )
        if shape[1] == 0:
            raise ValueError("`inputs` has no frames (axis 1 is empty); GriffinLim needs at "
                             "least one.")
        if shape[2] is not None and shape[2] != self.fft_length // 2 + 1:
            raise ValueError(
                f"`inputs` must have fft_length // 2 + 1 = {self.fft_length // 2 + 1} bins on "
                f"axis 2; got {shape[2]}."
            )

    def _transforms(self, dtype):
        window = ops.convert_to_tensor(self._window_values, dtype)

        def forward(y):
            return spectral_ops.stft(y, self.frame_length, self.frame_step, self.fft_length, window,
                            self.center, self.pad_mode)

        def inverse(z):
            return spectral_ops.istft(z, self.frame_length, self.frame_step, self.fft_length,
                             self._window_values, self.center)
        return forward, inverse

    def call(self, inputs):
        mag = primitives.as_real_tensor(inputs)
        self._check_input(tuple(mag.shape))
        multichannel = len(mag.shape) == 4
        if multichannel:
            mag = ops.transpose(mag, (0, 3, 1, 2))
        dtype = keras.backend.standardize_dtype(mag.dtype)
        # Inside the loop the signal is what the frames cover (istft's and
        # librosa's default); `length` cuts or pads the result only, so that
        # one layer serves any number of frames (librosa applies it in the
        # loop too).
        forward, inverse = self._transforms(dtype)
        if self.init == "random":
            phase = keras.random.uniform(ops.shape(mag), 0.0, 2.0 * np.pi,
                                         seed=self.seed_generator, dtype=dtype)
            angles = complex_ops.Complex(ops.cos(phase), ops.sin(phase))
        else:
            angles = complex_ops.Complex(ops.ones_like(mag), ops.zeros_like(mag))
        factor = self.momentum / (1.0 + self.momentum)

        # A Python loop: unrolled under jit (n_iter is small), and in eager
        # mode each op is cached, where a fori_loop would compile its body
        # again at every call.
        previous = None
        for _ in range(self.n_iter):
            rebuilt = forward(inverse(complex_ops.multiply(mag, angles)))
            new = rebuilt if previous is None else complex_ops.subtract(
                rebuilt, complex_ops.scale(previous, factor))
            norm = numerics.add(complex_ops.abs(new), 1e-16)
            angles = complex_ops.Complex(numerics.divide(new.real, norm), numerics.divide(new.imag, norm))
            previous = rebuilt
        final = complex_ops.multiply(mag, angles)
        y = spectral_ops.istft(final, self.frame_length, self.frame_step, self.fft_length,
                      self._window_values, self.center, self.length)
        if multichannel:
            y = ops.transpose(y, (0, 2, 1))
        return ops.cast(y, self.compute_dtype)

    def _covered(self, frames):
        """The samples `frames` frames cover, less the centre padding."""
        padding = 2 * (self.fft_length // 2) if self.center else 0
        return self.frame_step * (frames - 1) + self.fft_length - padding

    def compute_output_shape(self, input_shape):
        self._check_input(input_shape)
        frames = input_shape[1]
        if self.length is not None:
            samples = self.length
        else:
            samples = None if frames is None else self._covered(frames)
        return (input_shape[0], samples) + tuple(input_shape[3:])

    def get_config(self):
        config = super().get_config()
        config.pop("trainable_window")
        config.update({"n_iter": self.n_iter, "momentum": self.momentum,
                       "length": self.length, "init": self.init, "seed": self.seed})
        return config
