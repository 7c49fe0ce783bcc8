"""运行监控: the stage's records."""
