"""The small world the fault tests fetch from: what the fakes hold before night 1, and the config on top
of the source tests' settings (every source on, short timeouts, the sentinel token)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.hardening.secret_sweep import SENTINEL_TOKEN

BUILT = datetime(2026, 1, 7, 5, tzinfo=UTC)
README = """# Awesome MLLM

## Papers
1. [Paper three](https://arxiv.org/abs/2601.00003) [code](https://github.com/Org/Model)
2. [Paper four](https://arxiv.org/abs/2601.00004) [code](https://github.com/Org/Tool)
"""
WORLD = {
    "sources": {
        "arxiv": {"rss": True, "page_size": 5, "timeout_seconds": 0.5},
        "github": {
            "track_list_repos": True,
            "include_prereleases": True,
            "timeout_seconds": 0.5,
            "token": SENTINEL_TOKEN,  # every fault below is also a chance to leak it: the sweep looks
        },
    }
}
