"""Publish stage: plan the README edit and maintain the one tracker pull request."""
