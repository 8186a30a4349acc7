"""Offline stand-ins for the services tracker talks to, so the demo (and tests) run with no network.

`GitHubStandIn` is a stateful fake of the GitHub REST API (and of releases.atom at its web root), driven by
the real PyGithub client; `ArxivStandIn` serves the arXiv API and RSS listings; `DemoStack` runs both over
the bundled real data (tracker/demo/data) with a config pointing at them.
"""

from tracker.demo.arxiv_standin import ArxivStandIn
from tracker.demo.github_api import GitHubStandIn
from tracker.demo.loopback import Logged
from tracker.demo.stack import DemoStack

__all__ = ["ArxivStandIn", "DemoStack", "GitHubStandIn", "Logged"]
