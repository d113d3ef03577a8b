"""The clinic's endpoints: patients, slots, appointments, medical records, reminders.

The data-api stores and enforces the invariants (one booking per slot); who may do what is
the business-api's concern.
"""

from typing import Annotated, Literal, cast

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import BaseModel

from healthcare_data_postgres_api.api.problems import problem_responses
from healthcare_data_postgres_api.api.v1.clinic_schemas import (
    AppointmentCreate,
    AppointmentOut,
    Items,
    PatientCreate,
    PatientOut,
    RecordCreate,
    RecordOut,
    ReminderCreate,
    ReminderOut,
    SlotCreate,
    SlotOut,
)
from healthcare_data_postgres_api.api.v1.doctors import json_response
from healthcare_data_postgres_api.application.clinic_service import ClinicService
from healthcare_data_postgres_api.domain.clinic import AppointmentFilter
from healthcare_data_postgres_api.domain.doctor import MAX_ID

router = APIRouter(prefix="/api/v1", tags=["clinic"])

EntityId = Annotated[int, Path(ge=1, le=MAX_ID)]
FilterId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def clinic(request: Request) -> ClinicService:
    return cast(ClinicService, request.app.state.clinic_service)


def _created(body: BaseModel, created: bool = True) -> Response:
    return json_response(body, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@router.post("/patients", response_model=PatientOut, responses=problem_responses(422))
async def register_patient(body: PatientCreate, request: Request) -> Response:
    """201 with a new patient; 200 with the one already registered with this Telegram chat."""
    stored = await clinic(request).register_patient(body.name, body.telegram_chat_id)
    return _created(PatientOut.model_validate(stored.entity), stored.created)


@router.get("/patients/{patient_id}", response_model=PatientOut, responses=problem_responses(404))
async def get_patient(patient_id: EntityId, request: Request) -> Response:
    return json_response(PatientOut.model_validate(await clinic(request).patient(patient_id)))


@router.post(
    "/doctors/{doctor_id}/slots",
    status_code=status.HTTP_201_CREATED,
    response_model=SlotOut,
    responses=problem_responses(404, 409, 422),
)
async def open_slot(doctor_id: EntityId, body: SlotCreate, request: Request) -> Response:
    slot = await clinic(request).open_slot(doctor_id, body.starts_at, body.ends_at)
    return _created(SlotOut.model_validate(slot))


@router.get("/slots", response_model=Items[SlotOut], responses=problem_responses(422))
async def list_slots(
    request: Request,
    doctor_id: FilterId = None,
    slot_status: Annotated[Literal["open", "booked"] | None, Query(alias="status")] = None,
) -> Response:
    slots = await clinic(request).slots(doctor_id, slot_status)
    return json_response(Items[SlotOut](items=[SlotOut.model_validate(one) for one in slots]))


@router.get("/slots/{slot_id}", response_model=SlotOut, responses=problem_responses(404))
async def get_slot(slot_id: EntityId, request: Request) -> Response:
    return json_response(SlotOut.model_validate(await clinic(request).slot(slot_id)))


@router.post(
    "/appointments",
    status_code=status.HTTP_201_CREATED,
    response_model=AppointmentOut,
    responses=problem_responses(404, 409, 422),
)
async def book(body: AppointmentCreate, request: Request) -> Response:
    """Book an open slot; 409 when it is booked already (at most one booking wins a race)."""
    appointment = await clinic(request).book(body.slot_id, body.patient_id, body.room_url)
    return _created(AppointmentOut.model_validate(appointment))


@router.get("/appointments", response_model=Items[AppointmentOut])
async def list_appointments(
    request: Request,
    patient_id: FilterId = None,
    doctor_id: FilterId = None,
    appointment_status: Annotated[
        Literal["booked", "cancelled"] | None, Query(alias="status")
    ] = None,
) -> Response:
    where = AppointmentFilter(patient_id, doctor_id, appointment_status)
    found = await clinic(request).appointments(where)
    items = [AppointmentOut.model_validate(one) for one in found]
    return json_response(Items[AppointmentOut](items=items))


@router.get(
    "/appointments/{appointment_id}",
    response_model=AppointmentOut,
    responses=problem_responses(404),
)
async def get_appointment(appointment_id: EntityId, request: Request) -> Response:
    appointment = await clinic(request).appointment(appointment_id)
    return json_response(AppointmentOut.model_validate(appointment))


@router.post(
    "/appointments/{appointment_id}/cancel",
    response_model=AppointmentOut,
    responses=problem_responses(404, 409),
)
async def cancel(appointment_id: EntityId, request: Request) -> Response:
    """Cancel the appointment and open its slot again; 409 when it is already cancelled."""
    appointment = await clinic(request).cancel(appointment_id)
    return json_response(AppointmentOut.model_validate(appointment))


@router.post(
    "/patients/{patient_id}/records",
    status_code=status.HTTP_201_CREATED,
    response_model=RecordOut,
    responses=problem_responses(404, 422),
)
async def add_record(patient_id: EntityId, body: RecordCreate, request: Request) -> Response:
    record = await clinic(request).add_record(patient_id, body.doctor_id, body.note)
    return _created(RecordOut.model_validate(record))


@router.get(
    "/patients/{patient_id}/records",
    response_model=Items[RecordOut],
    responses=problem_responses(404),
)
async def list_records(patient_id: EntityId, request: Request) -> Response:
    records = await clinic(request).records(patient_id)
    return json_response(Items[RecordOut](items=[RecordOut.model_validate(r) for r in records]))


@router.post("/reminders", response_model=ReminderOut, responses=problem_responses(404, 422))
async def remind(body: ReminderCreate, request: Request) -> Response:
    """201 with the event's new reminder; 200 with the one it already has (a redelivery)."""
    stored = await clinic(request).remind(body.event_id, body.appointment_id, body.message)
    return _created(ReminderOut.model_validate(stored.entity), stored.created)


@router.get("/reminders", response_model=Items[ReminderOut])
async def list_reminders(request: Request, appointment_id: FilterId = None) -> Response:
    found = await clinic(request).reminders(appointment_id)
    return json_response(Items[ReminderOut](items=[ReminderOut.model_validate(r) for r in found]))


@router.post(
    "/reminders/{reminder_id}/sent",
    response_model=ReminderOut,
    responses=problem_responses(404),
)
async def mark_sent(reminder_id: EntityId, request: Request) -> Response:
    return json_response(ReminderOut.model_validate(await clinic(request).mark_sent(reminder_id)))
