"""Exports researchers and courts use: claims as JSON Lines (ACLED CSV, GeoJSON and bundles follow)."""
