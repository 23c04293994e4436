"""The toolkit the daily, weekly and bimtek documents share: fonts for PDF and images
(:mod:`fonts`), tables as XLSX worksheets (:mod:`xlsx`)."""
