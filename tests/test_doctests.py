"""Every docstring example of every public name runs as a doctest, on every
backend of the matrix.

Examples show values as NumPy prints them (each backend returns its own tensor
type): while they run, a tensor, a `Complex` of tensors or a tuple of them is
displayed as rounded NumPy arrays (and a shape as a tuple), and written numbers are compared to 1e-3
(relative) / 1e-4 (absolute), so `[10, -2]` matches `[10., -2.]` and
`array([1., 1.])`. An example line with no output written (its result
described in a comment) has to run without error; its value is not compared.
An example runs in the namespace of the module that defines the documented
object, as if after `from keras_spectral.ops import *`, `from
keras_spectral.layers import *` (and `models`, `losses`, `initializers`), with
`numpy`, `np`, `keras`, `keras_spectral`, `ks`, `Complex`, and two inputs:
`x`, a float32 array of shape (2, 8, 6), and `audio`, float32 noise of shape
(2, 16000).
"""

import doctest
import inspect
import re
import sys

import keras
import numpy as np
import pytest

import keras_spectral
from keras_spectral.testing import backend_name
from tests._public import public_modules

NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
ARRAY_OPEN = re.compile(r"\barray\(")
ARRAY_CLOSE = re.compile(r"\](?:,\s*dtype=\w+)?\)")
STAR_MODULES = ("ops", "layers", "models", "losses", "initializers")


def public_objects():
    """`(qualified name, object)` of every public name that is not a module."""
    out = []
    for module in public_modules():
        names = getattr(module, "__all__", None)
        if names is None:
            names = [n for n, v in vars(module).items() if not n.startswith("_")
                     and getattr(v, "__module__", None) == module.__name__]
        out += [(f"{module.__name__}.{n}", getattr(module, n)) for n in names
                if not inspect.ismodule(getattr(module, n))]
    return out


def doctests():
    """`(id, DocTest)` of the examples of every public object (and its methods)."""
    finder = doctest.DocTestFinder(recurse=False)
    found = {}
    for qualname, obj in public_objects():
        if not callable(obj):  # constants: tests/test_docs_reference.py reads their docs
            continue
        home = sys.modules.get(getattr(obj, "__module__", None) or "", None)
        targets = [(qualname, obj)]
        if inspect.isclass(obj):
            targets += [(f"{qualname}.{n}", v) for n, v in vars(obj).items()
                        if not n.startswith("_") and inspect.isfunction(v)]
        for name, target in targets:
            for test in finder.find(target, name, module=False, globs={}):
                if test.examples:
                    found[name] = (test, home)
    return sorted(found.items())


class NumpyDisplay:
    """sys.displayhook showing tensors as rounded NumPy values."""

    def __call__(self, value):
        if value is None:
            return
        sys.stdout.write(self.text(value) + "\n")

    def text(self, value):
        if type(value).__name__ == "TensorShape":  # TensorFlow's shapes print as tuples
            value = tuple(value.as_list())
        if isinstance(value, keras_spectral.Complex):
            return f"Complex(real={self.text(value.real)}, imag={self.text(value.imag)})"
        if isinstance(value, tuple):
            inner = ", ".join(self.text(v) for v in value)
            return f"({inner},)" if len(value) == 1 else f"({inner})"
        if isinstance(value, list) and any(hasattr(v, "shape") for v in value):
            return "[" + ", ".join(self.text(v) for v in value) + "]"
        if hasattr(value, "shape") and hasattr(value, "dtype") and not isinstance(
                value, (np.generic, type)):
            array = np.asarray(keras.ops.convert_to_numpy(value))
            if array.dtype.kind == "f":
                array = np.round(array.astype("float64"), 4) + 0.0  # no -0.0
            if array.ndim == 0:
                return repr(array.item())
            return np.array2string(array, separator=", ", threshold=40)
        if isinstance(value, np.generic):
            return repr(value.item())
        return repr(value)


class NumericChecker(doctest.OutputChecker):
    """Literal match, else the same text with numbers equal to 1e-3 / 1e-4;
    an example with no written output only has to run."""

    def check_output(self, want, got, optionflags):
        if super().check_output(want, got, optionflags):
            return True
        if not want.strip():
            return True
        want, got = (ARRAY_CLOSE.sub("]", ARRAY_OPEN.sub("", t)) for t in (want, got))
        split_want, split_got = NUMBER.split(want), NUMBER.split(got)
        if [" ".join(s.split()) for s in split_want] != [" ".join(s.split()) for s in split_got]:
            return False
        a = np.array([float(v) for v in NUMBER.findall(want)])
        b = np.array([float(v) for v in NUMBER.findall(got)])
        return a.shape == b.shape and np.allclose(a, b, rtol=1e-3, atol=1e-4)


def globs_for(home):
    globs = {}
    for name in STAR_MODULES:
        module = getattr(keras_spectral, name)
        globs.update({n: getattr(module, n) for n in module.__all__ if not n.startswith("_")}
                     if hasattr(module, "__all__") else
                     {n: v for n, v in vars(module).items() if not n.startswith("_")})
    globs["Complex"] = keras_spectral.Complex
    globs.update(vars(home) if home is not None else {})
    globs.setdefault("numpy", np)
    globs.setdefault("np", np)
    globs.setdefault("keras", keras)
    globs.setdefault("keras_spectral", keras_spectral)
    globs.setdefault("ks", keras_spectral)
    rng = np.random.default_rng(0)
    globs.setdefault("x", rng.random((2, 8, 6)).astype("float32"))
    globs.setdefault("audio", rng.standard_normal((2, 16000)).astype("float32"))
    return globs


# Examples that train a model: Keras's numpy backend cannot differentiate.
TRAINS = re.compile(r"\.fit\(|train_step|GradientTape|check_gradients|run_layer_test")
CASES = doctests()


def test_every_public_function_and_class_has_an_example():
    documented = {n for n, _ in CASES}
    lacking = [q for q, obj in public_objects() if callable(obj) and q not in documented]
    assert not lacking, lacking


@pytest.mark.parametrize("name", [n for n, _ in CASES])
def test_docstring_example(name):
    test, home = dict(CASES)[name]
    if backend_name() == "numpy" and any(TRAINS.search(e.source) for e in test.examples):
        pytest.skip("the example trains: Keras's numpy backend cannot differentiate")
    test.globs = globs_for(home)
    keras.utils.set_random_seed(0)
    runner = doctest.DocTestRunner(
        checker=NumericChecker(),
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    report = []
    # what an example may set for the process (set_transform_method, a dtype
    # policy) is restored after it, so one example cannot change the next
    method, policy, floatx = (keras_spectral.config.transform_method(),
                              keras.config.dtype_policy(), keras.config.floatx())
    hook = sys.__displayhook__  # what DocTestRunner.run installs as sys.displayhook
    sys.__displayhook__ = NumpyDisplay()
    try:
        result = runner.run(test, out=report.append, clear_globs=True)
    finally:
        sys.__displayhook__ = hook
        keras_spectral.config.set_transform_method(method)
        keras.config.set_dtype_policy(policy)
        keras.config.set_floatx(floatx)
    assert result.failed == 0, "".join(report)
