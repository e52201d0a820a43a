"""French→English translation and alignment toolkit for newsrooms and research teams.

The library API (no printing, no exits) lives in the stage modules, `toolkit.pipeline`
(their composition) and `toolkit.batch` (the batch job over an output folder);
`toolkit.cli.main` is a thin command-line layer over it.
"""

__version__ = "0.1.0"
