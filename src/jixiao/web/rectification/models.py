"""整改: the stage's records."""
