"""Atomic file writes: a temp file in the same folder, then rename. No half-written outputs."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _file_mode() -> int:
    """0o666 minus the process umask: what open() would give (mkstemp gives 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


def make_output_dir(path: str | Path, param_name: str | None = None) -> Path:
    """Create the output folder (and its parents); a folder that cannot be made is a
    :class:`~framing.errors.UsageError` with one line, not a traceback (naming the parameter
    ``param_name``, e.g. ``out_dir``, when given)."""
    from framing.errors import UsageError, param

    out = Path(path)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc
        if param_name:
            raise UsageError(f"{param(param_name)} {out}: cannot write: {reason}") from None
        raise UsageError(f"cannot create the output folder {out}: {reason}") from None
    return out


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))
