"""The answers every template is baked with and fully checked: each option one at a time,
plus the pairs that interact (cookiecutter-django's SUPPORTED_COMBINATIONS, per template).
"""

COMMON = [
    {"maturity_level": "1"},
    {"maturity_level": "2"},
    {"maturity_level": "3"},
    {"maturity_level": "4"},
    {"python_version": "3.13"},
    # The oldest Python with the strictest level: type-checking and coverage floor together.
    {"python_version": "3.11", "maturity_level": "4"},
]

# Answers that change only files no code check reads (CI definitions): baked and their files
# validated (schemas, hadolint, leftover tags), without running the project's own checks.
FILES_ONLY = [
    {"business_api_url": "http://healthcare-telemedicine-api:8000"},
    {"ci_provider": "gitlab"},
    {"ci_provider": "none"},
    {"ci_provider": "gitlab", "maturity_level": "4"},
]

# Names change how ruff sorts and wraps imports: a package sorting after ``tests``, names at
# the length limit and a resource sorting before every other module are each baked once.
SPECIFIC = {
    "business-api": [
        {"resource_name": "loan_application", "resource_plural": "loan_applications"},
        # The longest names with every option on.
        {
            "service_name": "wholesale_payments_routing_api",
            "resource_name": "account_verification",
            "maturity_level": "4",
            "use_rabbitmq": "yes",
            "websocket": "yes",
            "file_storage": "local",
        },
        {"use_redis": "yes"},
        {"maturity_level": "3", "use_redis": "no"},
        {"use_rabbitmq": "yes"},
        {"websocket": "yes", "use_redis": "yes"},
        {"file_storage": "local"},
        {"auth": "api_key"},
        {"maturity_level": "4", "auth": "none"},
        # WebSocket without Redis (in-process fan-out) authenticated by API key.
        {"maturity_level": "4", "use_redis": "no", "websocket": "yes", "auth": "api_key"},
        {"file_storage": "s3"},
        {"maturity_level": "4", "file_storage": "s3", "auth": "api_key"},
    ],
    "data-api": [
        {
            "resource_name": "loan_application",
            "resource_plural": "loan_applications",
            "maturity_level": "2",
        },
        {"service_name": "wholesale_payments_data_api", "resource_name": "account_verification"},
        {
            "service_name": "wholesale_payments_data_api",
            "resource_name": "account_verification",
            "maturity_level": "4",
        },
        {"resource_name": "category", "resource_plural": "categories", "maturity_level": "3"},
    ],
    "worker": [
        {"event_name": "appointment.booked"},
        {"service_name": "wholesale_payout_settle_worker", "event_name": "payment.settled"},
        {"use_redis": "yes"},
        {"maturity_level": "4", "use_redis": "no"},
        {"scheduled_jobs": "yes"},
        # Jobs from level 3 without Redis: no lock, a single replica (documented).
        {"maturity_level": "3", "scheduled_jobs": "yes", "use_redis": "no"},
        {"maturity_level": "4", "scheduled_jobs": "yes"},
    ],
    "bot": [
        {"service_name": "wholesale_payments_support_bot"},
        {"update_mode": "webhook"},
        {"update_mode": "webhook", "maturity_level": "4"},
        {"update_mode": "webhook", "fsm_storage": "redis", "maturity_level": "2"},
        {"fsm_storage": "memory", "maturity_level": "2"},
        # Memory FSM from level 3: Redis still backs the throttling.
        {"fsm_storage": "memory", "maturity_level": "3"},
        {"languages": "fr"},
        {"languages": "uk,de,es,fr,ru,en", "maturity_level": "4"},
        {
            "resource_name": "account_verification",
            "resource_plural": "account_verifications",
            "maturity_level": "4",
        },
    ],
}

SUPPORTED_COMBINATIONS = [
    (template, answers) for template, extra in SPECIFIC.items() for answers in [*COMMON, *extra]
]
BAKED_COMBINATIONS = [
    *SUPPORTED_COMBINATIONS,
    *((template, answers) for template in SPECIFIC for answers in FILES_ONLY),
]
