"""Maps routing keys to handlers and runs the right one for a message."""

from collections.abc import Awaitable, Callable

import structlog
from pydantic import ValidationError

from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

Handler = Callable[[EventEnvelope], Awaitable[None]]


class InvalidMessageError(Exception):
    """The message can never be handled: retrying it would fail the same way."""


class HandlerRegistry:
    """Routing key -> async handler; the consumer binds its queue to every key."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, routing_key: str, handler: Handler) -> None:
        """Route ``routing_key`` to ``handler``; one handler per key."""
        if routing_key in self._handlers:
            raise ValueError(f"a handler is already registered for {routing_key!r}")
        self._handlers[routing_key] = handler

    @property
    def routing_keys(self) -> tuple[str, ...]:
        """The keys with a handler, in registration order."""
        return tuple(self._handlers)

    async def dispatch(self, routing_key: str, body: bytes) -> EventEnvelope:
        """Validate ``body`` and run the handler of ``routing_key``; return the event.

        The handler's log lines carry the event's ``event_id`` and ``request_id``.

        Raises ``InvalidMessageError`` for a message no retry can fix; whatever the
        handler raises propagates unchanged.
        """
        handler = self._handlers.get(routing_key)
        if handler is None:
            raise InvalidMessageError(f"no handler for routing key {routing_key!r}")
        try:
            event = EventEnvelope.model_validate_json(body)
        except ValidationError as exc:
            raise InvalidMessageError(f"invalid event envelope: {exc}") from exc
        if event.event_type != routing_key:
            raise InvalidMessageError(
                f"event_type {event.event_type!r} does not match routing key {routing_key!r}"
            )
        with structlog.contextvars.bound_contextvars(
            event_id=str(event.event_id), request_id=event.request_id
        ):
            await handler(event)
        return event
