"""Athar: preserve open-source reports of war as evidence, and read what they claim."""

__version__ = "0.1.0"
