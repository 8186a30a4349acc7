"""tracker: keeps a curated awesome list of papers up to date through one reviewed pull request."""

__version__ = "0.1.0"
