"""A system description: the services of one system, their answers and how they connect.

```yaml
name: healthcare_telemedicine        # the system (snake_case); its folder
maturity_level: 3                    # shared answers: every service gets them
python_version: "3.12"
ci_provider: github
services:
  - name: healthcare_booking_data_api
    template: data-api
    answers: {resource_name: appointment}
  - name: healthcare_telemedicine_api
    template: business-api
    calls: healthcare_booking_data_api   # business-api and worker: a data-api of the system
  - name: healthcare_telemedicine_bot
    template: bot
    calls: healthcare_telemedicine_api   # bot: a business-api of the system
    port: 8014                           # host port, when the template's default is taken
```

Every problem is reported with the line it is on and how to fix it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from cookiecutter.generate import generate_context
from cookiecutter.prompt import prompt_for_config

from hooks.naming import naming_errors, suggest
from hooks.validate import answer_errors

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ("business-api", "data-api", "worker", "bot")
PORTS = {"business-api": 8000, "data-api": 8001, "worker": 8003, "bot": 8004}
# Host ports the system's own containers publish, which no service may take.
SYSTEM_PORTS = {
    15672: "RabbitMQ's management UI",
    9090: "Prometheus",
    3000: "Grafana",
    9093: "Alertmanager",
    4317: "the OpenTelemetry Collector (OTLP/gRPC)",
    4318: "the OpenTelemetry Collector (OTLP/HTTP)",
    16686: "Jaeger",
}
# What each template calls, and the answer that holds its URL.
CALLS = {
    "business-api": ("data-api", "data_api_url"),
    "worker": ("data-api", "data_api_url"),
    "bot": ("business-api", "business_api_url"),
}
SHARED = ("maturity_level", "python_version", "ci_provider")
SYSTEM_KEYS = {"name", "title", *SHARED, "services"}
SERVICE_KEYS = {"name", "template", "calls", "port", "answers"}
_SYSTEM_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")


class DescriptionError(Exception):
    """The description is invalid; ``problems`` lists every problem, each with its fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def free_host_port(taken: Iterable[int]) -> int:
    """A host port above the taken ones, ten by ten, that the system itself doesn't publish."""
    used = set(taken)
    port = max(used, default=PORTS["business-api"]) + 10
    while port in used or port in SYSTEM_PORTS:
        port += 10
    return port


@dataclass(frozen=True)
class Service:
    name: str
    template: str
    port: int
    calls: str | None
    answers: dict[str, str]
    line: int

    @property
    def host(self) -> str:
        """DNS name inside the system (SPEC section 2: ``_`` becomes ``-``)."""
        return self.name.replace("_", "-")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{PORTS[self.template]}"


@dataclass(frozen=True)
class System:
    name: str
    title: str
    answers: dict[str, str]
    services: list[Service] = field(default_factory=list)

    def service(self, name: str) -> Service:
        return next(service for service in self.services if service.name == name)


class _Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line of each key."""

    line = 0
    lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 1
        if key in mapping.lines:
            raise DescriptionError(
                [f"line {line}: '{key}' repeats line {mapping.lines[key]}; keep one of them"]
            )
        mapping.lines[key] = line
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line(mapping: object, key: str) -> int:
    if isinstance(mapping, _Mapping):
        return mapping.lines.get(key, mapping.line)
    return 0


def load(path: Path) -> System:
    """Read and validate a description; raise ``DescriptionError`` naming every problem."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else 0
        raise DescriptionError([f"line {line}: not valid YAML: {error.problem}"]) from None
    if not isinstance(data, _Mapping):
        raise DescriptionError(["line 1: the description is a mapping with name and services"])
    return _System(data).build()


