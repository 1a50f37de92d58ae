"""Steps a stop signal must not cut in two.

``zwgk`` turns Ctrl-C and SIGTERM into exceptions, so that a stopped run unwinds cleanly, and an exception can
land anywhere. Two steps must not be cut: forking a worker (raised inside the fork's bookkeeping, the at-fork
handlers of logging and threading, the exception is printed and lost, and the run would go on), and publishing
the outputs (renaming the finished files into place: cut half way, the folder would mix two runs). During these
the signals are held, and arrive as soon as the step is done.
"""
from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def stop_signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM during a step that must not be cut in two, deliver them after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
