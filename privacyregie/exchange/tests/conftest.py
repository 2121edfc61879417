import pytest

from .factories import FakeRequest, World, upload


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def share(world):
    """Share a PDF from the case with the GP; returns the exchange."""
    from privacyregie.exchange import services

    def _share(**overrides):
        kwargs = {"partner": world.partner, "case": world.case, "subject": "Verwijzing", "text": "Zie bijlage.",
                  "recipients": [world.gp], "data_categories": ["ondersteuning"], "uploads": [upload()]}
        kwargs.update(overrides)
        return services.create_exchange(FakeRequest(world.worker), **kwargs)

    return _share
