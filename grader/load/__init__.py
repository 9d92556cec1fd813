"""Load: read a submission (.py or .ipynb) into its definitions, without running it (``reader``)."""
