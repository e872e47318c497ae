"""The version of ecociv: written here only (pyproject.toml reads it with hatchling)."""

__version__ = "0.1.0.dev0"
