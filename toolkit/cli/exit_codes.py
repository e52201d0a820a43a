"""The exit codes of `toolkit`, one home for every command module and for tests.

  0    all articles done (or skipped as already done)
  1    some articles failed (the rest were written; see the summary and `toolkit status`)
  2    bad usage or configuration
  3    the translation model cannot be loaded
  4    the output folder cannot be created or written
  75   another run holds the output folder's lock (EX_TEMPFAIL: try again later)
  130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM: finished articles are recorded,
       the rest stay pending; rerunning the same command finishes the job
  141  the reader of the output went away (`toolkit status | head`): exits quietly
"""

from __future__ import annotations

import signal

EXIT_OK, EXIT_FAILED_ARTICLES, EXIT_USAGE, EXIT_MODEL = 0, 1, 2, 3
EXIT_OUTPUT_DIR, EXIT_BUSY = 4, 75
EXIT_SIGINT, EXIT_SIGTERM = 130, 143  # 128 + signal number, the shell convention
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE  # 141: what a tool killed by SIGPIPE gives
