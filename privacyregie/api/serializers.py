"""Input behaviour shared by the API serializers that accept data.

:class:`SaneInputMixin` gives every writable date and date-time field the sane-date
validator of ``core.validators`` (1900 up to ten years ahead; up to today for the
fields named in ``past_date_fields``) and every writable text field the
control-character validator (the parsers already refuse such characters in any body;
this keeps a serializer safe when it is fed otherwise).
"""

from rest_framework import serializers

from privacyregie.core.validators import (
    NoControlCharactersValidator,
    SaneDateValidator,
    validate_no_control_characters,
    validate_past_date,
    validate_sane_date,
)


class SaneInputMixin:
    past_date_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if field.read_only:
                continue
            validators = field.validators
            if isinstance(field, (serializers.DateField, serializers.DateTimeField)):
                if not any(isinstance(v, SaneDateValidator) for v in validators):
                    validators.append(validate_past_date if name in self.past_date_fields else validate_sane_date)
            elif isinstance(field, serializers.CharField):
                if not any(isinstance(v, NoControlCharactersValidator) for v in validators):
                    validators.append(validate_no_control_characters)
        return fields
