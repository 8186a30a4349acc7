"""A real `tracker fetch` in a child process reads a 1 GB releases.atom in bounded memory.

The loopback server streams the feed (chunked, so no Content-Length gives it away); the child must stop at
MAX_RESPONSE_BYTES with one clear line and a peak memory close to that of a fetch of a small feed. Without
the cap the child would hold the whole gigabyte (twice, while requests joins the chunks).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tests.fakes.github_server import FakeRelease, FakeRepo, GitHubWebFake, utc
from tests.hardening.raw_server import RawServer, respond, stream
from tracker.sources.http import MAX_RESPONSE_BYTES

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("memory_probe.py")
MB = 2**20
STREAMED_MB = 1024


def _config(tmp_path: Path, server: RawServer) -> Path:
    settings: dict[str, Any] = {
        "list": {"repo": "owner/awesome", "path": "README.md", "branch": "main"},
        "state": {"url": f"sqlite:///{tmp_path / 'state.db'}"},
        "sources": {
            "arxiv": {"enabled": False},
            "github": {
                "server_url": server.url(),
                "api_url": server.url(),
                "repos": ["Org/Model"],
                "track_list_repos": False,
                "include_prereleases": True,
                "timeout_seconds": 10,
            },
        },
    }
    path = tmp_path / "tracker.yaml"
    path.write_text(yaml.safe_dump(settings))
    return path


def _fetch_in_child(tmp_path: Path, server: RawServer) -> tuple[dict[str, Any], str]:
    """Exit code and peak memory of `tracker fetch` in a fresh process, and its stderr."""
    tmp_path.mkdir()
    out = tmp_path / "probe.json"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "GITHUB_"))}
    environ.update(PYTHONPATH=str(ROOT), TRACKER_NOW="2026-01-07T03:00:00Z")
    args = [sys.executable, str(PROBE), str(out), "--config", str(_config(tmp_path, server)), "fetch"]
    result = subprocess.run(args, env=environ, capture_output=True, text=True, timeout=120)
    return json.loads(out.read_text()), result.stderr


def _atom_megabytes() -> Iterator[bytes]:
    """A releases.atom that never ends: a feed head, then 1 MB entries."""
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
    entry = b"<entry><title>" + b"x" * (MB - 40) + b"</title></entry>\n"
    for _ in range(STREAMED_MB):
        yield entry


def test_a_gigabyte_feed_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    small = GitHubWebFake({}).atom(FakeRepo("Org/Model", [FakeRelease("v1.0", utc(2026, 1, 2))]))
    server = RawServer(default=respond(200, small, {"Content-Type": "application/atom+xml"})).start()
    try:
        baseline, baseline_err = _fetch_in_child(tmp_path / "small", server)
        server.default = stream(_atom_megabytes, {"Content-Type": "application/atom+xml"})
        huge, huge_err = _fetch_in_child(tmp_path / "huge", server)
    finally:
        server.stop()

    assert baseline["exit"] == 0, baseline_err
    assert huge["exit"] == 1
    cap_mb = MAX_RESPONSE_BYTES // MB
    assert huge_err.strip().splitlines()[-1].startswith("error: github:releases:org/model: 127.0.0.1:")
    assert f"response larger than {cap_mb} MB; refused" in huge_err
    grown = huge["peak_mib"] - baseline["peak_mib"]
    print(f"peak memory: {baseline['peak_mib']:.0f} MiB (small feed), {huge['peak_mib']:.0f} MiB (1 GB feed)")
    assert grown < 2 * cap_mb + 40, (baseline, huge)  # the body buffer and its final copy, never the stream
