"""``python -m athar`` runs the command line."""

from athar.cli import main

main()
