"""The one error type users see: bad input, reported as one line and exit status 1."""


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
