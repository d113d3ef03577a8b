"""Maps routing keys to handlers: validates a message, then runs the right handler."""

from collections.abc import Awaitable, Callable

from pydantic import ValidationError

from {{ cookiecutter.service_name }}.application.ports import PermanentError
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

Handler = Callable[[EventEnvelope], Awaitable[None]]


class InvalidMessageError(PermanentError):
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

    def parse(self, routing_key: str, body: bytes) -> EventEnvelope:
        """Validate ``body`` as an event that a handler of this registry accepts.

        Raises ``InvalidMessageError`` naming what is wrong.
        """
        if routing_key not in self._handlers:
            raise InvalidMessageError(f"no handler for routing key {routing_key!r}")
        try:
            event = EventEnvelope.model_validate_json(body)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, error['loc'])) or 'body'}: {error['msg']}"
                for error in exc.errors()
            )
            raise InvalidMessageError(f"invalid event envelope: {problems}") from exc
        if event.event_type != routing_key:
            raise InvalidMessageError(
                f"event_type {event.event_type!r} does not match routing key {routing_key!r}"
            )
        return event

    async def dispatch(self, event: EventEnvelope) -> None:
        """Run the handler of a parsed event; whatever it raises propagates unchanged."""
        await self._handlers[event.event_type](event)
