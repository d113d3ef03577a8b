"""``/api/v1/borrowers``: users as borrowers (KYC status, Telegram chat, loan history)."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from finance_lending_data_api.api.dependencies import LendingServiceDep
from finance_lending_data_api.api.problems import problem_responses
from finance_lending_data_api.api.v1.lending_schemas import BorrowerOut, BorrowerUpdate
from finance_lending_data_api.api.v1.users import json_response
from finance_lending_data_api.domain.user import MAX_ID

router = APIRouter(prefix="/api/v1/borrowers", tags=["borrowers"])

UserId = Annotated[int, Path(ge=1, le=MAX_ID)]
ChatId = Annotated[int, Path(ge=-(2**52), le=2**52)]


@router.get("/{user_id}", response_model=BorrowerOut, responses=problem_responses(404, 422, 503))
async def get_borrower(user_id: UserId, service: LendingServiceDep) -> Response:
    return json_response(BorrowerOut.model_validate(await service.borrower(user_id)))


@router.get(
    "/by-telegram/{chat_id}",
    response_model=BorrowerOut,
    responses=problem_responses(404, 422, 503),
)
async def get_borrower_by_chat(chat_id: ChatId, service: LendingServiceDep) -> Response:
    """The user linked to a Telegram chat."""
    return json_response(BorrowerOut.model_validate(await service.borrower_by_chat(chat_id)))


@router.patch(
    "/{user_id}",
    response_model=BorrowerOut,
    responses=problem_responses(400, 404, 409, 413, 415, 422, 503),
)
async def change_borrower(
    user_id: UserId, body: BorrowerUpdate, service: LendingServiceDep
) -> Response:
    """Set the KYC status (the KYC provider's verdict) or link a Telegram chat."""
    changed = await service.change_borrower(user_id, body.to_domain())
    return json_response(BorrowerOut.model_validate(changed))
