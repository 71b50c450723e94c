"""Helpers for making sample content: the demo agency, test fixtures and benchmark trees."""
