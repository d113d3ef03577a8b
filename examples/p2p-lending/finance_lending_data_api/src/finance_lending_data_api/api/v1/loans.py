"""``/api/v1/loans`` (applications, investments) and ``/api/v1/scores``."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response, status

from finance_lending_data_api.api.dependencies import LendingServiceDep
from finance_lending_data_api.api.problems import problem_responses
from finance_lending_data_api.api.v1.lending_schemas import (
    InvestmentCreate,
    InvestmentOut,
    LoanCreate,
    LoanOut,
    ScoreCreate,
)
from finance_lending_data_api.api.v1.users import IdempotencyKey, json_response
from finance_lending_data_api.domain.user import MAX_ID

router = APIRouter(prefix="/api/v1", tags=["loans"])

LoanId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post(
    "/loans",
    status_code=status.HTTP_201_CREATED,
    response_model=LoanOut,
    responses=problem_responses(400, 404, 409, 413, 415, 422, 503),
)
async def apply_for_loan(
    body: LoanCreate, service: LendingServiceDep, idempotency_key: IdempotencyKey = None
) -> Response:
    """Store a loan application: 409 naming the rule when the borrower's KYC is not
    approved or they already have the maximum of active loans. With ``Idempotency-Key``,
    a replay answers the first loan (``Idempotent-Replayed: true``)."""
    loan, replayed = await service.apply(body.to_domain(), idempotency_key)
    headers = {"Location": f"/api/v1/loans/{loan.id}"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(LoanOut.model_validate(loan), status.HTTP_201_CREATED, headers)


@router.get("/loans/{loan_id}", response_model=LoanOut, responses=problem_responses(404, 422, 503))
async def get_loan(loan_id: LoanId, service: LendingServiceDep) -> Response:
    return json_response(LoanOut.model_validate(await service.loan(loan_id)))


@router.post(
    "/loans/{loan_id}/investments",
    status_code=status.HTTP_201_CREATED,
    response_model=InvestmentOut,
    responses=problem_responses(400, 404, 409, 413, 415, 422, 503),
)
async def invest(
    loan_id: LoanId,
    body: InvestmentCreate,
    service: LendingServiceDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Fund the loan; 409 (rule ``funding_limit``) when the total would exceed its amount.
    With ``Idempotency-Key``, a replay answers the first investment and moves no money."""
    investment, replayed = await service.invest(
        loan_id, body.investor_id, body.amount, idempotency_key
    )
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    out = InvestmentOut.model_validate(investment)
    return json_response(out, status.HTTP_201_CREATED, headers)


@router.post(
    "/scores",
    status_code=status.HTTP_201_CREATED,
    response_model=LoanOut,
    responses=problem_responses(400, 404, 409, 413, 415, 422, 428, 503),
)
async def record_score(
    body: ScoreCreate, service: LendingServiceDep, idempotency_key: IdempotencyKey = None
) -> Response:
    """Record a loan's score once. ``Idempotency-Key`` is required (the scoring event's id):
    a replay answers the first result (``Idempotent-Replayed: true``)."""
    if idempotency_key is None:
        raise HTTPException(status.HTTP_428_PRECONDITION_REQUIRED, "Send an Idempotency-Key")
    loan, replayed = await service.score(body.loan_id, body.score, idempotency_key)
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return json_response(LoanOut.model_validate(loan), status.HTTP_201_CREATED, headers)
