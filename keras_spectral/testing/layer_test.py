"""The shared layer harness, modelled on Keras's `run_layer_test`
(keras/src/testing/test_case.py): every keras_spectral layer passes it on every
backend. Each check raises an `AssertionError` whose message starts with the
check's name in brackets, e.g. ``[config]``, so a test can tell which failed.
"""

import json
import os
import tempfile

import keras
import numpy as np
from keras import ops

from keras_spectral.complex import Complex
from keras_spectral.testing.gradients import check_gradients
from keras_spectral.testing.numerics import RTOL, assert_close, backend_name, to_numpy


class _Check:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is None:
            return False
        if kind is AssertionError and str(value).startswith("["):
            return False
        raise AssertionError(f"[{self.name}] {kind.__name__}: {value}") from value


def _fail(check, message):
    raise AssertionError(f"[{check}] {message}")


def run_layer_test(
    layer_cls,
    init_kwargs,
    input_data,
    expected_output_shape,
    reference_fn=None,
    expected_output=None,
    expected_num_trainable_weights=None,
    expected_num_non_trainable_weights=0,
    symbolic_input_shape=None,
    expected_symbolic_output_shape=None,
    gradient_input=None,
    run_training=True,
    run_mixed_precision=True,
    jit_compile_modes=(False, True),
):
    """Runs every check of the harness on one layer configuration.

    Checks, in order: ``config`` (get_config holds every init argument,
    from_config and JSON round trips), ``build`` (weight counts, all variables
    real), ``symbolic`` (a functional model's output shape, with None sizes
    where `symbolic_input_shape` has them), ``eager`` (the output's shape, and
    its value against `expected_output`), ``reference`` (float32 to 1e-5 and
    float64 to 1e-10 against `reference_fn`), ``save`` (`.keras` save and
    load with `safe_mode=True` give the same outputs), ``training`` (one
    `fit` step with each `jit_compile` mode changes the weights and gives a
    finite loss), ``mixed_precision`` (outputs in the compute dtype, float32
    variables, a finite training step, under mixed_float16 and mixed_bfloat16)
    and ``gradients`` (input and weight gradients against central finite
    differences in float64). Training, mixed-precision training and gradients
    need autodiff, so they are skipped on the numpy backend.

    Args:
        layer_cls: the layer class (registered as Keras serializable).
        init_kwargs: the constructor arguments.
        input_data: a float NumPy array, batch first, or a `Complex` (or
            `(real, imag)` tuple) of two such arrays of equal shape, given
            to the layer as a `Complex`.
        expected_output_shape: the output shape for `input_data` (for a
            `Complex` output, the shape of each part).
        reference_fn: `f(x, weights) -> array`, a float64 NumPy reference
            written from the layer's definition; `x` is float64, or
            complex128 (`real + 1j * imag`) for a pair input; `weights` are
            the layer's weights as float64 arrays in `layer.weights` order.
            A `Complex` output is compared with a complex array.
        expected_output: an exact expected output for `input_data`, if known
            (a complex array for a `Complex` output).
        expected_num_trainable_weights: the trainable weight count.
        expected_num_non_trainable_weights: the non-trainable weight count.
        symbolic_input_shape: the input shape (without batch) for the
            symbolic check, None for unknown sizes; defaults to `input_data`'s.
        expected_symbolic_output_shape: the symbolic output shape (batch
            included, as None); defaults to `expected_output_shape` with a
            None batch.
        gradient_input: a small float64 input (an array or a pair, like
            `input_data`) for the gradient check; defaults to `input_data`.
        run_training: whether to run the training check.
        run_mixed_precision: whether to run the mixed-precision check.
        jit_compile_modes: the `jit_compile` values the training check uses.

    Raises:
        AssertionError: starting with the failing check's name in brackets.

    Example:

    >>> def gain_reference(x, weights):  # y = irfft(K * rfft(x)) over the steps
    ...     kernel = weights[0][0] + 1j * weights[0][1]      # (bins, channels)
    ...     return numpy.fft.irfft(numpy.fft.rfft(x, axis=1) * kernel, n=x.shape[1], axis=1)
    >>> x = numpy.random.rand(4, 16, 3).astype("float32")
    >>> run_layer_test(SpectralGain, {}, x, expected_output_shape=x.shape,
    ...                reference_fn=gain_reference,
    ...                expected_num_trainable_weights=1)
    """
    x = _as_input(input_data, "float32")
    autodiff = backend_name() != "numpy"

    with _Check("config"):
        layer = layer_cls(**init_kwargs)
        config = layer.get_config()
        for key, value in init_kwargs.items():
            if key not in config:
                _fail("config", f"get_config() lacks the init argument {key!r}")
            if keras.saving.serialize_keras_object(config[key]) != \
                    keras.saving.serialize_keras_object(value):
                _fail("config", f"get_config()[{key!r}] = {config[key]!r}, not {value!r}")
        revived = layer_cls.from_config(config)
        if revived.get_config() != config:
            _fail("config", "from_config(get_config()) changes the config")
        as_json = json.loads(json.dumps(keras.saving.serialize_keras_object(layer)))
        if keras.saving.deserialize_keras_object(as_json).get_config() != config:
            _fail("config", "the JSON round trip changes the config")

    with _Check("build"):
        layer = layer_cls(**init_kwargs)
        layer.build(_shape(x))
        if expected_num_trainable_weights is not None and \
                len(layer.trainable_weights) != expected_num_trainable_weights:
            _fail("build", f"{len(layer.trainable_weights)} trainable weights, "
                           f"expected {expected_num_trainable_weights}")
        if len(layer.non_trainable_weights) != expected_num_non_trainable_weights:
            _fail("build", f"{len(layer.non_trainable_weights)} non-trainable weights, "
                           f"expected {expected_num_non_trainable_weights}")
        for w in layer.weights:
            if "complex" in str(w.dtype):
                _fail("build", f"variable {w.path} is complex; variables must be real")

    with _Check("symbolic"):
        shape = tuple(symbolic_input_shape or _first(x).shape[1:])
        want = list(expected_symbolic_output_shape or
                    (None,) + tuple(expected_output_shape[1:]))
        pair_input = isinstance(x, Complex)
        # a pair input: as a Complex of two Inputs, and as a plain tuple of them
        for wrap in (lambda i: Complex(*i), tuple) if pair_input else (None,):
            inputs = [keras.Input(shape=shape), keras.Input(shape=shape)] if wrap \
                else keras.Input(shape=shape)
            out = layer_cls(**init_kwargs)(wrap(inputs) if wrap else inputs)
            for part in _parts(out):
                if list(part.shape) != want:
                    _fail("symbolic", f"symbolic output shape {tuple(part.shape)}, "
                                      f"expected {tuple(want)}")

    with _Check("eager"):
        layer = layer_cls(**init_kwargs)
        y = to_numpy(layer(x))
        if y.shape != tuple(expected_output_shape):
            _fail("eager", f"output shape {y.shape}, expected {tuple(expected_output_shape)}")
        if not np.all(np.isfinite(y)):
            _fail("eager", "non-finite output")
        if expected_output is not None:
            assert_close(y, expected_output, RTOL["float32"], err_msg="[eager]")

    if reference_fn is not None:
        with _Check("reference"):
            _check_reference(layer_cls, init_kwargs, layer, x, reference_fn)

    with _Check("save"):
        model = _model(layer_cls, init_kwargs, x)
        _perturb(model)
        before = _output(model(_model_input(x)))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.keras")
            model.save(path)
            loaded = keras.saving.load_model(path, safe_mode=True)
        after = _output(loaded(_model_input(x)))
        assert_close(after, before, 1e-6, err_msg="[save] outputs differ after load")

    if run_training and autodiff:
        for jit in jit_compile_modes:
            with _Check("training"):
                _train_step(layer_cls, init_kwargs, x, jit, "training")

    if run_mixed_precision:
        for policy in ("mixed_float16", "mixed_bfloat16"):
            with _Check("mixed_precision"):
                _check_mixed_precision(layer_cls, init_kwargs, x, policy, autodiff)

    if autodiff:
        with _Check("gradients"):
            _check_layer_gradients(layer_cls, init_kwargs, gradient_input, x)


