"""Text an attacker can put in a listing file, a file name, the store or the config.

Every surface that shows outside text is tested with these: none of them may
reach the terminal as anything but visible characters.
"""

from __future__ import annotations

import base64

from tests.listing_text import entry, listing, org_meta

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
PAYLOAD = base64.b64encode(b"rm -rf ~").decode()

HOSTILE = {
    "osc52_clipboard": f"{ESC}]52;c;{PAYLOAD}{ST}",
    "osc52_bel": f"{ESC}]52;c;{PAYLOAD}{BEL}",
    "csi_colour": f"{ESC}[31;1mred{ESC}[0m",
    "full_reset": f"{ESC}c",
    "decaln": f"{ESC}#8",
    "osc8_link": f"{ESC}]8;;https://evil.example/{ST}click{ESC}]8;;{ST}",
    "title_set": f"{ESC}]0;owned{BEL}",
    "c1_csi": "\x9b31m",
    "c1_osc": "\x9d52;c;" + PAYLOAD + "\x9c",
    "bell_del_c0": "a\x07b\x01c\x7fd\x1f",
    "backspaces": "safe\x08\x08\x08\x08evil",
    "carriage_return": "shown\rhidden",
    "zero_width": "ze\u200bro\u200cwi\u200ddth\u2060\ufeff",
    "bidi_override": "abc\u202edcba\u202c\u2066x\u2069",
    "combining_stack": "Z" + "\u0336\u0337\u0338\u20d2\u0489" * 20,
    "cjk_wide": "深度学习的大规模语言模型研究与应用分析报告",
    "emoji": "🧪🔬📄🤖 papers ✨👩‍🔬🏳️‍🌈",
    "markup": "[bold red]not bold[/] [link=https://evil.example]x[/link] [@click=app.quit]q[/]",
    "rich_emoji_code": ":warning: :skull:",
    "long_word": "x" * 900,
    "private_use": "\ue000\uf8ff\U000f0000",
    "line_separator": "one\u2028two\u2029three",
}

# A URL that closes the app's own hyperlink and then resets the terminal.
HOSTILE_URLS = [
    f"https://example.com/a{BEL}{ESC}#8{ESC}c",
    f"https://example.com/b{ESC}]52;c;{PAYLOAD}{BEL}",
    "https://example.com/c\x9b2J",
    "https://example.com/d\u200b\u202e",
    "javascript:alert(1)",
    "file:///etc/passwd",
]


def hostile_titles() -> list[str]:
    return [f"Paper {name}: {text}" for name, text in HOSTILE.items()]


def hostile_listing(date: str = "Nov 4") -> str:
    """A listing whose titles, abstracts, organisations and links carry every hostile string."""
    entries = []
    for number, (name, text) in enumerate(HOSTILE.items()):
        url = HOSTILE_URLS[number % len(HOSTILE_URLS)]
        title = f"Paper {name}: {text}"
        body = f"hostile {name} {text} see {url} and https://github.com/ok/{name} ."
        entries.append(entry(title, body, org_meta(f"org{number} {text[:40]}", "Oct 2, 2024 7")))
    return listing(date, *entries)
