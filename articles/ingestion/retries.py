"""How often a step is tried: the delivery limit every task and service shares, and the backoff."""

from __future__ import annotations

MAX_ATTEMPTS = 3  # deliveries of one task before its work is recorded as failed


class RetryLater(Exception):
    """A temporary failure with deliveries left: the caller should try again after `delay`
    seconds, on the slow queue when `slow` (the fetch ran into its deadline)."""

    def __init__(self, reason: str, delay: float, *, slow: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.delay = delay
        self.slow = slow


def retry_delay(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff (2s, 8s, 32s...), or the server's Retry-After when it asks for longer."""
    delay = 2.0 * 4 ** max(attempt - 1, 0)
    if retry_after:
        delay = max(delay, min(retry_after, 600.0))
    return min(delay, 600.0)
