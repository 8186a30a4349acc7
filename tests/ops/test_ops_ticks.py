"""The daemon's ticks job against the offline stack: nothing ticked costs one request and changes nothing;
a ticked "place in" box is acted on at once by `tracker publish`, as the Action does on a PR edit."""

from __future__ import annotations

import json

from github import Auth, Github

from tests.cli_runner import Invoke
from tracker.config import load_config
from tracker.demo import DemoStack
from tracker.listdoc.parse import parse_document
from tracker.publish.section_choice import ticked_choices
from tracker.scheduler import ticks_job


def test_a_ticked_box_is_published_by_the_ticks_job(demo_stack: DemoStack, tracker_cli: Invoke) -> None:
    code, out, _ = tracker_cli(["run", "--json"])
    opened = json.loads(out)
    assert code == 0 and opened["pr"]["action"] == "opened" and opened["needs_section"] >= 1
    check = ticks_job(load_config())
    before = len(demo_stack.github.log)
    assert check() is None  # nothing ticked: no run
    assert [(r.method, r.path.split("?")[0]) for r in demo_stack.github.log[before:]] == [
        ("GET", f"/repos/{demo_stack.list_repo}/pulls")
    ]

    number = opened["pr"]["number"]
    body = demo_stack.github.pull(number, demo_stack.list_repo).body
    box = next(line for line in body.splitlines() if line.lstrip().startswith("- [ ] place in "))
    ticked = box.replace("- [ ]", "- [x]")
    [choice], _ = ticked_choices(ticked)
    api = Github(base_url=demo_stack.github.url, auth=Auth.Token(demo_stack.token))  # the maintainer
    api.get_repo(demo_stack.list_repo).get_pull(number).edit(body=body.replace(box, ticked))

    report = check()
    assert report is not None and report.errors == [] and report.pr["action"] == "updated"
    assert report.placed == opened["placed"] + 1 and report.papers_new == 0  # publish: no fetching
    branch = demo_stack.github.read_file("tracker/updates", "README.md", demo_stack.list_repo) or ""
    filed = [e for e in parse_document(branch).entries() if choice.key in e.url]
    assert [" > ".join(e.section_path) for e in filed] == [choice.section]
    assert check() is None  # the new body has no ticked box
