"""``python -m scholargraph``: the command line (same as the ``scholargraph`` command)."""

from .cli import main

main()
