"""How learners' values are normalised and typed before a question compares them."""

from __future__ import annotations

import numbers
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
