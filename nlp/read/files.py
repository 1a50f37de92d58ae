"""Opening an input file safely: regular files only, never blocking, names shown even when not UTF-8.

A folder of reports can hold things that are not files to read: a FIFO (opening it waits for a writer
forever), a link to ``/dev/zero`` (reading never ends), a link that points to itself. Such an input still gets
its row, with the reason, and is never read. File names unzipped from Windows archives are often GBK bytes that
are not valid UTF-8: Python keeps them as surrogate escapes, which cannot be written to UTF-8 outputs, so every
output shows the name through :func:`shown_path`.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from typing import BinaryIO

from ..errors import ReadError

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file (after links); raise ReadError saying what it is otherwise.

    Opened without blocking and checked on the open descriptor, so a FIFO cannot hang the caller and nothing can
    be swapped in between the check and the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link that points (through others) to itself
            raise ReadError("a symbolic link that points to itself (a loop): nothing to read") from exc
        raise ReadError(f"cannot open file: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise ReadError(f"not a regular file ({what}): not read")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_regular(path: str | os.PathLike) -> bytes:
    """The whole content of a regular file (ReadError for anything else, see :func:`open_regular`)."""
    with open_regular(path) as fh:
        return fh.read()


def sha256_of(path: str | os.PathLike) -> str:
    """SHA-256 of a regular file's content (ReadError for anything else)."""
    h = hashlib.sha256()
    with open_regular(path) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def shown_path(path: str | os.PathLike) -> str:
    """The path as text that any UTF-8 output can hold: undecodable bytes of the name appear as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
