"""The clinic: patients register, doctors open slots, patients book and cancel, records.

Who calls comes from the gateway's ``X-User-Role`` (``patient`` or ``doctor``) and
``X-User-ID`` headers: 401 without them, 403 when the caller may not do what they ask.
"""

from typing import Annotated, cast

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, status
from fastapi.responses import JSONResponse

from healthcare_telemedicine_api.api.v1.clinic_schemas import (
    AppointmentCreate,
    AppointmentList,
    AppointmentOut,
    PatientCreate,
    PatientOut,
    RecordCreate,
    RecordList,
    RecordOut,
    SlotCreate,
    SlotList,
    SlotOut,
)
from healthcare_telemedicine_api.application.clinic_service import ClinicService
from healthcare_telemedicine_api.domain.clinic import Caller, Role
from healthcare_telemedicine_api.domain.doctor import MAX_ID

router = APIRouter(tags=["clinic"])

EntityId = Annotated[int, Path(ge=1, le=MAX_ID)]


async def clinic(request: Request) -> ClinicService:
    return cast(ClinicService, request.app.state.clinic_service)


async def caller(
    x_user_role: Annotated[Role | None, Header()] = None,
    x_user_id: Annotated[int | None, Header(ge=1, le=MAX_ID)] = None,
) -> Caller:
    if x_user_role is None or x_user_id is None:
        detail = "Sign in: the gateway sets X-User-Role (patient or doctor) and X-User-ID"
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail)
    return Caller(x_user_role, x_user_id)


ClinicDep = Annotated[ClinicService, Depends(clinic)]
CallerDep = Annotated[Caller, Depends(caller)]


@router.post("/patients", response_model=PatientOut, status_code=status.HTTP_201_CREATED)
async def register_patient(body: PatientCreate, service: ClinicDep) -> PatientOut:
    """Register; with a Telegram chat already registered, answers that patient."""
    patient = await service.register_patient(body.name, body.telegram_chat_id)
    return PatientOut.model_validate(patient)


@router.post(
    "/doctors/{doctor_id}/slots", response_model=SlotOut, status_code=status.HTTP_201_CREATED
)
async def open_slot(
    doctor_id: EntityId, body: SlotCreate, service: ClinicDep, who: CallerDep
) -> SlotOut:
    """A doctor opens one of their own slots; 409 when one starts at the same time."""
    slot = await service.open_slot(who, doctor_id, body.starts_at, body.ends_at)
    return SlotOut.model_validate(slot)


@router.get("/slots", response_model=SlotList)
async def open_slots(
    service: ClinicDep, doctor_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None
) -> SlotList:
    """The slots still open (of one doctor when given)."""
    slots = await service.open_slots(doctor_id)
    return SlotList(items=[SlotOut.model_validate(slot) for slot in slots])


@router.post("/appointments", response_model=AppointmentOut, status_code=status.HTTP_201_CREATED)
async def book(body: AppointmentCreate, service: ClinicDep, who: CallerDep) -> JSONResponse:
    """The calling patient books an open slot: 201 with the consultation room's link, 409
    when the slot is taken."""
    appointment = await service.book(who, body.slot_id)
    content = AppointmentOut.model_validate(appointment).model_dump(mode="json")
    headers = {"Location": f"/api/v1/appointments/{appointment.id}"}
    return JSONResponse(content, status.HTTP_201_CREATED, headers)


@router.get("/appointments", response_model=AppointmentList)
async def my_appointments(service: ClinicDep, who: CallerDep) -> AppointmentList:
    """The caller's appointments, booked and cancelled."""
    found = await service.appointments(who)
    return AppointmentList(items=[AppointmentOut.model_validate(one) for one in found])


@router.post("/appointments/{appointment_id}/cancel", response_model=AppointmentOut)
async def cancel(appointment_id: EntityId, service: ClinicDep, who: CallerDep) -> AppointmentOut:
    """Cancel one of the caller's appointments; 409 when it is already cancelled."""
    return AppointmentOut.model_validate(await service.cancel(who, appointment_id))


@router.post(
    "/patients/{patient_id}/records",
    response_model=RecordOut,
    status_code=status.HTTP_201_CREATED,
)
async def add_record(
    patient_id: EntityId, body: RecordCreate, service: ClinicDep, who: CallerDep
) -> RecordOut:
    """A doctor of the patient adds a note to their medical record."""
    return RecordOut.model_validate(await service.add_record(who, patient_id, body.note))


@router.get("/patients/{patient_id}/records", response_model=RecordList)
async def records(patient_id: EntityId, service: ClinicDep, who: CallerDep) -> RecordList:
    """The patient's medical records: for the patient and their doctors only (else 403)."""
    found = await service.records(who, patient_id)
    return RecordList(items=[RecordOut.model_validate(one) for one in found])
