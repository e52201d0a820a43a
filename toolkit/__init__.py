"""French→English translation and alignment toolkit for newsrooms and research teams.

The library API (no printing, no exits) lives in the stage modules and `toolkit.pipeline`;
`toolkit.cli.main` is a thin command-line layer over it.
"""

__version__ = "0.1.0"
