"""FNO: the paper's architecture, a float64 reference, fit / save / load, sizes."""

import functools
import os

import keras
import numpy as np
import pytest
from scipy.special import erf

from keras_spectral.losses import RelativeL2
from keras_spectral.models import FNO
from keras_spectral.testing import assert_close, backend_name, to_numpy
from keras_spectral.testing.references import spectral_conv as paper_reference
from keras_spectral.testing.references import spectral_kernel_from_variable as canonical


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def fno_reference(model, x):
    """The FNO forward pass in float64 NumPy, from the paper's code."""
    w = {v.path.split("/", 1)[-1]: to_numpy(v).astype("float64") for v in model.weights}
    d = len(model.modes)
    if model.positional_encoding:
        axes = np.meshgrid(*(np.linspace(0, 1, n) for n in x.shape[1:-1]), indexing="ij")
        grid = np.broadcast_to(np.stack(axes, -1), x.shape[:-1] + (d,))
        x = np.concatenate([x, grid], axis=-1)
    v = x @ w["lifting/kernel"] + w["lifting/bias"]
    pads = model.padding_for(x.shape[1:-1])
    if any(pads):
        v = np.pad(v, [(0, 0)] + [(0, p) for p in pads] + [(0, 0)])
    for i in range(model.num_blocks):
        spectral = canonical(w[f"spectral_{i}/kernel"], model.modes)
        v = paper_reference(v, spectral, model.modes) + v @ w[f"skip_{i}/kernel"] \
            + w[f"skip_{i}/bias"]
        if i < model.num_blocks - 1:
            v = gelu(v)
    if any(pads):
        v = v[(slice(None),) + tuple(slice(0, -p if p else None) for p in pads)]
    h = gelu(v @ w["projection_hidden/kernel"] + w["projection_hidden/bias"])
    return h @ w["projection/kernel"] + w["projection/bias"]


def perturbed(model, seed=0):
    rng = np.random.default_rng(seed)
    for v in model.weights:  # the spectral initialisation is tiny: make it count
        value = to_numpy(v)
        v.assign(value + 0.2 * rng.standard_normal(value.shape).astype(value.dtype))
    return model


def test_paper_configuration_parameter_count():
    """FNO-1D for Burgers (modes 16, width 64): the original code's 549,569."""
    model = FNO(modes=(16,), width=64)
    model.build((None, 1024, 1))
    assert model.count_params() == 549_569


@pytest.mark.parametrize("modes,shape,padding", [
    ((4,), (2, 16, 1), 0),
    ((3, 2), (2, 8, 6, 2), 3),
    ((2, 2, 2), (1, 4, 6, 4, 1), 0),
    ((3, 2), (2, 9, 6, 1), 0.25),  # a fraction: round(2.25) = 2 and round(1.5) = 2 points
])
def test_reference(modes, shape, padding):
    x = np.random.default_rng(1).standard_normal(shape)
    model = FNO(modes=modes, width=5, num_blocks=2, projection_channels=7,
                output_channels=2, padding=padding)
    model(x.astype("float32"))
    perturbed(model)
    assert_close(model(x.astype("float32")), fno_reference(model, x), rtol=1e-5)


def test_fit_save_load_and_other_resolutions(tmp_path):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((8, 32, 1)).astype("float32")
    y = np.roll(x, 3, axis=1)
    model = FNO(modes=(6,), width=8, num_blocks=2, projection_channels=16)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss=RelativeL2())
    if backend_name() != "numpy":
        history = model.fit(x, y, batch_size=4, epochs=5, verbose=0)
        assert history.history["loss"][-1] < history.history["loss"][0]
    else:
        model.build(x.shape)
        perturbed(model)
    path = os.path.join(tmp_path, "fno.keras")
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    assert isinstance(loaded, FNO) and loaded.modes == (6,)
    for size in (32, 64, 13):  # trained at 32; any size holding the modes runs
        xs = rng.standard_normal((2, size, 1)).astype("float32")
        assert_close(loaded.predict(xs, verbose=0), to_numpy(model(xs)), rtol=1e-6)
        assert_close(loaded(xs), fno_reference(loaded, xs.astype("float64")), rtol=1e-5)


def test_symbolic_and_config():
    model = FNO(modes=(3, 3), width=4, num_blocks=1, positional_encoding=False,
                final_block_activation=True, activation="relu")
    inputs = keras.Input(shape=(None, None, 3))
    assert tuple(model(inputs).shape) == (None, None, None, 1)
    config = model.get_config()
    revived = FNO.from_config(config)
    assert revived.get_config() == config
    assert config["modes"] == (3, 3) and config["activation"] == "relu"


