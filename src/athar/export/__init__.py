"""Exports researchers and courts use: JSON Lines, ACLED-compatible CSV, GeoJSON and evidence bundles."""
