"""Comparing two snapshots of a company: which statements pair up, and what changed."""
