"""Writes refusals of the kernel that happened inside a rolled-back transaction."""

from .services import AccessDenied, write_pending_denial


class KernelDenialMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, AccessDenied):
            write_pending_denial(exception)
        return None
