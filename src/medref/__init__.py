"""medref: an offline medication reference for the terminal."""

__version__ = "0.1.0"
