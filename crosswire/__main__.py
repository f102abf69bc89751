"""`python -m crosswire` is the `crosswire` command."""
from crosswire.cli import main

main()
