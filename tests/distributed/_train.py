"""A tiny FNO training run, the same under every distribution: the losses of
each epoch, printed as JSON on the last line. Run as a child process, with
the environment (virtual devices, backend) set by the test."""

import json
import sys

import keras
import numpy as np

import keras_spectral
from keras_spectral.losses import RelativeL2


def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 32, 1)).astype("float32")
    damp = np.exp(-30 * np.fft.rfftfreq(32) ** 2)
    y = np.fft.irfft(np.fft.rfft(x[..., 0]) * damp, n=32)[..., None].astype("float32")
    return x, y


def model():
    keras.utils.set_random_seed(0)
    fno = keras_spectral.models.FNO((4,), 8, num_blocks=2, projection_channels=8)
    fno.compile(optimizer=keras.optimizers.SGD(0.05), loss=RelativeL2())
    return fno


def fit(fno, epochs=3):
    x, y = data()
    history = fno.fit(x, y, batch_size=8, epochs=epochs, shuffle=False, verbose=0)
    return history.history["loss"]


if __name__ == "__main__":
    print(json.dumps(fit(model())))
    sys.stdout.flush()
