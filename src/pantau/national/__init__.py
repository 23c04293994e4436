"""The coordinator's view across institutions' workspaces: the institution directory, national
issues linked from each workspace's issues, shared claims, narrative adoption by institution and
region, the *Nasional* page's data and the national daily report."""
