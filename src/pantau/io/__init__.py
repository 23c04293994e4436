"""Reading and writing files that every importer shares: encodings (:mod:`decode`), small
tables in CSV, XLSX or JSON with Indonesian or English column names (:mod:`tabular`), and the
rejects file that tells which rows were refused and why (:mod:`rejects`)."""
