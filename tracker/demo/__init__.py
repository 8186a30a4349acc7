"""Offline stand-ins for the services tracker talks to, so the demo (and tests) run with no network.

`GitHubStandIn` is a stateful fake of the GitHub REST API, driven by the real PyGithub client.
"""

from tracker.demo.github_api import GitHubStandIn, Logged

__all__ = ["GitHubStandIn", "Logged"]
