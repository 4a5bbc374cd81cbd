"""Opening a paper's link: a browser where there is a display, the clipboard over SSH.

Over SSH a browser would start on the server, where nobody sees it; there the
link is copied with OSC 52 (it reaches the local clipboard through SSH and
tmux) and shown as a clickable hyperlink instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import webbrowser
from collections.abc import Mapping

from index.config import browser_words


def can_launch_browser(environ: Mapping[str, str] = os.environ) -> bool:
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def browser_command(template: str, url: str) -> list[str]:
    """`firefox %u` -> ["firefox", url]; the URL is one argument, never shell text, never the program.
    OSError for a template that names no program (the config check reports it at load)."""
    try:
        words = browser_words(template)
    except ValueError as error:
        raise OSError(f"the config's browser {error}") from None
    if not any("%u" in word for word in words):
        words.append("%u")
    return [word.replace("%u", url) for word in words]


def launch_browser(url: str, template: str | None) -> None:
    """Start the browser detached from the terminal; raises OSError when it cannot start."""
    if template is None:
        if not webbrowser.open(url):
            raise OSError("no browser found")
        return
    subprocess.Popen(
        browser_command(template, url), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )


def open_or_copy(app, url: str, template: str | None) -> None:
    """Open `url` in a browser where one can be seen, else copy it (OSC 52) and say so; `url` is
    a safe link (index.listings.links.safe_url), shown through the display boundary all the same."""
    from tui.safe_text import visible

    if app.is_web:  # under `papershelf serve`: the user's own browser opens it, in a new tab
        app.open_url(url, new_tab=True)
        app.notify(f"Opened in a new tab: {visible(url)}", markup=False)
        return
    if can_launch_browser():
        try:
            launch_browser(url, template)
            app.notify(f"Opening {visible(url)}", markup=False)
            return
        except OSError as error:
            app.notify(f"Could not start the browser ({error}); the link is copied.", severity="warning")
    app.copy_to_clipboard(url)
    # The abstract pane lists the same link as a hyperlink, clickable where the terminal allows.
    app.notify(f"Link copied (no browser is started here): {visible(url)}", markup=False)
