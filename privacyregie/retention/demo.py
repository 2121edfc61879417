"""Demo data of retention and destruction (idempotent); each part loads its own."""


def load() -> None:
    from . import destruction_demo

    destruction_demo.load()
