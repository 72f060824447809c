"""Editions: snapshots of the catalogue, the changes between editions, stamping a new edition."""
