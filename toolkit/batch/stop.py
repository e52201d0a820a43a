"""Stopping a batch run cleanly: the stop flag the job polls, and the exception that
abandons the chunk in progress when a stop is seen (docs/batch.md, "Stopping")."""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from typing import Callable, Iterator


class RunInterrupted(Exception):
    """Raised inside a chunk when a stop was requested; the chunk is abandoned."""


class StopRequest:
    """A stop flag for `run_translate(should_stop=...)`: calling it says whether a stop
    was asked for, and the job polls it between translation batches and articles.

    The stages that never poll (cleaning, parsing and the quote stage of a chunk; on a
    huge article they run for minutes) run inside `raising()`: a request there raises
    RunInterrupted at once, so a stop is honoured within seconds in every stage. That is
    safe because those stages write nothing; the chunk is abandoned as on a polled stop.
    """

    def __init__(self) -> None:
        self.requested = False
        self._raise_now = False

    def __call__(self) -> bool:
        return self.requested

    def request(self) -> None:
        self.requested = True
        if self._raise_now:
            self._raise_now = False  # once: the handler of the exception may not be interrupted
            raise RunInterrupted()

    @contextmanager
    def raising(self) -> Iterator[None]:
        if self.requested:
            raise RunInterrupted()
        self._raise_now = True
        try:
            yield
        finally:
            self._raise_now = False


def stop_raising(stop: Callable[[], bool]):
    """`stop.raising()` for a StopRequest; any other should_stop callable is only polled."""
    return stop.raising() if isinstance(stop, StopRequest) else nullcontext()
