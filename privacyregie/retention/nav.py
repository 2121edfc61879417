"""Menu items and start-page panels of retention and destruction (each part keeps its own module)."""

from .destruction_nav import NAV_ITEMS as DESTRUCTION_NAV_ITEMS
from .destruction_nav import home_panels as destruction_panels

NAV_ITEMS = [*DESTRUCTION_NAV_ITEMS]


def home_panels(request):
    return [*destruction_panels(request)]
