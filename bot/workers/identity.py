"""The name a process signs its claims and leases with: host, pid and a random tail (a pid can
be reused after a restart, the tail cannot)."""

from __future__ import annotations

import functools
import os
import secrets
import socket


@functools.cache
def instance_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"
