"""Griffe extension of the documentation site (mkdocs.yml, mkdocstrings).

Most docstrings here write their example unindented after the section title::

    Example:

    >>> fft([1.0, 2.0])

which doctest and a reader take as meant, but the Google-style parser ends the
section at the first unindented line, and Markdown then reads `>>>` as a
quote; and it reads `Example:` (singular) as an admonition of Markdown text.
This indents the lines of an `Example:` / `Examples:` section up to the next
section title and names it `Examples:`, so its `>>>` lines render as code.
"""

import re

import griffe

TITLE = re.compile(r"^[A-Z][A-Za-z ]*:\s*$")
EXAMPLE = re.compile(r"^Examples?:\s*$")


def indent_examples(text):
    """`text` with the unindented lines of its example sections indented."""
    out, inside = [], False
    for line in text.splitlines():
        if EXAMPLE.match(line):
            inside = True
            out.append("Examples:")  # the parser's section of code and text
            continue
        if inside and TITLE.match(line):
            inside = False
        out.append("    " + line if inside and line and not line[0].isspace() else line)
    return "\n".join(out)


class IndentExamples(griffe.Extension):
    """Indents unindented example sections before the docstring is parsed."""

    def on_instance(self, *, obj, **kwargs):
        if obj.docstring is not None:
            obj.docstring.value = indent_examples(obj.docstring.value)
