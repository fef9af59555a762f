"""Opening an input file: regular files only.

A FIFO (named pipe) blocks the reader until some other program writes to it, a device may
never end (``/dev/zero``), a socket cannot be opened: none is an article. :func:`open_input`
checks the kind of file before opening it, and again on the open file (it may have been
replaced in between), opening without blocking.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from framing.read.decode import Unreadable

__all__ = ["check_regular", "open_input", "path_text"]

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def check_regular(mode: int) -> None:
    """Raise :class:`Unreadable` unless ``mode`` (``st_mode``) is a regular file's."""
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    raise Unreadable(f"not a regular file ({kind})")


def open_input(path: str | Path) -> BinaryIO:
    """``path`` opened for reading bytes; :class:`Unreadable` when it is not a regular file
    (``OSError`` when it cannot be opened)."""
    check_regular(os.stat(path).st_mode)
    nonblock = getattr(os, "O_NONBLOCK", 0)  # POSIX: a FIFO opens at once, no writer needed
    fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_NOCTTY", 0))
    try:
        check_regular(os.fstat(fd).st_mode)
        if nonblock:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def path_text(path: str | Path) -> str:
    """``path`` as text that can be written as UTF-8: the bytes of a name that is not UTF-8
    (kept by Python as lone surrogates) shown as ``\\xNN``."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text
