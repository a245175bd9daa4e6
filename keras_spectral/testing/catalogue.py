"""One small example of every public layer and model: a constructor and an
input, for the checks that run over all of them (saving under one backend and
loading under another, and whatever else must hold for every layer).

Adding a public layer means adding a row here; `tests/test_catalogue.py`
fails while a public name has none.
"""

import numpy as np

from keras_spectral import layers, models

AUDIO = (256,)  # 256 samples: with fft 64 and hop 16 (centred), 17 frames of 33 bins
FRAMES = (17, 33)
STFT_ARGS = {"frame_length": 64, "frame_step": 16}
PAIR = (8, 3)  # each part of a complex-valued layer's (real, imag) input

# name: (class, constructor arguments, the input shape without the batch axis
# or a tuple of such shapes for a (real, imag) input, whether the input is positive)
CASES = {
    "AFNO1D": (layers.AFNO1D, {"num_blocks": 2}, (16, 8), False),
    "AFNO2D": (layers.AFNO2D, {"num_blocks": 2}, (8, 8, 8), False),
    "FFTConv1D": (layers.FFTConv1D, {"kernel_size": 16}, (16, 3), False),
    "FourierMixing": (layers.FourierMixing, {}, (8, 6), False),
    "GlobalFilter1D": (layers.GlobalFilter1D, {}, (16, 3), False),
    "GlobalFilter2D": (layers.GlobalFilter2D, {}, (8, 8, 3), False),
    "SpectralConv1D": (layers.SpectralConv1D, {"filters": 4, "modes": (5,)}, (16, 3), False),
    "SpectralConv2D": (layers.SpectralConv2D, {"filters": 4, "modes": (3, 3)}, (8, 8, 3),
                       False),
    "SpectralConv3D": (layers.SpectralConv3D, {"filters": 2, "modes": (2, 2, 2)},
                       (6, 6, 6, 2), False),
    "SpectralGain": (layers.SpectralGain, {}, (16, 3), False),
    "SpectralPooling1D": (layers.SpectralPooling1D, {"output_size": 8}, (16, 3), False),
    "SpectralPooling2D": (layers.SpectralPooling2D, {"output_size": (4, 4)}, (8, 8, 3),
                          False),
    "STFT": (layers.STFT, STFT_ARGS, AUDIO, False),
    "ISTFT": (layers.ISTFT, STFT_ARGS, (FRAMES, FRAMES), False),
    "Spectrogram": (layers.Spectrogram, {**STFT_ARGS, "trainable_window": True}, AUDIO,
                    False),
    "MelSpectrogram": (layers.MelSpectrogram, {**STFT_ARGS, "sample_rate": 8000,
                                               "num_mel_bins": 16,
                                               "trainable_filterbank": True}, AUDIO, False),
    "MFCC": (layers.MFCC, {**STFT_ARGS, "sample_rate": 8000, "num_mel_bins": 16,
                           "num_mfcc": 8}, AUDIO, False),
    "PhaseFeatures": (layers.PhaseFeatures, STFT_ARGS, AUDIO, False),
    "GriffinLim": (layers.GriffinLim, {**STFT_ARGS, "n_iter": 4}, FRAMES, True),
    "GaborFilterbank": (layers.GaborFilterbank, {"num_mel_bins": 8, "frame_length": 33,
                                                 "frame_step": 16, "sample_rate": 8000},
                        AUDIO, False),
    "PCEN": (layers.PCEN, {}, (17, 16), True),
    "Delta": (layers.Delta, {}, (17, 16), False),
    "ToComplex": (layers.ToComplex, {"from_channels": True}, (8, 6), False),
    "Magnitude": (layers.Magnitude, {}, (PAIR, PAIR), False),
    "Phase": (layers.Phase, {}, (PAIR, PAIR), False),
    "FromPolar": (layers.FromPolar, {}, (PAIR, PAIR), True),
    "ComplexToChannels": (layers.ComplexToChannels, {}, (PAIR, PAIR), False),
    "ModReLU": (layers.ModReLU, {}, (PAIR, PAIR), False),
    "CReLU": (layers.CReLU, {}, (PAIR, PAIR), False),
    "ZReLU": (layers.ZReLU, {}, (PAIR, PAIR), False),
    "Cardioid": (layers.Cardioid, {}, (PAIR, PAIR), False),
    "ComplexTanh": (layers.ComplexTanh, {}, (PAIR, PAIR), False),
    "ComplexSigmoid": (layers.ComplexSigmoid, {}, (PAIR, PAIR), False),
    "ComplexDense": (layers.ComplexDense, {"units": 4}, (PAIR, PAIR), False),
    "ComplexConv1D": (layers.ComplexConv1D, {"filters": 4, "kernel_size": 3}, (PAIR, PAIR),
                      False),
    "ComplexConv2D": (layers.ComplexConv2D, {"filters": 4, "kernel_size": 3,
                                             "padding": "same"}, ((6, 6, 3), (6, 6, 3)), False),
    "ComplexConv2DTranspose": (layers.ComplexConv2DTranspose, {"filters": 4, "kernel_size": 3,
                                                               "strides": 2, "padding": "same"},
                               ((4, 4, 3), (4, 4, 3)), False),
    "ComplexBatchNormalization": (layers.ComplexBatchNormalization, {}, (PAIR, PAIR), False),
    "ComplexLayerNormalization": (layers.ComplexLayerNormalization, {}, (PAIR, PAIR), False),
    "ComplexDropout": (layers.ComplexDropout, {"rate": 0.5, "seed": 1}, (PAIR, PAIR), False),
    "FNO": (models.FNO, {"modes": (4,), "width": 8, "num_blocks": 2,
                         "projection_channels": 8}, (16, 1), False),
}


def build(name, **overrides):
    """The example layer (or model) `name`, its arguments updated by `overrides`.

    Args:
        name: a key of `CASES`.
        **overrides: constructor arguments to change.

    Returns:
        A new, unbuilt layer or model.

    Example:
        >>> build("FFTConv1D", causal=False).causal
        False
    """
    cls, kwargs, _, _ = CASES[name]
    return cls(**{**kwargs, **overrides})


def example_input(name, batch=2, seed=0):
    """A float32 input for `CASES[name]`: an array, or a (real, imag) tuple.

    Args:
        name: a key of `CASES`.
        batch: the batch size.
        seed: the random seed.

    Returns:
        A numpy array of shape `(batch, *shape)`, or a tuple of two.

    Example:
        >>> example_input("FFTConv1D").shape
        (2, 16, 3)
    """
    _, _, shape, positive = CASES[name]
    rng = np.random.default_rng(seed)

    def draw(s):
        x = rng.standard_normal((batch,) + tuple(s)).astype("float32")
        return np.abs(x) + 0.1 if positive else x

    return tuple(draw(s) for s in shape) if isinstance(shape[0], tuple) else draw(shape)
