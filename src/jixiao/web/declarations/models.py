"""目标申报: the stage's records."""
