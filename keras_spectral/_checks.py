"""Argument checks shared by every floor (ops, layers, models): framework-free,
so both the ops floor and the layers may use them."""


def is_one_of(value, choices):
    """`value in choices`, False (not numpy's ambiguity error) for an array.

    Args:
        value: any argument a user passed.
        choices: the allowed values (strings, numbers, None).

    Returns:
        A bool.

    Example:
        >>> is_one_of("ortho", ("backward", "ortho")), is_one_of([1], (1, 2))
        (True, False)
    """
    return isinstance(value, (str, int, float, type(None))) and value in choices