def _as_input(data, dtype):
    """`data` as a NumPy array of `dtype`, or a `Complex` of two."""
    if isinstance(data, tuple):
        if len(data) != 2:
            raise ValueError(f"`input_data` must be an array or a (real, imag) pair; "
                             f"got a tuple of length {len(data)}.")
        return Complex(*(np.asarray(p, dtype=dtype) for p in data))
    return np.asarray(data, dtype=dtype)


def _first(x):
    """The array, or the real part of a pair (for shapes and batch sizes)."""
    return x.real if isinstance(x, Complex) else x


def _shape(x):
    """What `build` receives for `x`: a shape, or a `Complex` of two."""
    return Complex(x.real.shape, x.imag.shape) if isinstance(x, Complex) else x.shape


def _parts(out):
    """The real tensors of a layer's output: itself, or the parts of a pair."""
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _reference_input(x):
    """`x` in float64, or complex128 for a pair: what `reference_fn` gets."""
    if isinstance(x, Complex):
        return x.real.astype("float64") + 1j * x.imag.astype("float64")
    return x.astype("float64")


def _model(layer_cls, init_kwargs, x):
    """A functional model of one layer: one Input, or two for a pair (given
    to the layer as a `Complex`); a pair output becomes two outputs."""
    if isinstance(x, Complex):
        inputs = [keras.Input(shape=x.real.shape[1:]), keras.Input(shape=x.imag.shape[1:])]
        out = layer_cls(**init_kwargs)(Complex(*inputs))
    else:
        inputs = keras.Input(shape=x.shape[1:])
        out = layer_cls(**init_kwargs)(inputs)
    return keras.Model(inputs, list(out) if isinstance(out, tuple) else out)


