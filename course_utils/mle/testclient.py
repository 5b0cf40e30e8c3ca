"""Starlette's ``TestClient``, imported without its warning about httpx.

Starlette 1.10 prefers the newer ``httpx2`` package for its test client and warns at import
when only ``httpx`` is installed. The course pins httpx 0.28, which the client still supports
fully, so that one warning is silenced here, at the import, and nowhere else: a warning would
otherwise land in every notebook output that builds a client. Import it from here::

    from course_utils.mle.testclient import TestClient
"""

import warnings

from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated",
                            category=StarletteDeprecationWarning)
    from starlette.testclient import TestClient

__all__ = ["TestClient"]
