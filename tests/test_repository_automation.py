"""Workflows and hooks call only commands the CLI really has, with least privilege and pinned
actions; the issue forms are the ones the data generates."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from toolbox_build.cli import _parser

from .conftest import REPO_ROOT

WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
SHELL_OPERATORS = {">", ">>", "<", "|", "||", "&&", ";", "2>", "2>&1", "&"}
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
TAG_COMMENT = re.compile(r"uses:\s*(\S+)\s+#\s*v\d+(\.\d+)*\s*$")
# Only the job that deploys may write to Pages or mint an OIDC token; only the job that turns
# an approved proposal into a pull request may write contents, pull requests and issues.
WRITE_SCOPES = {
    "pages": {("publish.yml", "deploy")},
    "id-token": {("publish.yml", "deploy")},
    "contents": {("issue-proposal.yml", "propose")},
    "pull-requests": {("issue-proposal.yml", "propose")},
    "issues": {("issue-proposal.yml", "propose")},
    # Only the job that starts the pull request check on a proposal's branch may start
    # workflows; it checks out nothing.
    "actions": {("issue-proposal.yml", "check")},
}
PULL_REQUEST = REPO_ROOT / ".github" / "workflows" / "pull-request.yml"
PROPOSAL = REPO_ROOT / ".github" / "workflows" / "issue-proposal.yml"


def _load(workflow):
    return yaml.safe_load(workflow.read_text(encoding="utf-8"))


def _jobs(workflow):
    return _load(workflow)["jobs"].items()


def _toolbox_calls(script: str) -> list[list[str]]:
    calls = []
    for line in script.splitlines():
        words = shlex.split(line.replace("${{", "").replace("}}", ""), comments=True)
        for i, word in enumerate(words):
            if word.endswith("toolbox") and word.split("/")[-1] == "toolbox":
                call = []
                for arg in words[i + 1 :]:
                    if arg in SHELL_OPERATORS:
                        break
                    call.append(arg)
                calls.append(call)
    return calls


def test_there_are_workflows_for_pull_requests_main_links_and_proposals():
    names = {p.stem for p in WORKFLOWS}
    assert {"pull-request", "publish", "link-check", "issue-proposal"} <= names


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_toolbox_command_in_a_workflow_parses(workflow):
    calls = []
    for _, job in _jobs(workflow):
        for step in job.get("steps", []):
            calls += _toolbox_calls(step.get("run", ""))
    assert calls, "the workflow calls no toolbox command"
    for call in calls:
        _parser().parse_args(call)  # SystemExit (a failure) for an unknown command or flag


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_tag_as_comment(workflow):
    text = workflow.read_text(encoding="utf-8")
    uses_lines = [line for line in text.splitlines() if re.match(r"^\s*(-\s*)?uses:", line)]
    assert uses_lines
    for line in uses_lines:
        comment = TAG_COMMENT.search(line)
        assert comment, f"no '# vX.Y.Z' after: {line.strip()}"
        assert PINNED.match(comment.group(1)), f"not pinned to a full commit SHA: {line.strip()}"
    steps = [s for _, job in _jobs(workflow) for s in job.get("steps", []) if "uses" in s]
    assert len(steps) == len(uses_lines)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_read_only_by_default_and_written_only_where_needed(workflow):
    data = _load(workflow)
    assert data["permissions"] in ({}, {"contents": "read"})
    for name, job in _jobs(workflow):
        assert "permissions" in job, f"job {name} inherits its permissions"
        for scope, level in job["permissions"].items():
            if level == "write":
                assert (workflow.name, name) in WRITE_SCOPES.get(scope, set()), (
                    f"job {name} may write {scope}"
                )
            else:
                assert level in ("read", "none")
    for scope, places in WRITE_SCOPES.items():
        for file_name, job_name in places:
            if file_name == workflow.name:
                assert dict(_jobs(workflow))[job_name]["permissions"][scope] == "write"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_timeout(workflow):
    for name, job in _jobs(workflow):
        assert isinstance(job.get("timeout-minutes"), int), f"job {name} has no timeout-minutes"
        assert 0 < job["timeout-minutes"] <= 60


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_no_checkout_keeps_credentials(workflow):
    # Even the job that pushes: create-pull-request is given its token and removes its own
    # credential afterwards, so nothing later in the job can read a token from .git/config.
    checkouts = [
        (name, step)
        for name, job in _jobs(workflow)
        for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    for name, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, name
    for name, job in _jobs(workflow):
        for step in job.get("steps", []):
            if "create-pull-request" in step.get("uses", ""):
                assert step["with"]["token"] == "${{ github.token }}", name


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_no_event_text_is_expanded_inside_a_script(workflow):
    # ${{ github.event.* }}, github.head_ref or github.base_ref inside `run:` is script
    # injection; such values go through `env:` and are quoted by the shell.
    for _, job in _jobs(workflow):
        for step in job.get("steps", []):
            for expression in re.findall(r"\$\{\{(.*?)\}\}", step.get("run", "")):
                assert not re.search(r"github\.(event|head_ref|base_ref)", expression), expression


def _events(data: dict) -> dict:
    return data[True] if True in data else data["on"]  # YAML 1.1 reads `on` as true


def test_pull_requests_from_forks_run_with_a_read_only_token():
    events = _events(_load(PULL_REQUEST))
    assert "pull_request" in events
    assert "pull_request_target" not in events


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_dispatch_inputs_reach_scripts_only_through_env(workflow):
    # ${{ inputs.* }} / ${{ github.event.inputs.* }} inside `run:` would put the text typed in
    # "Run workflow" (or sent by a dispatch) into the script itself.
    for _, job in _jobs(workflow):
        for step in job.get("steps", []):
            for expression in re.findall(r"\$\{\{(.*?)\}\}", step.get("run", "")):
                assert not re.search(r"\binputs\.|needs\.|steps\.", expression), expression


def test_the_pull_request_check_can_be_dispatched_with_a_base_branch():
    data = _load(PULL_REQUEST)
    dispatch = _events(data)["workflow_dispatch"]
    base = dispatch["inputs"]["base"]
    assert base["type"] == "string" and base["required"] is False and base["default"] == ""
    # Two dispatched runs must not cancel each other: the group names the branch then.
    assert "github.ref" in data["concurrency"]["group"]
    steps = data["jobs"]["check"]["steps"]
    names = [s.get("name", s.get("uses", "")) for s in steps]
    base_step = next(s for s in steps if s.get("id") == "base")
    validate = next(s for s in steps if "validate --changed" in s.get("run", ""))
    assert names.index(base_step["name"]) < names.index(validate["name"])
    assert base_step["env"]["BASE_REF"] == (
        "${{ github.base_ref || inputs.base || github.event.repository.default_branch }}"
    )
    assert validate["env"]["BASE_REF"] == "${{ steps.base.outputs.ref }}"
    assert '"origin/$BASE_REF"' in validate["run"]


@pytest.mark.parametrize(
    ("base", "accepted"),
    [
        ("main", True),
        ("release/2025-02", True),
        ("voorstel/issue-12", True),
        ("", False),
        ("-main", False),
        ("--upload-pack=touch x", False),
        ("main..HEAD", False),
        ("main; touch x", False),
        ("$(touch x)", False),
        ("main\nref=evil", False),
        ("refs/heads/main.lock", False),
    ],
)
def test_the_base_branch_input_is_checked_before_use(base, accepted, tmp_path):
    import subprocess

    step = next(s for s in _load(PULL_REQUEST)["jobs"]["check"]["steps"] if s.get("id") == "base")
    output = tmp_path / "output"
    output.write_text("", encoding="utf-8")
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", "BASE_REF": base, "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode == 0) is accepted, result.stdout + result.stderr
    assert output.read_text(encoding="utf-8") == (f"ref={base}\n" if accepted else "")
    assert not (REPO_ROOT / "x").exists()
    if not accepted:
        assert result.stdout == "::error::de basis (invoer 'base') is geen geldige branchnaam\n"


def test_a_proposals_pull_request_gets_the_pull_request_check():
    data = _load(PROPOSAL)
    propose, check = data["jobs"]["propose"], data["jobs"]["check"]
    assert propose["outputs"]["branch"] == "${{ steps.pull-request.outputs.pull-request-branch }}"
    assert check["needs"] == "propose"
    assert "created" in check["if"] and "updated" in check["if"]
    assert check["permissions"] == {"actions": "write"}
    assert "actions" not in propose["permissions"]
    (step,) = check["steps"]
    assert "uses" not in step, "the job that may start workflows runs no action and no checkout"
    (command,) = [line for line in step["run"].splitlines() if "gh workflow run" in line]
    words = shlex.split(command)
    assert words[:4] == ["gh", "workflow", "run", "pull-request.yml"]
    assert words[words.index("--ref") + 1] == "$BRANCH"
    assert words[words.index("-f") + 1] == "base=$BASE"
    assert step["env"]["BRANCH"] == "${{ needs.propose.outputs.branch }}"
    assert step["env"]["BASE"] == "${{ github.event.repository.default_branch }}"
    assert step["env"]["GH_TOKEN"] == "${{ github.token }}"
    # The dispatched workflow is the check every pull request gets, and it accepts the input.
    assert "base" in _events(_load(PULL_REQUEST))["workflow_dispatch"]["inputs"]


def test_proposals_become_pull_requests_only_after_the_approval_label():
    data = _load(PROPOSAL)
    assert _events(data) == {"issues": {"types": ["labeled"]}}
    condition = data["jobs"]["propose"]["if"]
    assert "github.event.label.name == 'goedgekeurd'" in condition


def test_pre_commit_hook_runs_the_validator():
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    calls = [c for e in entries for c in _toolbox_calls(e)]
    assert ["validate"] in calls
    for call in calls:
        _parser().parse_args(call)
