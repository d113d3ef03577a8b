{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Domain events: what happened to a {{ res.replace('_', ' ') }}, and the port that announces it."""

from dataclasses import dataclass
from typing import Literal, Protocol

from {{ cookiecutter.service_name }}.domain.{{ res }} import {{ Res }}

EventKind = Literal["created", "updated", "deleted"]


@dataclass(frozen=True, slots=True)
class {{ Res }}Event:
    """``{{ res }}`` is the state after the change; ``None`` after a delete."""

    kind: EventKind
    {{ res }}_id: int
    {{ res }}: {{ Res }} | None = None

    @property
    def event_type(self) -> str:
        """The routing key, ``<domain>.<event>``."""
        return f"{{ res }}.{self.kind}"


class EventPublisher(Protocol):
    """Announces events; raises ``EventPublishError`` when one could not be delivered."""

    async def publish(self, event: {{ Res }}Event) -> None: ...
