"""Start-up without the cyclic garbage collector.

Before its first frame the reader creates some 50,000 objects that live as long
as the app (modules, Textual's classes, styles and widgets) and under 2,000 that
are cyclic garbage. The collector still ran about 115 times on the way, walking
the survivors again and again: 10-15% of the time to the first frame at 100,000
papers (tests/benchmarks/reader.py). So the installed command pauses it before
its imports and resumes it where long work that makes garbage begins: the
reader's first frame drawn, a sub-command, the build of a first index.
"""

from __future__ import annotations

import gc


def pause() -> None:
    gc.disable()


def resume() -> None:
    """Collect again, never walking what start-up made: it is frozen, as it lives on.

    Frozen with it are start-up's ~2,000 objects of cyclic garbage (about 0.2 MB),
    never freed: a full collection to free them first would walk everything once more.
    A no-op when the collector runs already (the app started by a test, say).
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
