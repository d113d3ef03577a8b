"""The ``ClinicStore`` port over the data-api's clinic endpoints.

Reads are retried like the doctors' (connection failures, 502/503/504); writes are not.
"""

import asyncio
from datetime import datetime
from http import HTTPStatus
from typing import Any

import aiohttp
from pydantic import BaseModel, TypeAdapter, ValidationError

from healthcare_telemedicine_api.core.request_id import request_id_var
from healthcare_telemedicine_api.domain.clinic import (
    Appointment,
    MedicalRecord,
    NotFoundError,
    Patient,
    Slot,
)
from healthcare_telemedicine_api.domain.errors import (
    ConflictError,
    DataSourceError,
    DataSourceTimeoutError,
    DataSourceUnavailableError,
    RejectedError,
)

RETRIED_STATUSES = frozenset({502, 503, 504})
BACKOFF_SECONDS = 0.1


class _Items(BaseModel):
    items: list[dict[str, Any]]


class _Problem(BaseModel):
    detail: str | None = None
    errors: list[dict[str, Any]] = []


class DataApiClinicStore:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, attempts: int = 3) -> None:
        self._session = session
        self._url = f"{base_url.rstrip('/')}/api/v1"
        self._attempts = attempts

    async def register_patient(self, name: str, telegram_chat_id: int | None) -> Patient:
        body = {"name": name, "telegram_chat_id": telegram_chat_id}
        return _parse(Patient, await self._send("POST", "/patients", json=body))

    async def patient(self, patient_id: int) -> Patient:
        missing = NotFoundError("patient", patient_id)
        return _parse(Patient, await self._send("GET", f"/patients/{patient_id}", missing=missing))

    async def open_slot(self, doctor_id: int, starts_at: datetime, ends_at: datetime) -> Slot:
        body = {"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()}
        missing = NotFoundError("doctor", doctor_id)
        raw = await self._send("POST", f"/doctors/{doctor_id}/slots", json=body, missing=missing)
        return _parse(Slot, raw)

    async def slots(self, doctor_id: int | None, status: str | None) -> list[Slot]:
        params = _params(doctor_id=doctor_id, status=status)
        return _parse_items(Slot, await self._send("GET", "/slots", params=params))

    async def book(self, slot_id: int, patient_id: int, room_url: str) -> Appointment:
        body = {"slot_id": slot_id, "patient_id": patient_id, "room_url": room_url}
        missing = NotFoundError("slot", slot_id)
        return _parse(
            Appointment, await self._send("POST", "/appointments", json=body, missing=missing)
        )

    async def appointment(self, appointment_id: int) -> Appointment:
        missing = NotFoundError("appointment", appointment_id)
        raw = await self._send("GET", f"/appointments/{appointment_id}", missing=missing)
        return _parse(Appointment, raw)

    async def appointments(
        self, *, patient_id: int | None = None, doctor_id: int | None = None
    ) -> list[Appointment]:
        params = _params(patient_id=patient_id, doctor_id=doctor_id)
        return _parse_items(Appointment, await self._send("GET", "/appointments", params=params))

    async def cancel(self, appointment_id: int) -> Appointment:
        missing = NotFoundError("appointment", appointment_id)
        raw = await self._send("POST", f"/appointments/{appointment_id}/cancel", missing=missing)
        return _parse(Appointment, raw)

    async def add_record(self, patient_id: int, doctor_id: int, note: str) -> MedicalRecord:
        body = {"doctor_id": doctor_id, "note": note}
        missing = NotFoundError("patient", patient_id)
        raw = await self._send(
            "POST", f"/patients/{patient_id}/records", json=body, missing=missing
        )
        return _parse(MedicalRecord, raw)

    async def records(self, patient_id: int) -> list[MedicalRecord]:
        missing = NotFoundError("patient", patient_id)
        raw = await self._send("GET", f"/patients/{patient_id}/records", missing=missing)
        return _parse_items(MedicalRecord, raw)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        missing: NotFoundError | None = None,
    ) -> bytes:
        """The body of a 200 or 201; the domain's error for anything else."""
        status, raw = await self._call(method, self._url + path, json, params)
        if status in (HTTPStatus.OK, HTTPStatus.CREATED):
            return raw
        if status == HTTPStatus.NOT_FOUND and missing is not None:
            raise missing
        if status == HTTPStatus.CONFLICT:
            raise ConflictError(_problem(raw).detail or "The request conflicts with the state")
        if status == 422:  # Unprocessable Content
            problem = _problem(raw)
            raise RejectedError(problem.detail or "The request was rejected", problem.errors)
        raise DataSourceError(f"data-api answered {status} unexpectedly: {method} {path}")

    async def _call(
        self, method: str, url: str, json: Any, params: dict[str, str] | None
    ) -> tuple[int, bytes]:
        request_id = request_id_var.get()
        headers = {"X-Request-ID": request_id} if request_id else {}
        attempts = self._attempts if method == "GET" else 1
        for attempt in range(1, attempts + 1):
            try:
                async with self._session.request(
                    method, url, json=json, params=params, headers=headers
                ) as response:
                    raw = await response.read()
            except TimeoutError as exc:
                raise DataSourceTimeoutError(f"data-api timed out: {method} {url}") from exc
            except aiohttp.ClientError as exc:
                if attempt == attempts:
                    raise DataSourceUnavailableError(f"data-api unreachable: {url}") from exc
            else:
                if response.status not in RETRIED_STATUSES or attempt == attempts:
                    break
            await asyncio.sleep(BACKOFF_SECONDS * attempt)
        if response.status >= 500 or response.status == HTTPStatus.TOO_MANY_REQUESTS:
            raise DataSourceUnavailableError(f"data-api answered {response.status}: {url}")
        return response.status, raw


def _parse[T](kind: type[T], raw: bytes) -> T:
    try:
        return TypeAdapter(kind).validate_json(raw)
    except ValidationError as exc:
        raise DataSourceError(f"data-api sent a malformed {kind.__name__}") from exc


def _parse_items[T](kind: type[T], raw: bytes) -> list[T]:
    try:
        items = _Items.model_validate_json(raw).items
        adapter = TypeAdapter(kind)
        return [adapter.validate_python(item) for item in items]
    except ValidationError as exc:
        raise DataSourceError(f"data-api sent a malformed list of {kind.__name__}") from exc


def _params(**values: int | str | None) -> dict[str, str]:
    return {name: str(value) for name, value in values.items() if value is not None}


def _problem(raw: bytes) -> _Problem:
    try:
        return _Problem.model_validate_json(raw)
    except ValidationError:
        return _Problem()
