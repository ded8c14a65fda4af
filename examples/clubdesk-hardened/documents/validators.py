"""Validators for uploaded documents."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible


@deconstructible
class MaxFileSizeValidator:
    """Reject files larger than ``settings.DOCUMENT_MAX_UPLOAD_BYTES``."""

    message = 'Files may be at most %(limit)s; this one is %(size)s.'
    code = 'file_too_large'

    def __call__(self, value):
        limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
        if value.size > limit:
            raise ValidationError(
                self.message,
                code=self.code,
                params={'limit': filesizeformat(limit), 'size': filesizeformat(value.size)},
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator)


validate_document_extension = FileExtensionValidator(allowed_extensions=settings.DOCUMENT_ALLOWED_EXTENSIONS)
validate_document_size = MaxFileSizeValidator()
