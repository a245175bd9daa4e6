"""Keras layers of keras_spectral, one family per module."""

from keras_spectral.layers.afno import AFNO1D, AFNO2D
from keras_spectral.layers.complex_activations import (
    Cardioid, ComplexSigmoid, ComplexTanh, CReLU, ModReLU, ZReLU,
)
from keras_spectral.layers.complex_bridges import (
    ComplexToChannels, FromPolar, Magnitude, Phase, ToComplex,
)
from keras_spectral.layers.complex_conv import ComplexConv1D, ComplexConv2D
from keras_spectral.layers.complex_conv_transpose import ComplexConv2DTranspose
from keras_spectral.layers.complex_dense import ComplexDense
from keras_spectral.layers.complex_dropout import ComplexDropout
from keras_spectral.layers.complex_normalization import (
    ComplexBatchNormalization, ComplexLayerNormalization,
)
from keras_spectral.layers.delta import Delta
from keras_spectral.layers.fft_conv import FFTConv1D
from keras_spectral.layers.fourier_mixing import FourierMixing
from keras_spectral.layers.gabor import GaborFilterbank
from keras_spectral.layers.global_filter import GlobalFilter1D, GlobalFilter2D
from keras_spectral.layers.pcen import PCEN
from keras_spectral.layers.phase import GriffinLim, PhaseFeatures
from keras_spectral.layers.spectral_conv import SpectralConv1D, SpectralConv2D, SpectralConv3D
from keras_spectral.layers.spectral_gain import SpectralGain
from keras_spectral.layers.spectral_pooling import SpectralPooling1D, SpectralPooling2D
from keras_spectral.layers.spectrogram import MFCC, MelSpectrogram, Spectrogram
from keras_spectral.layers.stft import ISTFT, STFT

__all__ = [
    "AFNO1D", "AFNO2D", "FFTConv1D", "FourierMixing", "GlobalFilter1D", "GlobalFilter2D",
    "SpectralConv1D", "SpectralConv2D", "SpectralConv3D", "SpectralGain",
    "SpectralPooling1D", "SpectralPooling2D", "STFT", "ISTFT", "Spectrogram",
    "MelSpectrogram", "MFCC", "PhaseFeatures", "GriffinLim", "GaborFilterbank",
    "PCEN", "Delta", "ToComplex", "Magnitude", "Phase", "FromPolar", "ComplexToChannels",
    "ModReLU", "CReLU", "ZReLU", "Cardioid", "ComplexTanh", "ComplexSigmoid", "ComplexDense",
    "ComplexConv1D", "ComplexConv2D", "ComplexConv2DTranspose", "ComplexBatchNormalization",
    "ComplexLayerNormalization", "ComplexDropout",
]
