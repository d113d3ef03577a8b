{%- from "python.j2" import from_imports -%}
"""Print a development credential (``make token``; arguments: the scopes to grant).

{%- if cookiecutter.auth == "jwt" %}
Prints a JWT signed with ``JWT_SECRET`` (HS256), valid for an hour, with the given scopes
(default: read and write). With RS256, tokens come from your identity provider instead.
{%- else %}
Prints a new random API key and the ``API_KEYS`` entry that accepts it (the key's SHA-256
digest, never the key): give the key to the client, add the entry to the configuration.
{%- endif %}
"""

import sys
{%- if cookiecutter.auth == "api_key" %}

from pydantic import TypeAdapter
{%- endif %}

{% if cookiecutter.auth == "jwt" -%}
{{ from_imports({
    cookiecutter.service_name ~ ".api.auth": ["READ_SCOPE", "WRITE_SCOPE"],
    cookiecutter.service_name ~ ".core.settings": ["Settings"],
    cookiecutter.service_name ~ ".infrastructure.jwt_tokens": ["mint_token"],
}) }}


def main(argv: list[str]) -> None:
    settings = Settings()
    if settings.jwt_algorithm != "HS256":
        sys.exit("RS256 tokens are issued by the identity provider, not by this service")
    print(mint_token(settings, "developer", argv or [READ_SCOPE, WRITE_SCOPE]))
{%- else -%}
{{ from_imports({
    cookiecutter.service_name ~ ".api.auth": ["READ_SCOPE", "WRITE_SCOPE"],
    cookiecutter.service_name ~ ".core.settings": ["ApiKeyEntry"],
    cookiecutter.service_name ~ ".infrastructure.api_keys": ["digest", "new_api_key"],
}) }}


def main(argv: list[str]) -> None:
    key = new_api_key()
    scopes = argv or [READ_SCOPE, WRITE_SCOPE]
    entry = ApiKeyEntry(name="developer", sha256=digest(key), scopes=scopes)
    print(f"API key (give it to the client, once): {key}")
    entries = TypeAdapter(list[ApiKeyEntry]).dump_json([entry]).decode()
    print(f"API_KEYS entry (configuration): {entries}")
{%- endif %}


if __name__ == "__main__":
    main(sys.argv[1:])
