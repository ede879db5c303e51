"""Run a local fake HTTP service on a free 127.0.0.1 port for the length of a `with` block
(the fake CT.gov API and the fake CTRP service share it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


@contextmanager
def run_server(server: ThreadingHTTPServer, fake, prefix: str) -> Iterator[str]:
    """Serve until the block ends; yields the base URL `http://127.0.0.1:<port><prefix>`, also
    set as `fake.base_url`."""
    # A short poll interval keeps shutdown (once per test) quick.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    try:
        yield fake.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
