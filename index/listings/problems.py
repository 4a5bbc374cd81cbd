"""Problems found in the input, as values: reading never raises for content."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the input, located so a person can go and look."""

    file: str
    line: int | None  # 1-based; None when the problem is the whole file
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"
