"""Reconcile claims into incidents: source registry, independence, grades."""
