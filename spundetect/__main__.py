"""``python -m spundetect``: the same command line as the ``spundetect`` script.

Examples:
    ``python -m spundetect compare examples/original.txt examples/spun.txt``
"""

from spundetect.cli import main_entry

if __name__ == "__main__":
    main_entry()
