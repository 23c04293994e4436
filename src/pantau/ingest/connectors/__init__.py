"""Live sources (feeds, APIs). Each connector yields canonical post dicts in batches."""
