"""Relevance and section models learned from the list itself, their explanations and evaluation."""