@functools.lru_cache(maxsize=None)  # float32's reference is trained once per rank
def _train_under(policy, rank):
    """Relative L2 after 40 Adam steps on a learnable map (a smoothing
    convolution), from the same initial weights, under a dtype policy."""
    keras.config.set_dtype_policy(policy)
    try:
        keras.utils.set_random_seed(0)
        model = FNO(modes=(4,) * rank, width=12, num_blocks=2, projection_channels=16)
        model.compile(optimizer=keras.optimizers.Adam(3e-3), loss=RelativeL2())
        rng = np.random.default_rng(3)
        x = rng.standard_normal((32,) + (16,) * rank + (1,)).astype("float32")
        axes = tuple(range(1, rank + 1))
        k = np.fft.fftfreq(16)
        damp = np.exp(-40 * sum(np.meshgrid(*([k**2] * rank), indexing="ij")))
        y = np.fft.ifftn(np.fft.fftn(x[..., 0], axes=axes) * damp, axes=axes).real
        y = (y + 0.5)[..., None].astype("float32")
        history = model.fit(x, y, batch_size=8, epochs=10, verbose=0).history["loss"]
        return history, keras.backend.standardize_dtype(model(x[:1]).dtype)
    finally:
        keras.config.set_dtype_policy("float32")


@pytest.mark.trains
@pytest.mark.parametrize("rank", [1, 2])
@pytest.mark.parametrize("policy", ["mixed_float16", "mixed_bfloat16"])
def test_mixed_precision_trains_as_float32_does(policy, rank):
    reference, _ = _train_under("float32", rank)
    history, dtype = _train_under(policy, rank)
    assert dtype == policy.split("_")[1]
    assert np.all(np.isfinite(history))
    # The stated factor: within 1.5x of float32's loss after the same 40 steps,
    # and learning (float32 goes from ~1 to ~0.1 here).
    assert history[-1] < 0.5 * history[0]
    assert history[-1] <= 1.5 * reference[-1] + 0.01, (history[-1], reference[-1])


def test_bad_arguments():
    with pytest.raises(TypeError, match="`modes` must be a tuple of 1 to 3.*got 16"):
        FNO(modes=16, width=8)
    with pytest.raises(ValueError, match="`modes` must be a tuple of 1 to 3"):
        FNO(modes=(2, 2, 2, 2), width=8)
    with pytest.raises(ValueError, match="`width` must be an integer >= 1; got 0"):
        FNO(modes=(4,), width=0)
    with pytest.raises(TypeError, match="`positional_encoding` must be True or False"):
        FNO(modes=(4,), width=4, positional_encoding=np.array([1, 0]))
    with pytest.raises(ValueError, match="`padding` must be an integer >= 0; got -1"):
        FNO(modes=(4,), width=4, padding=-1)
    with pytest.raises(ValueError, match="`padding` must be a finite number > 0 and < 1"):
        FNO(modes=(4,), width=4, padding=1.5)


def test_fractional_padding_scales_with_resolution():
    model = FNO(modes=(12, 12), width=4, padding=9 / 85)
    assert model.padding_for((85, 85)) == (9, 9)
    assert model.padding_for((421, 141)) == (45, 15)
    assert FNO(modes=(4,), width=4, padding=9).padding_for((421,)) == (9,)


@pytest.mark.parametrize("padding", [9 / 85, 3])
def test_padding_with_sizes_known_only_at_run_time(padding):
    # a functional model with None spatial sizes (TensorFlow's predict traces a
    # graph where they are tensors) gives the eager call's numbers
    fno = FNO(modes=(3, 3), width=4, num_blocks=2, projection_channels=8, padding=padding)
    inputs = keras.Input((None, None, 1))
    model = keras.Model(inputs, fno(inputs))
    x = np.random.default_rng(5).standard_normal((2, 17, 13, 1)).astype("float32")
    assert_close(model.predict(x, verbose=0), to_numpy(fno(x)), rtol=1e-6)
    with pytest.raises(ValueError, match="expects inputs of rank 4"):
        FNO(modes=(4, 4), width=4)(np.ones((1, 16, 1), "float32"))
    with pytest.raises(ValueError, match="spatial axis 0 has size 5, too small for modes=4"):
        FNO(modes=(4,), width=4)(np.ones((1, 5, 1), "float32"))


@pytest.mark.trains
def test_gradients():
    """Input and weight gradients of the whole model against finite differences."""
    from keras_spectral.testing import check_gradients

    keras.config.set_dtype_policy("float64")
    model = FNO(modes=(2,), width=3, num_blocks=2, projection_channels=4, padding=1)
    x = np.random.default_rng(4).standard_normal((1, 6, 1))
    model.build(x.shape)
    perturbed(model)
    weights = [to_numpy(v) for v in model.trainable_variables]

    def fn(inputs, *trainable):
        return model.stateless_call(list(trainable), [], inputs)[0]

    check_gradients(fn, [x] + weights)
