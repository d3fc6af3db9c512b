"""The GitHub Actions workflow (.github/workflows/site.yml): hardened, and
each deploy builds the site once. The workflow cannot run here; what its
jobs would run is read from the file and, for `make`, asked of make itself
(`make -n`). tests/test_deploy_ssh.py runs the SSH deploy step's commands."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
DEPLOY_JOBS = {"pages": "github-pages", "rsync": "rsync", "s3": "s3"}


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text())


def steps(workflow):
    return [
        (name, step) for name, job in workflow["jobs"].items() for step in job["steps"]
    ]


def test_zizmor_finds_nothing():
    """zizmor (pinned in requirements-dev.txt), offline: template injection,
    unpinned actions, kept credentials, excessive permissions, cache
    poisoning… (Not actionlint: it is a Go program with no pinned package
    this project's registries offer.)"""
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_action_is_pinned_by_commit_with_its_tag():
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", WORKFLOW.read_text(), re.M)
    assert len(uses) >= 8
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


def test_no_checkout_keeps_its_credentials(workflow):
    checkouts = [
        step
        for _, step in steps(workflow)
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert len(checkouts) == 1 + len(DEPLOY_JOBS)
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False


def test_no_expression_is_pasted_into_a_script(workflow):
    """Variables and secrets reach scripts through `env` only."""
    for job, step in steps(workflow):
        assert "${{" not in step.get("run", ""), (job, step.get("name"))


def test_each_job_gets_only_the_permissions_it_needs(workflow):
    assert workflow["permissions"] == {}
    granted = {name: job["permissions"] for name, job in workflow["jobs"].items()}
    assert granted == {
        "test": {"contents": "read"},
        "pages": {"contents": "read", "pages": "write", "id-token": "write"},
        "rsync": {"contents": "read"},
        "s3": {"contents": "read", "id-token": "write"},
        "keepalive": {"actions": "write"},
    }


def test_s3_on_aws_signs_in_with_oidc(workflow):
    job = workflow["jobs"]["s3"]
    [login] = [
        s
        for s in job["steps"]
        if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")
    ]
    assert login["with"]["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"
    assert "aws-access-key-id" not in login["with"]
    keyed = [s for s in job["steps"] if "AWS_ACCESS_KEY_ID" in s.get("env", {})]
    assert [s["if"] for s in keyed] == ["vars.AWS_ROLE_ARN == ''"]  # other stores only


def test_a_pull_request_from_a_branch_runs_once(workflow):
    """The push of the branch runs the tests; its pull request does not
    run them again (a fork's does)."""
    condition = " ".join(workflow["jobs"]["test"]["if"].split())
    assert condition == (
        "github.event_name != 'pull_request' || "
        "github.event.pull_request.head.repo.full_name != github.repository"
    )
    assert {"push", "pull_request"} <= set(workflow[True])


def test_the_schedule_is_kept_alive(workflow):
    job = workflow["jobs"]["keepalive"]
    assert job["if"] == "github.event_name == 'schedule'"
    [step] = job["steps"]
    assert step["run"].startswith("gh api --method PUT ")
    assert step["run"].endswith(f'/actions/workflows/{WORKFLOW.name}/enable"')


def make_commands(script):
    """The arguments of each `make` command in a step's script."""
    return [
        shlex.split(line, comments=True)[1:]
        for line in script.splitlines()
        if line.strip().startswith("make ")
    ]


def runs(job):
    """The `make` commands one run of `job` can execute: those of the steps
    without a condition, with those of each condition in turn (the steps
    with a condition are alternatives, as for S3 with or without a role)."""
    steps = [step for step in job["steps"] if make_commands(step.get("run", ""))]
    conditions = sorted({step.get("if") for step in steps} - {None}) or [None]
    return [
        [
            command
            for step in steps
            if step.get("if") in (None, condition)
            for command in make_commands(step["run"])
        ]
        for condition in conditions
    ]


def builds(commands):
    """How many production builds the `make` commands run, as `make -n`
    prints them."""
    count = 0
    for arguments in commands:
        printed = subprocess.run(
            ["make", "-n", *arguments],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        count += printed.stdout.count("-s publishconf.py")
    return count


@pytest.mark.parametrize("job", DEPLOY_JOBS)
def test_each_deploy_builds_the_site_once(workflow, job):
    deploy = workflow["jobs"][job]
    assert deploy["needs"] == "test"
    assert f"'{DEPLOY_JOBS[job]}'" in deploy["if"]
    for commands in runs(deploy):
        assert builds(commands) == 1, commands
