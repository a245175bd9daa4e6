"""docs/contributing.md's example layer and its test file, run as written, so
that the page keeps describing code that works."""

import pathlib
import re

import pytest

DOC = pathlib.Path(__file__).resolve().parents[1] / "docs" / "contributing.md"


def _blocks():
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def test_the_example_layer_passes_its_test_file():
    layer_code, test_code = _blocks()[:2]
    layer_namespace = {}
    exec(compile(layer_code, "low_pass_gain.py", "exec"), layer_namespace)
    test_code = test_code.replace("from keras_spectral.layers import LowPassGain1D\n", "")
    test_namespace = {"LowPassGain1D": layer_namespace["LowPassGain1D"]}
    exec(compile(test_code, "test_low_pass_gain.py", "exec"), test_namespace)
    test_namespace["test_harness"](15)
    test_namespace["test_bad_arguments"]()


def test_the_benchmark_row_is_a_case():
    cases = pytest.importorskip("benchmarks.cases")
    row = eval(_blocks()[3].strip().rstrip(","), vars(cases))  # noqa: S307
    assert isinstance(row, cases.Case) and row.ours == "layers.LowPassGain1D"
