"""The HTTP side of every adapter, written once: URL, headers, timeout, retries, JSON, contract.

``HttpCore.get(operation, ...)`` looks the operation up in the consumer contract (path
template, envelope key), sends one GET through the caller's ``httpx.Client`` with the
per-request timeout, retries what ``RetryPolicy`` allows (waiting through the caller's clock),
validates the 2xx body against the operation's response schema, and returns the envelope's
content (or the bare object). The API key lives only in the prepared headers: it is never
logged, never put in an exception message, never shown by ``repr``.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

import contracts
from adapters.clock import Clock
from adapters.config import AdapterConfig
from adapters.errors import (
    AdapterError,
    AuthenticationError,
    ContractViolation,
    HTTPStatusError,
    InvalidArgument,
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestTimeout,
    ServiceUnavailable,
    TransportError,
)
from adapters.params import QueryValue, encode_path_id, encode_query
from adapters.retry import RetryPolicy, parse_retry_after

__all__ = ["CLIENT_NAME", "HttpCore"]

CLIENT_NAME = "llm-auto-optimizer"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_BODY_EXCERPT = 200


@dataclass(frozen=True, slots=True)
class _Operation:
    name: str
    path: str
    envelope: str | None
    validator: contracts.Validator


class HttpCore:
    """Sends one adapter's GETs: one instance per adapter, sharing the caller's client."""

    def __init__(
        self,
        *,
        service: str,
        label: str,
        config: AdapterConfig,
        client: httpx.Client,
        clock: Clock,
        rng: random.Random,
    ) -> None:
        self.service = service
        self.label = label
        self._base = config.api_base_url.rstrip("/")
        self._key = config.api_key
        self._headers = {
            "Authorization": f"Bearer {config.api_key}",
            "Accept": "application/json",
            "X-Client": CLIENT_NAME,
        }
        self._timeout = httpx.Timeout(config.timeout)
        self._policy = RetryPolicy.from_config(config)
        self._client = client
        self._clock = clock
        self._rng = rng
        self._operations: dict[str, _Operation] = {}
        self._log = logging.getLogger(f"adapters.{service}")

    def __repr__(self) -> str:
        return f"HttpCore(service={self.service!r}, base={self._base!r})"

    def get(
        self,
        operation: str,
        *,
        path_ids: tuple[str, ...] = (),
        query: Mapping[str, QueryValue] | None = None,
    ) -> Any:
        """The validated payload of one operation: the envelope's content or the bare object."""
        op = self._operation(operation)
        url = self._base + self._fill(op, path_ids)
        params = encode_query(query or {})
        body, response = self._exchange(op, url, params)
        try:
            op.validator.validate(body)
        except contracts.ContractViolation as exc:
            raise ContractViolation.wrap(exc, request=response.request, response=response) from exc
        return body if op.envelope is None else body[op.envelope]

    def _operation(self, name: str) -> _Operation:
        found = self._operations.get(name)
        if found is None:
            endpoint = contracts.endpoint(self.service, name)
            found = _Operation(
                name=name,
                path=endpoint.path,
                envelope=endpoint.envelope,
                validator=contracts.validator(self.service, operation=name),
            )
            self._operations[name] = found
        return found

    def _fill(self, op: _Operation, path_ids: tuple[str, ...]) -> str:
        names = _PLACEHOLDER.findall(op.path)
        if len(names) != len(path_ids):
            raise InvalidArgument(
                f"Expected {len(names)} path ids for {op.name}, got {path_ids!r}."
            )
        values = iter(encode_path_id(n, v) for n, v in zip(names, path_ids, strict=True))
        return _PLACEHOLDER.sub(lambda _m: next(values), op.path)

    def _exchange(
        self, op: _Operation, url: str, params: dict[str, str]
    ) -> tuple[Any, httpx.Response]:
        attempt = 0
        while True:
            try:
                return self._attempt(op, url, params)
            except AdapterError as error:
                delay = self._policy.delay(error, attempt, self._rng)
                if delay is None:
                    raise
                self._log.info(
                    "%s %s failed (%s); retry %d of %d in %.3f s.",
                    self.label,
                    op.name,
                    type(error).__name__,
                    attempt + 1,
                    self._policy.max_retries,
                    delay,
                )
                self._clock.sleep(delay)
                attempt += 1

    def _attempt(
        self, op: _Operation, url: str, params: dict[str, str]
    ) -> tuple[Any, httpx.Response]:
        try:
            response = self._client.request(
                "GET", url, params=params, headers=self._headers, timeout=self._timeout
            )
        except httpx.TimeoutException as exc:
            raise RequestTimeout(
                f"{self.label} {op.name} timed out after {self._timeout.read} s.",
                request=_request_of(exc),
            ) from exc
        except httpx.TransportError as exc:
            raise TransportError(
                self._scrub(f"{self.label} {op.name} got no response: {type(exc).__name__}."),
                request=_request_of(exc),
            ) from exc
        if not 200 <= response.status_code < 300:
            raise self._status_error(op, response)
        return _json(self.label, op.name, response), response

    def _status_error(self, op: _Operation, response: httpx.Response) -> HTTPStatusError:
        status = response.status_code
        excerpt = self._scrub(response.text[:_BODY_EXCERPT].replace("\n", " "))
        message = f"{self.label} {op.name} returned {status}: {excerpt!r}."
        kwargs: dict[str, Any] = {"request": response.request, "response": response}
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock.time())
            return RateLimited(message, retry_after=retry_after, **kwargs)
        if status in (401, 403):
            return AuthenticationError(message, status_code=status, **kwargs)
        if status == 404:
            return NotFound(message, status_code=status, **kwargs)
        if status >= 500:
            return ServiceUnavailable(message, status_code=status, **kwargs)
        return HTTPStatusError(message, status_code=status, **kwargs)

    def _scrub(self, text: str) -> str:
        return text.replace(self._key, "<hidden>")


def _json(label: str, operation: str, response: httpx.Response) -> Any:
    content = response.content
    if not content.strip():
        raise MalformedResponse(
            f"{label} {operation} returned {response.status_code} with an empty body.",
            request=response.request,
            response=response,
        )
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedResponse(
            f"{label} {operation} returned a body that is not JSON: {exc}.",
            request=response.request,
            response=response,
        ) from exc


def _request_of(exc: httpx.RequestError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:
        return None
