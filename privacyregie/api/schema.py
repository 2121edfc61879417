from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApplicationAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "privacyregie.api.authentication.ApplicationAuthentication"
    name = "applicatieToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token van een geregistreerde applicatie (manage.py create_application). "
            "Optioneel: header X-Eindgebruiker met de gebruikersnaam namens wie de applicatie handelt.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "privacyregie.api.authentication.VerifiedSessionAuthentication"
    name = "sessie"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


ERROR_STATUSES = {
    "400": "Ongeldige invoer (invalidParams noemt de velden).",
    "401": "Niet geauthenticeerd.",
    "403": "Geen toegang (ook: deze handeling vereist een eindgebruiker).",
    "404": "Niet gevonden.",
    "405": "Methode niet toegestaan.",
    "406": "Niet aanvaardbaar.",
    "409": "Conflict.",
    "413": "Het verzoek is te groot.",
    "415": "Mediatype niet ondersteund.",
    "429": "Te veel verzoeken.",
    "500": "Interne fout; er is niets gewijzigd.",
}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (application/problem+json), zoals de NL API Design Rules vragen.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "instance": {"type": "string"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "code": {"type": "string"}, "reason": {"type": "string"}},
                "required": ["name", "code", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "instance", "detail"],
}


def add_problem_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents its problem+json errors."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status_code, description in ERROR_STATUSES.items():
                operation["responses"].setdefault(status_code, {"description": description, "content": problem})
    return result
