"""Files and folders: atomic writes (a temp file in the same folder, then rename: no
half-written outputs), an output folder's lock, and committing a set of files at once.

- :func:`folder_lock`: ``FOLDER/.framing.lock`` holds the pid of the run that writes the folder,
  locked with ``fcntl.flock`` (POSIX; ``msvcrt.locking`` on Windows). The lock goes with the
  process, however it ends: a lock file left by a dead process is simply taken over.
- :func:`commit_files`: temp files become the folder's files together. A journal naming the
  renames (and removals) is written first, then carried out, then removed; a run killed
  half-way leaves the journal, and :func:`finish_commit` (run by the next writer or reader of
  the folder) completes it. Readers see the old set or the new one, never a mix.
- :func:`remove_temp_files`: temp files (``.NAME.XXXXXXXX.tmp``) that an interrupted process
  left; only the writer holding the lock may call it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath

LOCK_NAME = ".framing.lock"
COMMIT_NAME = ".framing-commit.json"
#: the names mkstemp gives this module's temp files: ``.NAME.`` + 8 random characters + ``.tmp``
TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


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


def temp_prefix(path: Path) -> str:
    """The start of a temp file's name for ``path``: ``.NAME.``, the name cut to 64
    characters, so that a name near the file system's limit (255 bytes) still gets a temp
    file (mkstemp adds 8 characters and ``.tmp``)."""
    return f".{path.name[:64]}."


def write_temp(path: str | os.PathLike[str], data: bytes) -> Path:
    """``data`` in a new temp file next to ``path`` (for :func:`commit_files` to rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, FILE_MODE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    path = Path(path)
    tmp = write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


# --------------------------------------------------------------------------- the lock

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        os.lseek(fd, 0, os.SEEK_SET)
        return str(int(os.read(fd, 32).decode("ascii").strip()))
    return "unknown"


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode())


def _busy(folder: Path, fd: int) -> Exception:
    from framing.errors import UsageError

    return UsageError(f"{folder} is in use by another framing run (pid {_holder(fd)})")


@contextlib.contextmanager
def folder_lock(folder: str | Path, *, shared: bool = False) -> Iterator[None]:
    """Hold ``FOLDER/.framing.lock`` for the ``with`` block: exclusive for a run that writes
    the folder, ``shared`` for one that only reads it (readers exclude writers, not each
    other). A folder locked by a live process is a :class:`~framing.errors.UsageError`:
    ``FOLDER is in use by another framing run (pid N)``. A reader of a folder it cannot
    write (read-only media) goes on without a lock."""
    folder = Path(folder)
    path = folder / LOCK_NAME
    if fcntl is None:  # pragma: no cover - Windows: msvcrt, exclusive only
        yield from _windows_lock(folder, path)
        return
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            if shared and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                yield  # a folder nobody can write: nothing to exclude
                return
            raise
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError as exc:
            err = _busy(folder, fd) if exc.errno in (errno.EAGAIN, errno.EACCES) else exc
            os.close(fd)
            raise err from None
        try:  # the previous holder may have removed the file we opened: lock the new one
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        _write_pid(fd)  # a reader too: a writer turned away names one of them
        yield
    finally:
        try:
            if not shared:
                os.unlink(path)
            else:  # the last reader out removes it (an exclusive lock now means no one else)
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    os.unlink(path)
        except OSError:
            pass
        finally:
            os.close(fd)


def _windows_lock(folder: Path, path: Path) -> Iterator[None]:  # pragma: no cover
    import msvcrt

    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            raise _busy(folder, fd) from None
        _write_pid(fd)
        yield
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- commits


def _relative(folder: Path, path: str | Path) -> str:
    """``path`` relative to ``folder``, either given relative to the working folder or
    absolute (``tempfile.mkstemp`` gives absolute paths)."""
    return Path(os.path.abspath(path)).relative_to(os.path.abspath(folder)).as_posix()


def _inside(folder: Path, rel: object) -> Path:
    """A journal's path, checked: relative, at most one folder deep, no ``..`` (a journal is
    a file in a folder anyone could hand over: it must not name files elsewhere)."""
    p = PurePosixPath(str(rel))
    if not isinstance(rel, str) or p.is_absolute() or ".." in p.parts or not 1 <= len(p.parts) <= 2:
        raise ValueError(f"not a path inside the folder: {rel!r}")
    return folder / p


def commit_files(
    folder: str | Path, renames: Sequence[tuple[Path, Path]], removals: Iterable[Path] = ()
) -> None:
    """Make temp files the folder's files together (``renames``: ``(temp, final)`` pairs,
    both in ``folder`` or one sub-folder of it) and remove ``removals``: a journal first, so
    that an interrupted commit is finished by the next :func:`finish_commit`."""
    folder = Path(folder)
    journal = {
        "rename": [[_relative(folder, t), _relative(folder, f)] for t, f in renames],
        "remove": [_relative(folder, p) for p in removals],
    }
    atomic_write_text(folder / COMMIT_NAME, json.dumps(journal, ensure_ascii=False) + "\n")
    finish_commit(folder)


def finish_commit(folder: str | Path) -> bool:
    """Carry out a commit's journal left in ``folder`` (idempotent: a rename already done is
    skipped); return whether there was one. A journal framing cannot have written (damaged,
    or naming paths outside the folder) is removed and nothing else is touched."""
    folder = Path(folder)
    journal = folder / COMMIT_NAME
    try:
        data = json.loads(journal.read_text("utf-8"))
        renames = [(_inside(folder, t), _inside(folder, f)) for t, f in data["rename"]]
        removals = [_inside(folder, p) for p in data["remove"]]
    except FileNotFoundError:
        return False
    except (OSError, ValueError, TypeError, KeyError):
        with contextlib.suppress(FileNotFoundError):
            journal.unlink()
        return False
    for tmp, final in renames:
        with contextlib.suppress(FileNotFoundError):  # done before the interruption
            os.replace(tmp, final)
    for p in removals:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    with contextlib.suppress(FileNotFoundError):
        journal.unlink()
    return True


def remove_temp_files(folders: Iterable[Path]) -> int:
    """Remove the temp files (``.NAME.XXXXXXXX.tmp``, regular files) that interrupted writes
    left in ``folders`` (not below them); return how many went."""
    removed = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if TEMP_NAME.match(e.name) and e.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(e.path)
                    removed += 1
    return removed
