"""``grade audit``: check the checks with mutants of the solutions (``grader.authoring.mutants``).

    run.py      make the mutants, grade each with the real engine (the batch's pool of grader processes:
                confinement and time limits included), judge the survivors on random inputs, the report
    inputs.py   independent random inputs for a function: its checks' inputs with new values of the
                same shapes and kinds (the course's asserts hold), never the checks' own values
"""
