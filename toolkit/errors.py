"""Errors the library raises; the CLI turns them into messages and exit codes."""


class ToolkitError(Exception):
    """Base class: a problem the user can act on, with a message that says how."""


class IngestError(ToolkitError):
    """An input file cannot be read as an article (empty, binary, undecodable...)."""


class ModelUnavailableError(ToolkitError):
    """The configured translation model cannot be loaded."""


class ConfigError(ToolkitError):
    """The configuration file or a flag holds an invalid value."""


class SignalInterrupt(KeyboardInterrupt):
    """A second SIGINT/SIGTERM during a run: stop at once. A KeyboardInterrupt, so that
    no `except Exception` on the way swallows it; `signum` gives the exit code."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
