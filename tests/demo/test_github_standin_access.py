"""Who may do what on the stand-in, and at what cost: tokens, fine-grained permissions, forks, rate limits."""

from __future__ import annotations

import time

import github
import pytest
import requests

from tests.demo.standin_steps import README, TOKEN, push_branch
from tracker.demo import GitHubStandIn

READ_ONLY_PULLS = {"contents": "write", "pull_requests": "read", "issues": "write", "metadata": "read"}


def test_reads_are_public_but_writes_need_a_token(make_client, standin: GitHubStandIn):
    anonymous = make_client(token=None).get_repo("owner/list")
    assert anonymous.get_contents("README.md").decoded_content.decode() == README

    with pytest.raises(github.GithubException) as caught:
        anonymous.create_label("tracker", "ededed")

    assert (caught.value.status, caught.value.data["message"]) == (401, "Requires authentication")
    assert standin.repo().labels == {}


def test_an_unknown_token_is_bad_credentials(make_client, standin: GitHubStandIn):
    standin.add_token(TOKEN, "tracker-bot")
    assert make_client().get_user().login == "tracker-bot"

    with pytest.raises(github.BadCredentialsException):
        make_client(token="ghp_wrong").get_repo("owner/list")


def test_a_token_without_pull_request_write_gets_403(standin: GitHubStandIn, make_client):
    standin.add_token(TOKEN, "tracker-bot", READ_ONLY_PULLS)
    repo = make_client().get_repo("owner/list")
    push_branch(repo, "tracker/updates", README + "- Paper B\n")  # contents: write is enough for this

    with pytest.raises(github.GithubException) as caught:
        repo.create_pull(title="t", body="", head="tracker/updates", base="main")

    assert (caught.value.status, caught.value.data["message"]) == (
        403,
        "Resource not accessible by integration",
    )
    assert caught.value.headers["x-accepted-github-permissions"] == "pull_requests=write"
    assert standin.repo().pulls() == []


def test_the_token_is_never_logged_or_echoed(standin: GitHubStandIn):
    standin.add_token(TOKEN, "tracker-bot")
    url = f"{standin.url}/repos/owner/list"
    answers = [
        requests.get(url, headers={"Authorization": f"token {TOKEN}"}, timeout=5),
        requests.post(
            f"{url}/pulls", json={"head": "x"}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5
        ),
        requests.get(url, headers={"Authorization": f"token {TOKEN}-wrong"}, timeout=5),
    ]

    assert [answer.status_code for answer in answers] == [200, 422, 401]
    assert [entry.login for entry in standin.log] == ["tracker-bot", "tracker-bot", None]
    assert TOKEN not in repr(standin.log) and TOKEN not in repr(vars(standin))
    for answer in answers:
        assert TOKEN not in answer.text and TOKEN not in repr(dict(answer.headers))


def test_fork_mode_opens_the_pull_from_the_token_owners_fork(make_client, standin: GitHubStandIn):
    standin.add_token(TOKEN, "tracker-bot", {"metadata": "read", "pull_requests": "write"})
    upstream = make_client().get_repo("owner/list")

    fork = upstream.create_fork()
    push_branch(fork, "tracker/updates", README + "- Paper B\n")  # allowed: the token owns the fork
    pull = upstream.create_pull(title="t", body="", head="tracker-bot:tracker/updates", base="main")

    assert (fork.full_name, fork.fork, fork.parent.full_name) == ("tracker-bot/list", True, "owner/list")
    assert pull.head.repo.full_name == "tracker-bot/list" and pull.head.label == "tracker-bot:tracker/updates"
    found = upstream.get_pulls(state="open", head="tracker-bot:tracker/updates")
    assert [p.number for p in found] == [pull.number]
    standin.delete_branch("tracker/updates", repo="tracker-bot/list")
    assert upstream.get_pull(pull.number).state == "closed"


def test_every_answer_but_a_304_spends_the_budget(standin: GitHubStandIn):
    standin.set_rate_limit(remaining=2, limit=10)
    url = f"{standin.url}/repos/owner/list"

    answers = [requests.get(url, timeout=5) for _ in range(3)]

    remaining = [answer.headers["x-ratelimit-remaining"] for answer in answers]
    assert [answer.status_code for answer in answers] == [200, 200, 403] and remaining == ["1", "0", "0"]
    assert answers[2].json()["message"].startswith("API rate limit exceeded")
    assert (
        answers[0].headers["x-ratelimit-used"] == "9" and answers[0].headers["x-ratelimit-resource"] == "core"
    )


def test_pygithub_sees_the_primary_limit_and_waits_for_the_reset(make_client, standin: GitHubStandIn):
    standin.set_rate_limit(remaining=0, reset_in=3600)
    with pytest.raises(github.RateLimitExceededException):
        make_client().get_repo("owner/list")
    assert make_client().get_rate_limit().resources.core.remaining == 0  # /rate_limit is free

    standin.set_rate_limit(remaining=0, reset_in=1)
    repo = make_client(retry=github.GithubRetry(total=3)).get_repo("owner/list")
    assert repo.full_name == "owner/list"
    assert [entry.status for entry in standin.requests("GET", "/repos/owner/list$")] == [403, 403, 200]


def test_a_secondary_limit_is_retried_after_retry_after(make_client, standin: GitHubStandIn):
    repo = make_client(retry=github.GithubRetry(total=3)).get_repo("owner/list")
    standin.secondary_limit("POST", r"/labels$", retry_after=1)

    started = time.monotonic()
    repo.create_label("tracker", "ededed")

    assert time.monotonic() - started >= 0.9
    assert [entry.status for entry in standin.requests("POST", "/labels")] == [403, 201]
