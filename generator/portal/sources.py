"""Where an agency's content/ is: its folder, or a checkout of its repository kept beside the
portal's output (fetched again on every build; git leaves unchanged files untouched, so an
unchanged agency stays unchanged for the build's fingerprint)."""
from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..gitcmd import git_output
from ..i18n import _
from .config import Agency


def content_dir(agency: Agency, checkouts: Path) -> Path:
    """The agency's content/ folder; a repository is cloned or brought up to its branch first.
    Raises ConfigError (that agency only fails) when git cannot reach it."""
    if agency.path is not None:
        return agency.path / "content"
    assert agency.git is not None and agency.branch is not None
    checkout = checkouts / agency.slug
    if (checkout / ".git").is_dir():
        done = (git_output(["fetch", "--quiet", "--depth", "1", "origin", agency.branch], checkout) is not None
                and git_output(["reset", "--quiet", "--hard", "FETCH_HEAD"], checkout) is not None)
    else:
        checkouts.mkdir(parents=True, exist_ok=True)
        done = git_output(["clone", "--quiet", "--depth", "1", "--branch", agency.branch, "--single-branch",
                           agency.git, str(checkout)], checkouts) is not None
    if not done:
        raise ConfigError(_("git could not fetch branch {branch} of {repo}; check the address and the branch in "
                            "portal.yml").format(branch=agency.branch, repo=agency.git))
    if not (checkout / "content").is_dir():
        raise ConfigError(_("{repo} (branch {branch}) has no content/ folder at its root").format(
            repo=agency.git, branch=agency.branch))
    return checkout / "content"
