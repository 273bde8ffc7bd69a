"""Kompas: an open-source Career Compass for engineering students and employees."""

__version__ = "0.1.0"
