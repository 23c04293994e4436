"""One module per sub-command group of ``pantau``; each is thin and imports no other."""
