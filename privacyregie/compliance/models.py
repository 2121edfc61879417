"""Models of this capability (see docs/)."""
