"""The one error type users see: bad input, reported as one line and exit status 1; and a way to
keep libraries' own log lines from adding to that line."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class PlangraphInputError(Exception):
    """Input the tool cannot use (empty, binary, undecodable, malformed …).

    The message names the file and the problem in one line; the CLI prints it without a traceback.
    """

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotImplementedYet(Exception):
    """A contract command whose issue has not landed yet (exit status 2)."""


@contextmanager
def quiet_logger(name: str) -> Iterator[None]:
    """Silence a library's logger for a block: pypdf logs "EOF marker not found" and rdflib a
    traceback per ill-typed literal, where the user should see one line (or the shapes report)."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
