"""The sides timed: our layers, Keras's layers configured to compute the same
thing as closely as they allow, and the backend's native STFT written by
hand, each as fwd(x) on mono audio (batch, samples); ours and native also as
fb(x, g) -> (dx, ...), the gradient of `sum(fwd(x) * g)`.

- ours: `Spectrogram(512, 128)` and `MelSpectrogram(512, 128,
  sample_rate=16000, num_mel_bins=80)` (reflect centre padding, periodic
  Hann, power 2, Slaney mels), (batch, frames, bins).
- keras, spectrogram: `keras.layers.STFTSpectrogram(mode="psd",
  periodic=True, scaling=None, padding="valid")` on the signal reflect-padded
  by fft_length // 2 (so that its frames are ours; the pad is inside the
  timed call). It frames by a strided convolution with a (512, 1, 257) real
  and an imaginary kernel; "psd" is |STFT|^2 with the bins other than DC and
  Nyquist doubled (its one-sided density; "magnitude" would take a square
  root instead).
- keras, mel: `keras.layers.MelSpectrogram(power_to_db=False, mag_exp=2.0,
  min_freq=0.0)`: the backend's STFT (`keras.ops.stft`, reflect centre
  padding, periodic Hann), sqrt then power 2, its own HTK filterbank
  (triangles linear in mel, peak 1: it cannot be given ours; the matmul
  costs the same), output (batch, mels, frames).
- native: torch.stft(center=True, pad_mode="reflect", return_complex=True)
  then abs() ** 2; tf.signal.stft of the signal reflect-padded by 256, then
  the square of abs; jax.scipy.signal.stft (boundary=None, padded=False) of
  the signal reflect-padded by 256, then abs ** 2 times sum(window) ** 2 (it
  scales by 1 / sum(window)). Mel: a matmul with our filterbank. torch and
  JAX return (batch, bins, frames); the mel matmul takes the transpose, as
  torchaudio does, so every mel output is (batch, frames, mels).
"""

import numpy as np

from benchmarks import harness
from benchmarks.audio.cases import STFT
from benchmarks.fno.common import compile_as, jax_gradient, tf_gradient, torch_grad
from benchmarks.fno.conv import layer_fns

PAD = STFT["fft_length"] // 2


# --- our layers and Keras's -----------------------------------------------------------


def ours_layer(case, sample_rate):
    from keras_spectral.layers.spectrogram import MelSpectrogram, Spectrogram

    args = (STFT["frame_length"], STFT["frame_step"])
    if case == "spectrogram":
        return Spectrogram(*args)
    return MelSpectrogram(*args, sample_rate=sample_rate, num_mel_bins=STFT["num_mel_bins"])


def keras_layer(case, sample_rate):
    import keras

    if case == "mel":
        return keras.layers.MelSpectrogram(
            fft_length=STFT["fft_length"], sequence_stride=STFT["frame_step"],
            sequence_length=STFT["frame_length"], window="hann",
            sampling_rate=sample_rate, num_mel_bins=STFT["num_mel_bins"], min_freq=0.0,
            power_to_db=False, mag_exp=2.0)

    class CenteredSTFTSpectrogram(keras.layers.Layer):
        """STFTSpectrogram of the signal reflect-padded by fft_length // 2."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.stft = keras.layers.STFTSpectrogram(
                mode="psd", frame_length=STFT["frame_length"],
                frame_step=STFT["frame_step"], fft_length=STFT["fft_length"],
                window="hann", periodic=True, scaling=None, padding="valid")

        def build(self, input_shape):
            self.stft.build((input_shape[0], None, 1))

        def call(self, x):
            x = keras.ops.pad(x, [(0, 0), (PAD, PAD)], mode="reflect")
            return self.stft(keras.ops.expand_dims(x, -1))

    return CenteredSTFTSpectrogram()


def keras_filters(layer):
    """Keras MelSpectrogram's (bins, mels) filterbank, as NumPy."""
    from benchmarks.fno.common import to_numpy

    return to_numpy(layer.linear_to_mel_weight_matrix(
        num_mel_bins=layer.num_mel_bins, num_spectrogram_bins=STFT["fft_length"] // 2 + 1,
        sampling_rate=layer.sampling_rate, lower_edge_hertz=layer.min_freq,
        upper_edge_hertz=layer.max_freq)).astype(np.float64)


def our_filters(layer):
    """Our MelSpectrogram's (bins, mels) filterbank, float32 NumPy."""
    from keras_spectral.ops import mel_filterbank

    return np.ascontiguousarray(mel_filterbank(
        layer.num_mel_bins, layer.fft_length, layer.sample_rate, layer.min_freq,
        layer.max_freq, layer.scale, layer.norm).T).astype(np.float32)


