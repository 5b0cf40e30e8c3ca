"""How learners' values are normalised and typed before a question compares them."""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence, Set
from typing import Any


def is_number(x: Any) -> bool:
    """A real number that is not a bool."""
    return isinstance(x, numbers.Real) and not is_bool(x)


def is_bool(x: Any) -> bool:
    """A bool (call ``plain`` first: it turns numpy's 0-d bools into Python ones)."""
    return isinstance(x, bool)


def plain(answer: Any) -> Any:
    """Turn pandas and numpy containers into plain Python ones for comparison."""
    if hasattr(answer, "to_dict") and hasattr(answer, "index") and not hasattr(answer, "columns"):
        return answer.to_dict()
    if hasattr(answer, "tolist") and getattr(answer, "ndim", 0) >= 1:
        return answer.tolist()
    if hasattr(answer, "item") and getattr(answer, "ndim", None) == 0:
        return answer.item()
    return answer


def plain_like(answer: Any, expected: Any) -> Any:
    """``plain(answer)``, except that a pandas Series stands for its values where a list (not a mapping) is expected."""
    wants_values = isinstance(expected, (Sequence, Set)) and not isinstance(expected, (str, Mapping))
    if wants_values and hasattr(answer, "tolist") and hasattr(answer, "index") and not hasattr(answer, "columns"):
        return answer.tolist()
    return plain(answer)


def number_pairs(answer: Any, expected: Any) -> list[tuple[float, float]]:
    """The (answer, expected) number pairs of two values of the same shape; empty when the shapes differ."""
    if is_number(expected):
        return [(answer, expected)] if is_number(answer) else []
    if isinstance(expected, Mapping) and isinstance(answer, Mapping) and set(answer) == set(expected):
        pairs = [number_pairs(plain(answer[k]), v) for k, v in expected.items()]
    elif (isinstance(expected, Sequence) and not isinstance(expected, str)
          and isinstance(answer, Sequence) and len(answer) == len(expected)):
        pairs = [number_pairs(plain(a), e) for a, e in zip(answer, expected)]
    else:
        return []
    return [] if any(not p for p in pairs) else [pair for p in pairs for pair in p]
