"""HTTP interface: routers, request/response schemas, dependencies and error handlers."""
