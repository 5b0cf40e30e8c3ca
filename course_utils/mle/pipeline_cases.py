"""Artifacts for the checks of ``20_mle_pipeline``: small model files and metadata in a temporary folder.

The model file is a stand-in (its bytes are never loaded), laid out like the real artifact
(``model.skops`` beside ``metadata.json``) and written with the same helpers. Its bytes hold
``\\r\\n`` and non-UTF-8 bytes, so reading it in text mode changes or breaks the hash, and it is
larger than the usual read buffers, so a loop that reads one chunk hashes only part of it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from course_utils.mle.artifact_files import write_atomic

MODEL_VERSION = "2.3.1"  # not the real artifact's 1.0.0: a function must return what the metadata says
CHUNK_SIZES = (1024, 4096, 8192, 65536, 131072)
PREFIX = "sha256:"


@cache
def payload(start: str = "a") -> bytes:
    """~200 kB whose SHA-256 starts with ``start``: "a" by default, which ``lstrip("sha256:")`` strips too (it
    removes characters, not a prefix); "f" for a hash that survives it."""
    body = b"PK\x03\x04 stand-in model\r\n" + bytes(range(256)) * 800
    nonce = 0
    while not hashlib.sha256(body + str(nonce).encode()).hexdigest().startswith(start):
        nonce += 1
    return body + str(nonce).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_artifact(directory: Path, model_bytes: bytes | None = None, recorded: str | None = None,
                   versions: dict | None = None, artifact_file: str = "model.skops") -> Path:
    """An artifact folder: ``artifact_file`` with ``model_bytes`` and a metadata.json recording ``recorded``
    (default: the bytes' own hex SHA-256) and ``versions`` (default: the installed ones)."""
    from course_utils.mle import model

    model_bytes = payload() if model_bytes is None else model_bytes
    directory.mkdir(parents=True, exist_ok=True)
    write_atomic(directory / artifact_file, model_bytes)
    meta = {
        "model_name": model.MODEL_NAME,
        "model_version": MODEL_VERSION,
        "artifact_file": artifact_file,
        "artifact_sha256": sha256(model_bytes) if recorded is None else recorded,
        "library_versions": model.library_versions() if versions is None else versions,
    }
    write_atomic(directory / "metadata.json", (json.dumps(meta, indent=2) + "\n").encode())
    return directory


def as_text_mode_reads(data: bytes) -> bytes:
    """``data`` as text mode returns it (universal newlines): \\r\\n and a lone \\r both become \\n."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def tampered() -> bytes:
    """The payload with one byte changed, as a corrupted download or an edited file would be."""
    data = bytearray(payload())
    data[100] ^= 1
    return bytes(data)


def other_version(version: str, part: int = -1) -> str:
    """``version`` with one part raised by one: the patch by default (1.6.1 -> 1.6.2), part=1 the minor."""
    parts = version.split(".")
    parts[part] = str(int(parts[part]) + 1) if parts[part].isdigit() else "0"
    return ".".join(parts)


class HashSpy:
    """While active, records the bytes given to each ``hashlib.sha256`` object, to name what a learner hashed."""

    def __init__(self) -> None:
        self.hashed: list[bytes] = []

    def __enter__(self) -> HashSpy:
        real, hashed = hashlib.sha256, self.hashed

        class Recording:
            def __init__(self, data=b"", **kwargs):
                self._hash, self._index = real(**kwargs), len(hashed)
                hashed.append(b"")
                self.update(data)

            def update(self, data) -> None:
                self._hash.update(data)  # first, so a str raises hashlib's own TypeError
                hashed[self._index] += bytes(data)

            def __getattr__(self, name):
                return getattr(self._hash, name)

        self._real = real
        hashlib.sha256 = Recording
        return self

    def __exit__(self, *exc) -> None:
        hashlib.sha256 = self._real
