"""Tangible results: figures every domain contributes, by year, country and organisation type."""
