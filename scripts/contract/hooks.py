"""Schemathesis hooks for the contract tier, loaded through SCHEMATHESIS_HOOKS.

An Idempotency-Key names one write, and a second write with the same key gets the first one's
response back. That rule depends on what was sent before, so no schema states it: schemathesis
draws keys independently and, left alone, sends a key again for a new write, e.g. after the task it
created was deleted, and then reads the replayed 201 as a task that vanished. Each valid key it
draws is made unique by a counter, keeping the form it was drawn in (quoted or bare); an invalid
one is sent as drawn. Reusing a key is tested where the test controls what came before.
"""

import itertools
import re

import schemathesis

HEADER = "Idempotency-Key"
QUOTED = re.compile(r'"([\x20\x21\x23-\x5b\x5d-\x7e]{1,255})"')
BARE = re.compile(r"[A-Za-z0-9._~:+/=-]{1,255}")
LIMIT = 255
writes = itertools.count()


def unique(key: str) -> str:
    suffix = f".{next(writes)}"
    quoted = QUOTED.fullmatch(key)
    if quoted:
        return f'"{quoted.group(1)[: LIMIT - len(suffix)]}{suffix}"'
    if BARE.fullmatch(key):
        return key[: LIMIT - len(suffix)] + suffix
    return key


@schemathesis.hook
def map_headers(context, headers):
    if headers and isinstance(headers.get(HEADER), str):
        return {**headers, HEADER: unique(headers[HEADER])}
    return headers