def _model_input(x):
    """`x` as `_model`'s model takes it."""
    return list(x) if isinstance(x, Complex) else x


def _output(y):
    """A model's or layer's output as NumPy (complex for a pair)."""
    return to_numpy(tuple(y) if isinstance(y, list) else y)


def _perturb(model, seed=1):
    """Moves weights away from their initial values, so a save/load check
    cannot pass on initialisation alone."""
    rng = np.random.default_rng(seed)
    for w in model.weights:
        value = to_numpy(w)
        w.assign(value + 0.1 * rng.standard_normal(value.shape).astype(value.dtype))


def _check_reference(layer_cls, init_kwargs, layer, x, reference_fn):
    _perturb(layer)  # initial values can hide a bug (a conjugated identity)
    weights = [to_numpy(w).astype("float64") for w in layer.weights]
    expected = reference_fn(_reference_input(x), weights)
    assert_close(layer(x), expected, RTOL["float32"], err_msg="[reference] float32")
    layer64 = layer_cls(**init_kwargs, dtype="float64")
    layer64.build(_shape(x))
    for w, value in zip(layer64.weights, weights):
        w.assign(value)
    out = layer64(_tensors(x, "float64"))
    for part in _parts(out):
        if keras.backend.standardize_dtype(part.dtype) != "float64":
            _fail("reference", f"a float64 layer returns {part.dtype}")
    assert_close(out, expected, RTOL["float64"], err_msg="[reference] float64")


def _tensors(x, dtype):
    """`x` as backend tensors of `dtype`: a tensor, or a `Complex` of two."""
    if isinstance(x, Complex):
        return Complex(*(ops.convert_to_tensor(p.astype(dtype), dtype=dtype) for p in x))
    return ops.convert_to_tensor(x.astype(dtype), dtype=dtype)


def _train_step(layer_cls, init_kwargs, x, jit, check):
    model = _model(layer_cls, init_kwargs, x)
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", jit_compile=jit)
    rng = np.random.default_rng(0)
    batch = _first(x).shape[0]
    eager = None
    targets = []
    for i, out in enumerate(_parts(model.output)):
        shape = tuple(out.shape[1:])
        if None in shape:  # the sizes of an eager call
            eager = _parts(model(_model_input(x))) if eager is None else eager
            shape = tuple(eager[i].shape[1:])
        target = rng.standard_normal(shape).astype("float32")
        targets.append(np.broadcast_to(target, (batch,) + target.shape))
    target = targets if isinstance(model.output, list) else targets[0]
    before = [to_numpy(w).copy() for w in model.trainable_weights]
    history = model.fit(_model_input(x), target, epochs=1, batch_size=batch, verbose=0)
    loss = history.history["loss"][-1]
    if not np.isfinite(loss):
        _fail(check, f"non-finite loss {loss} (jit_compile={jit})")
    if before and all(np.array_equal(b, to_numpy(w))
                      for b, w in zip(before, model.trainable_weights)):
        _fail(check, f"one training step changed no weight (jit_compile={jit})")


def _check_mixed_precision(layer_cls, init_kwargs, x, policy, autodiff):
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(policy)
    try:
        layer = layer_cls(**init_kwargs)
        y = layer(x)
        compute = keras.backend.standardize_dtype(layer.compute_dtype)
        for part in _parts(y):
            if keras.backend.standardize_dtype(part.dtype) != compute:
                _fail("mixed_precision",
                      f"{policy}: output dtype {part.dtype}, expected {compute}")
        for w in layer.weights:
            if keras.backend.standardize_dtype(w.dtype) != "float32":
                _fail("mixed_precision", f"{policy}: variable {w.path} is {w.dtype}")
        if not all(np.all(np.isfinite(to_numpy(ops.cast(p, "float32")))) for p in _parts(y)):
            _fail("mixed_precision", f"{policy}: non-finite output")
        if autodiff:
            _train_step(layer_cls, init_kwargs, x, False, "mixed_precision")
    finally:
        keras.config.set_dtype_policy(previous)


def _check_layer_gradients(layer_cls, init_kwargs, gradient_input, x):
    small = _as_input(gradient_input if gradient_input is not None else x, "float64")
    layer = layer_cls(**init_kwargs, dtype="float64")
    layer.build(_shape(small))
    _perturb(layer)
    trainable = [to_numpy(w) for w in layer.trainable_variables]
    non_trainable = list(layer.non_trainable_variables)

    if isinstance(small, Complex):  # the input's two parts are two inputs
        def fn(real, imag, *weights):
            out, _ = layer.stateless_call(list(weights), non_trainable, Complex(real, imag))
            return out

        check_gradients(fn, list(small) + trainable)
        return

    def fn(inp, *weights):
        out, _ = layer.stateless_call(list(weights), non_trainable, inp)
        return out

    check_gradients(fn, [small] + trainable)