class _System:
    """Validation of one parsed description, collecting every problem."""

    def __init__(self, data: _Mapping) -> None:
        self.data = data
        self.problems: list[str] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"line {line}: {message}")

    def build(self) -> System:
        data = self.data
        for key in sorted(set(data) - SYSTEM_KEYS):
            self.problem(
                _line(data, key), f"unknown key '{key}'; use {', '.join(sorted(SYSTEM_KEYS))}"
            )
        name = str(data.get("name", ""))
        if not _SYSTEM_NAME.fullmatch(name):
            self.problem(
                _line(data, "name"),
                f"name '{name}' is not a system name: use snake_case {{context}}_{{domain}}, "
                "e.g. healthcare_telemedicine",
            )
        shared = {key: str(data[key]) for key in SHARED if key in data}
        title = str(data.get("title", name.replace("_", " ").title()))
        items = data.get("services")
        if not isinstance(items, list) or not items:
            self.problem(_line(data, "services"), "services must be a non-empty list")
            raise DescriptionError(self.problems)
        services = [self.service(item, shared, title) for item in items]
        known = [service for service in services if service is not None]
        self.check_unique(known)
        self.check_calls(known)
        if self.problems:
            raise DescriptionError(self.problems)
        return System(name, title, shared, [self.wired(service, known) for service in known])

    def service(self, item: object, shared: dict[str, str], title: str) -> Service | None:
        if not isinstance(item, _Mapping):
            self.problem(
                _line(self.data, "services"), "each service is a mapping with name and template"
            )
            return None
        for key in sorted(set(item) - SERVICE_KEYS):
            self.problem(
                _line(item, key), f"unknown key '{key}'; use {', '.join(sorted(SERVICE_KEYS))}"
            )
        name, template = str(item.get("name", "")), str(item.get("template", ""))
        if template not in TEMPLATES:
            self.problem(
                _line(item, "template"),
                f"template '{template}' does not exist; use one of {', '.join(TEMPLATES)}",
            )
            return None
        broken = naming_errors(name, template)
        if broken:
            self.problem(
                _line(item, "name"),
                f"name '{name}': {'; '.join(broken)}; try {suggest(name, template)}",
            )
            return None
        answers = item.get("answers") or {}
        if not isinstance(answers, dict):
            self.problem(_line(item, "answers"), "answers must be a mapping of prompt: value")
            return None
        port = item.get("port", PORTS[template])
        if not isinstance(port, int) or not 1024 <= port <= 65535:
            self.problem(_line(item, "port"), f"port '{port}' must be a number from 1024 to 65535")
            return None
        calls = item.get("calls")
        service = Service(
            name=name,
            template=template,
            port=port,
            calls=None if calls is None else str(calls),
            answers={key: str(value) for key, value in answers.items()},
            line=item.line,
        )
        self.check_answers(service, item, extra_context(title, shared, service))
        return service

    def check_answers(self, service: Service, item: _Mapping, extra: dict[str, str]) -> None:
        """The template's own rules (hooks/validate.py) on the answers it would be baked with."""
        settable = template_prompts(service.template) - {"service_name", *SHARED}
        settable -= {CALLS[service.template][1]} if service.template in CALLS else set()
        unknown = sorted(set(service.answers) - settable)
        if unknown:
            self.problem(
                _line(item.get("answers"), unknown[0]),
                f"{service.name}: '{unknown[0]}' is not an answer of {service.template} "
                f"(the system sets name, levels and URLs); use {', '.join(sorted(settable))}",
            )
            return
        try:
            answers = rendered_answers(service.template, extra)
        except ValueError as error:
            self.problem(item.line, f"{service.name}: {error}")
            return
        for error in answer_errors(answers, service.template):
            self.problem(item.line, f"{service.name}: {error}")

    def check_unique(self, services: list[Service]) -> None:
        names: dict[str, Service] = {}
        ports: dict[int, Service] = {}
        free = free_host_port(service.port for service in services)
        for service in services:
            if service.name in names:
                self.problem(
                    service.line,
                    f"service '{service.name}' is already defined on line "
                    f"{names[service.name].line}; give each service its own name",
                )
            names.setdefault(service.name, service)
            if service.port in ports:
                self.problem(
                    service.line,
                    f"port {service.port} of {service.name} is taken by "
                    f"{ports[service.port].name} (line {ports[service.port].line}); "
                    f"set port: {free}",
                )
            elif service.port in SYSTEM_PORTS:
                self.problem(
                    service.line,
                    f"port {service.port} of {service.name} is the one of "
                    f"{SYSTEM_PORTS[service.port]} in the system; "
                    f"set port: {free}",
                )
            ports.setdefault(service.port, service)

    def check_calls(self, services: list[Service]) -> None:
        templates = {service.name: service.template for service in services}
        for service in services:
            if service.template not in CALLS:
                if service.calls is not None:
                    self.problem(
                        service.line,
                        f"{service.name}: a {service.template} calls nothing; remove calls",
                    )
                continue
            wanted = CALLS[service.template][0]
            candidates = sorted(name for name, template in templates.items() if template == wanted)
            if templates.get(str(service.calls)) == wanted:
                continue
            fix = (
                f"calls: {candidates[0]}" if candidates else f"add a {wanted} service to the system"
            )
            what = "names no service" if service.calls else "is missing"
            self.problem(
                service.line,
                f"{service.name}: calls {what}: a {service.template} calls a {wanted} "
                f"of the system; use {fix}",
            )

    def wired(self, service: Service, services: list[Service]) -> Service:
        """The service with the URL of the service it calls among its answers."""
        if service.calls is None:
            return service
        target = next(other for other in services if other.name == service.calls)
        answer = CALLS[service.template][1]
        return replace(service, answers={**service.answers, answer: target.url})


def template_prompts(template: str) -> set[str]:
    """The answers a template asks for (its cookiecutter.json keys, private ones excluded)."""
    context = generate_context(str(ROOT / template / "cookiecutter.json"))["cookiecutter"]
    return {key for key in context if not key.startswith("_")}


def extra_context(title: str, shared: dict[str, str], service: Service) -> dict[str, str]:
    """The answers a service is baked with, beside the template's defaults."""
    return {"project_name": title, **shared, **service.answers, "service_name": service.name}


def rendered_answers(template: str, extra: dict[str, str]) -> dict[str, Any]:
    """The answers cookiecutter bakes with: defaults rendered, ``extra`` applied."""
    context = generate_context(str(ROOT / template / "cookiecutter.json"), extra_context=extra)
    return dict(prompt_for_config(context, no_input=True))
