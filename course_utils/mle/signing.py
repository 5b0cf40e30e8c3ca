"""Signed artifacts with the OpenSSF ``model-signing`` library: authenticity, not only integrity.

The SHA-256 in ``metadata.json`` catches a file that changed by accident, but whoever can replace
``model.skops`` can rewrite ``metadata.json`` too. A signature over the whole artifact folder, made with
a private key that stays on the build machine, cannot be redone by someone who changes the files:
verifying it with the public key shows the folder is exactly what the key's holder signed.

Keys are elliptic-curve (P-256) PEM files, created on first use under ``build/keys`` (git-ignored,
the private one readable by its owner only); everything works offline. In a real deployment the
private key lives in the build system's secret store or a KMS, and only the public key ships with
the service.
"""

from __future__ import annotations

import os
from pathlib import Path

from course_utils.paths import BUILD_DIR

SIGNATURE = "model.sig"
# Tests point this elsewhere (COURSE_KEY_DIR) so they never create keys in the learner's build/.
KEY_DIR = Path(os.environ.get("COURSE_KEY_DIR", BUILD_DIR / "keys"))
PUBLIC_KEY_ENV = "COURSE_MODEL_PUBLIC_KEY"  # when set, loading an artifact also verifies its signature


class SignatureError(RuntimeError):
    """A missing, unreadable or non-matching signature, or a missing key; the message is one sentence."""


def ensure_keys(directory: Path | None = None) -> tuple[Path, Path]:
    """The (private, public) key files in ``directory`` (default ``build/keys``), created if missing."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    directory = Path(directory or KEY_DIR)
    private, public = directory / "private.pem", directory / "public.pem"
    if not private.exists():
        directory.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                         serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


def _hashing():
    from model_signing import hashing

    return hashing.Config().set_ignored_paths(paths=[SIGNATURE])  # the signature cannot cover itself


def sign(artifact_dir: Path, private_key: Path) -> Path:
    """Sign every file of ``artifact_dir``; write and return ``artifact_dir/model.sig``. Sign last: a file added after fails."""
    from model_signing import signing

    signature = Path(artifact_dir) / SIGNATURE
    signing.Config().use_elliptic_key_signer(private_key=str(private_key)).set_hashing_config(_hashing()).sign(
        str(artifact_dir), str(signature))
    return signature


def verify(artifact_dir: Path, public_key: Path) -> None:
    """Refuse, with ``SignatureError``, a folder whose signature is missing or does not match ``public_key``."""
    artifact_dir, public_key = Path(artifact_dir), Path(public_key)
    signature = artifact_dir / SIGNATURE
    if not public_key.is_file():
        raise SignatureError(f"The public key {public_key} does not exist, so the artifact's signature cannot be "
                             "checked.")
    if not signature.is_file():
        raise SignatureError(f"The artifact has no {SIGNATURE}, and a public key is configured: sign it "
                             "(course model build does) or it will not be loaded.")
    try:
        from model_signing import verifying
    except ModuleNotFoundError as exc:
        raise SignatureError(f"{exc.name} is not installed, so the signature cannot be checked: install "
                             "`ds-vs-mle-course[serving]`.") from None
    config = verifying.Config().use_elliptic_key_verifier(public_key=str(public_key)).set_hashing_config(_hashing())
    try:
        config.verify(str(artifact_dir), str(signature))
    except Exception as exc:  # model-signing raises ValueError for a mismatch and others for a damaged file
        raise SignatureError("The artifact does not match its signature "
                             f"({_reason(exc)}): it was changed after signing, or signed with another key, "
                             "so it will not be loaded.") from None


def _reason(exc: Exception) -> str:
    """A short cause from model-signing's exception: which files differ, or what was unreadable."""
    text = str(exc)
    for marker, reason in (("Hash mismatch for", "a file's contents changed"), ("Extra files", "a file was added"),
                           ("Missing files", "a file was removed")):
        if marker in text:
            return reason
    return "the signature does not verify with this key" if isinstance(exc, ValueError) else exc.__class__.__name__


def configured_public_key() -> Path | None:
    """The public key named by ``COURSE_MODEL_PUBLIC_KEY``, if it is set."""
    value = os.environ.get(PUBLIC_KEY_ENV)
    return Path(value) if value else None
