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
