"""The numpy backend's outputs of the catalogue's layers for given weights
and inputs: `python -m tests.backends.numpy_reference IN.npz OUT.npz`, run
with KERAS_BACKEND=numpy by the tests of the other backends (openvino) that
compare with it.

IN holds, per catalogue name, `{name}/input/{i}` and `{name}/weight/{i}`;
OUT holds `{name}/output/{i}`.
"""

import sys

import numpy as np


def main(source, target):
    import keras

    from keras_spectral.testing import catalogue

    assert keras.backend.backend() == "numpy", keras.backend.backend()
    data = np.load(source)
    names = sorted({key.split("/")[0] for key in data.files})
    out = {}
    for name in names:
        inputs = [data[k] for k in sorted((k for k in data.files if k.startswith(f"{name}/input/")),
                                          key=lambda k: int(k.rsplit("/", 1)[1]))]
        weights = [data[k] for k in sorted((k for k in data.files
                                            if k.startswith(f"{name}/weight/")),
                                           key=lambda k: int(k.rsplit("/", 1)[1]))]
        x = tuple(inputs) if len(inputs) > 1 else inputs[0]
        layer = catalogue.build(name)
        layer(x)
        layer.set_weights(weights)
        y = layer(x)
        for i, part in enumerate(y if isinstance(y, (tuple, list)) else (y,)):
            out[f"{name}/output/{i}"] = keras.ops.convert_to_numpy(part)
    np.savez(target, **out)


if __name__ == "__main__":
    main(*sys.argv[1:3])