def layer_sides(layer, mode, shape, backward):
    """(fwd(x), fb(x, g) or None) of a Keras layer built for `shape`, compiled
    in `mode`; on JAX a jitted stateless call with the weights passed in."""
    name = harness.backend()
    if not layer.built:
        layer.build(shape)
    f, b = layer_fns(layer, name)
    if name != "jax":
        return compile_as(f, mode), compile_as(b, mode) if backward else None
    tv = [v.value for v in layer.trainable_variables]
    cf, cb = compile_as(f, mode), compile_as(b, mode) if backward else None
    return (lambda x: cf(x, tv)), (lambda x, g: cb(x, g, tv)) if backward else None


# --- native -------------------------------------------------------------------------


def hann():
    """The periodic Hann window of frame_length samples (float32)."""
    from scipy.signal import get_window

    return get_window("hann", STFT["frame_length"]).astype(np.float32)


def native_fns(backend_name, case, filters=None):
    """(fwd(x), fb(x, g)) of the native STFT power spectrogram (and mel with
    `filters`, (bins, mels)), uncompiled."""
    spec, matmul, gradient = _NATIVE[backend_name](filters)
    fwd = spec if case == "spectrogram" else (lambda x: matmul(spec(x)))
    return fwd, gradient(fwd)


def _torch(filters):
    import torch

    window = torch.from_numpy(hann())
    fb = None if filters is None else torch.from_numpy(filters)

    def spec(x):  # (batch, bins, frames)
        return torch.stft(x, n_fft=STFT["fft_length"], hop_length=STFT["frame_step"],
                          win_length=STFT["frame_length"], window=window, center=True,
                          pad_mode="reflect", return_complex=True).abs() ** 2

    return spec, lambda s: s.transpose(-1, -2) @ fb, torch_grad


def _tf(filters):
    import tensorflow as tf

    window = tf.constant(hann())
    fb = None if filters is None else tf.constant(filters)

    def spec(x):  # (batch, frames, bins)
        x = tf.pad(x, [[0, 0], [PAD, PAD]], mode="REFLECT")
        z = tf.signal.stft(x, STFT["frame_length"], STFT["frame_step"],
                           fft_length=STFT["fft_length"],
                           window_fn=lambda length, dtype: window)
        return tf.square(tf.abs(z))

    return spec, lambda s: tf.matmul(s, fb), tf_gradient


def _jax(filters):
    import jax
    import jax.numpy as jnp

    w = hann()
    window, scale = jnp.asarray(w), float(w.astype(np.float64).sum()) ** 2
    fb = None if filters is None else jnp.asarray(filters)

    def spec(x):  # (batch, bins, frames)
        x = jnp.pad(x, [(0, 0), (PAD, PAD)], mode="reflect")
        z = jax.scipy.signal.stft(
            x, window=window, nperseg=STFT["fft_length"],
            noverlap=STFT["fft_length"] - STFT["frame_step"], nfft=STFT["fft_length"],
            boundary=None, padded=False)[-1]
        return jnp.abs(z) ** 2 * scale

    return spec, lambda s: jnp.swapaxes(s, -1, -2) @ fb, jax_gradient


_NATIVE = {"torch": _torch, "tensorflow": _tf, "jax": _jax}


def native_sides(case, mode, filters=None):
    """(fwd, fb) of the native code compiled in `mode`."""
    fwd, fb = native_fns(harness.backend(), case, filters)
    return compile_as(fwd, mode), compile_as(fb, mode)


# --- references for the checks ---------------------------------------------------------


def time_major(a, frames):
    """(batch, bins, frames) -> (batch, frames, bins); other layouts as they are."""
    a = np.asarray(a)
    return np.swapaxes(a, -1, -2) if a.shape[-1] == frames and a.shape[-2] != frames else a


def keras_expected(case, x_np, filters=None):
    """What the Keras side computes, in float64 NumPy from the definition:
    STFTSpectrogram's "psd" (bins 1 .. n/2 - 1 doubled) or MelSpectrogram
    with its filterbank `filters`."""
    from keras_spectral.testing.references import audio as ref

    args = (x_np, STFT["frame_length"], STFT["frame_step"], STFT["fft_length"])
    if case == "mel":
        return ref.mel_spectrogram(*args, filters=filters)
    s = ref.spectrogram(*args)
    s[..., 1:-1] *= 2.0
    return s
