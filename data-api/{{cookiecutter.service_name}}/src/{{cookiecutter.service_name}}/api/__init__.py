"""HTTP interface: routers, request and response schemas, dependencies."""
