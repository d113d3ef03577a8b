"""What ``GET /debug`` shows in development: build info, the settings with every secret
masked, and the status of each dependency (the readiness checks)."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from {{ cookiecutter.service_name }}.core.build import build_info
from {{ cookiecutter.service_name }}.core.logging import Redactor
from {{ cookiecutter.service_name }}.core.settings import Settings

Check = Callable[[], Awaitable[bool]]
CHECK_TIMEOUT_SECONDS = 2.0


def masked_settings(settings: Settings) -> dict[str, object]:
    """The settings as JSON values, with secret fields (``SecretStr``), the values of
    sensitive or personal names and the passwords inside URLs masked."""
    redactor = Redactor(settings.log_redact_fields)
    return redactor.clean_mapping(settings.model_dump(mode="json"))


async def dependency_status(checks: Mapping[str, Check]) -> dict[str, str]:
    """``ok`` or ``unavailable`` per dependency; a check that fails or hangs is unavailable."""

    async def run(check: Check) -> str:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
                return "ok" if await check() else "unavailable"
        except Exception:
            return "unavailable"

    results = await asyncio.gather(*(run(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


async def debug_report(settings: Settings, checks: Mapping[str, Check]) -> dict[str, object]:
    return {
        "build": build_info(),
        "settings": masked_settings(settings),
        "dependencies": await dependency_status(checks),
    }
