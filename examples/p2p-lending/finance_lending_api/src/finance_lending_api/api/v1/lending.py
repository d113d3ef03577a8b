"""``/api/v1/borrowers`` and ``/api/v1/loans``: KYC, loan applications, investments."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from finance_lending_api.api.dependencies import LendingServiceDep
from finance_lending_api.api.v1.lending_schemas import (
    BorrowerOut,
    BorrowerUpdate,
    ChatId,
    InvestmentCreate,
    InvestmentOut,
    LoanCreate,
    LoanOut,
)
from finance_lending_api.api.v1.users import IdempotencyKey
from finance_lending_api.domain.user import MAX_ID

router = APIRouter(tags=["lending"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
_ERRORS: dict[int | str, dict[str, str]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No such borrower or loan"},
    status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The data-api is unavailable"},
}
_REFUSED: dict[int | str, dict[str, str]] = {
    status.HTTP_409_CONFLICT: {"description": "A business rule refuses it; `rule` names it"},
}


def _json(body: BorrowerOut | LoanOut | InvestmentOut, code: int = 200, **headers: str) -> Response:
    return Response(body.model_dump_json(), code, headers, media_type="application/json")


@router.get("/borrowers/{user_id}", response_model=BorrowerOut, responses=_ERRORS)
async def get_borrower(user_id: Id, service: LendingServiceDep) -> Response:
    """KYC status and credit history of a user."""
    return _json(BorrowerOut.model_validate(await service.borrower(user_id)))


@router.get("/borrowers/by-telegram/{chat_id}", response_model=BorrowerOut, responses=_ERRORS)
async def get_borrower_by_chat(
    chat_id: Annotated[ChatId, Path()], service: LendingServiceDep
) -> Response:
    """The user linked to a Telegram chat (the bot's way to know who writes)."""
    return _json(BorrowerOut.model_validate(await service.borrower_by_chat(chat_id)))


@router.patch("/borrowers/{user_id}", response_model=BorrowerOut, responses={**_ERRORS, **_REFUSED})
async def change_borrower(
    user_id: Id, body: BorrowerUpdate, service: LendingServiceDep
) -> Response:
    """Record the KYC verdict or link a Telegram chat."""
    changed = await service.change_borrower(user_id, body.changes())
    return _json(BorrowerOut.model_validate(changed))


@router.post(
    "/loans",
    status_code=status.HTTP_201_CREATED,
    response_model=LoanOut,
    responses={**_ERRORS, **_REFUSED},
)
async def apply_for_loan(
    body: LoanCreate, service: LendingServiceDep, idempotency_key: IdempotencyKey = None
) -> Response:
    """Apply for a loan; announced as ``loan.created``. Refused with the rule named: 422
    ``amount_range``/``term_range``, 409 ``kyc_approved``/``max_active_loans``."""
    loan = await service.apply(body.to_domain(), idempotency_key)
    out = LoanOut.model_validate(loan)
    return _json(out, status.HTTP_201_CREATED, Location=f"/api/v1/loans/{loan.id}")


@router.get("/loans/{loan_id}", response_model=LoanOut, responses=_ERRORS)
async def get_loan(loan_id: Id, service: LendingServiceDep) -> Response:
    """A loan with its funding and, once the scoring worker is done, its score."""
    return _json(LoanOut.model_validate(await service.loan(loan_id)))


@router.post(
    "/loans/{loan_id}/investments",
    status_code=status.HTTP_201_CREATED,
    response_model=InvestmentOut,
    responses={**_ERRORS, **_REFUSED},
)
async def invest(
    loan_id: Id,
    body: InvestmentCreate,
    service: LendingServiceDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Fund a loan; 409 ``funding_limit`` when the total would exceed its amount. With
    ``Idempotency-Key``, a retried request moves no money again."""
    investment = await service.invest(loan_id, body.investor_id, body.amount, idempotency_key)
    return _json(InvestmentOut.model_validate(investment), status.HTTP_201_CREATED)
