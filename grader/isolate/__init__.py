"""Run learner code in a confined process: ``runner`` (the grader's side), ``child`` (the learner's), ``protocol`` (plain data between them), ``sandbox`` (confinement)."""
