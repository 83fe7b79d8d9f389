"""The bare loopback reference: a Starlette app under uvicorn answering one path with fixed bytes.

``python loopback_bare.py --port N --path /x --body FILE`` serves ``GET <path>`` with the bytes of
``FILE`` as ``application/json`` on 127.0.0.1, with the uvicorn settings that ``infrasim serve``
uses (default protocol and loop, no access log), until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def build_app(path: str, body: bytes) -> Starlette:
    """One GET route answering ``body``."""

    async def answer(request: Request) -> Response:
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route(path, answer, methods=["GET"])])


def main(argv: list[str] | None = None) -> int:
    """Serve until stopped."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--body", type=Path, required=True)
    args = parser.parse_args(argv)
    app = build_app(args.path, args.body.read_bytes())
    uvicorn.run(
        app, host="127.0.0.1", port=args.port, ws="none", access_log=False, log_level="warning"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
