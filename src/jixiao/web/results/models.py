"""结果应用: the stage's records."""
