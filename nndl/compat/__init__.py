"""Stand-ins under the course's module names; see README.md here. Put on the learner's sys.path."""
