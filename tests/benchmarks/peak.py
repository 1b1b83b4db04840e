"""`python -m tests.benchmarks.peak COMMAND ARGS…`: run a manage.py command, then print its
own peak resident memory on stderr as `peak-rss-kb N`.

The peak is read from /proc (VmHWM: the high-water mark of this program's memory), not
from getrusage: Linux carries the memory of the process a command was started from into
ru_maxrss across exec, so a command started by the benchmark would report the benchmark's
own size.
"""

import sys
from pathlib import Path


def peak_rss_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["manage.py", *sys.argv[1:]])
    finally:
        print(f"peak-rss-kb {peak_rss_kb()}", file=sys.stderr)
