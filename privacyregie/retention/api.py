"""REST API of retention and destruction under /api/v1/; each part registers its own viewsets."""


def register(router):
    from . import destruction_api

    destruction_api.register(router)
