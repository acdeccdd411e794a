"""plangraph: Chinese government plans as a knowledge graph with provenance."""

__version__ = "0.1.0"

__all__ = ["__version__"]
