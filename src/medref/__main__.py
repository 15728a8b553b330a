"""``python -m medref`` runs the CLI."""

from medref.cli import main

if __name__ == "__main__":
    main()
