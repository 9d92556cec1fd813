"""The mutant generator: each operator makes the mistake it names, every mutant of the solutions is a
valid module that differs from the solution in one function only, and the result is deterministic."""

import ast
import textwrap
from collections import Counter

import pytest

from grader.authoring import generate as gen
from grader.authoring import mutants as mut

SOLUTIONS = sorted(gen.SOLUTIONS_DIR.glob("w*.py"))


def module(code):
    return textwrap.dedent(code).lstrip("\n")


def changed(source, operator, function="f"):
    """For each mutant of ``function`` made by ``operator``: its changed lines (``+`` lines of the diff),
    stripped, as one string (lines joined by " | ")."""
    found = mut.mutants(source, function, "snippet.py", operators=[operator])
    for m in found:
        assert m.operator == operator and m.function == function
    return [" | ".join(line[1:].strip() for line in m.diff.splitlines() if line.startswith("+")
                       and not line.startswith("+++")) for m in found]


def test_transpose():
    source = module("""
        def f(dZ, A_prev, m):
            dW = np.dot(dZ, A_prev.T) / m
            dw = np.dot(X, (A - Y).T)
            return dW, dw
        """)
    assert changed(source, "transpose") == ["dW = np.dot(dZ, A_prev) / m", "dw = np.dot(X, A - Y)"]


def test_axis_and_keepdims():
    source = module("""
        def f(dZ):
            return np.sum(dZ, axis=1, keepdims=True)
        """)
    assert changed(source, "axis") == ["return np.sum(dZ, axis=0, keepdims=True)"]
    assert changed(source, "keepdims") == ["return np.sum(dZ, axis=1)"]
    m, = mut.mutants(source, "f", operators=["axis"])
    assert m.description == "axis=0 instead of axis=1 in np.sum in line 2"


def test_one_over_m():
    source = module("""
        def f(A, Y, X, L, m):
            a = np.sum(A - Y) / m
            b = 1 / m * np.sum(A - Y)
            c = -1 / m * np.sum(L)
            d = (1. / m) * np.dot(X, A.T)
            e = np.sum(L, axis=1, keepdims=True) / Y.shape[1]
            g = np.sum(L) / n
            return a, b, c, d, e, g
        """)
    assert changed(source, "one_over_m") == [
        "a = np.sum(A - Y)", "b = np.sum(A - Y)", "c = -np.sum(L)", "d = np.dot(X, A.T)",
        "e = np.sum(L, axis=1, keepdims=True)"]  # n is not the number of examples


def test_dot_to_mul_keeps_the_meaning_of_the_rest():
    source = module("""
        def f(W, A, b, x):
            Z = np.dot(W, A) + b
            return x / np.dot(W, A)
        """)
    assert changed(source, "dot_to_mul") == ["Z = W * A + b", "return x / (W * A)"]


def test_mul_to_dot_only_for_arrays():
    source = module("""
        import numpy as np

        def f(dA, s, dW, learning_rate, A2, Y):
            dZ = dA * s
            step = learning_rate * dW
            half = 0.5 * dW
            logprobs = np.multiply(np.log(A2), Y)
            return dZ, step, half, logprobs
        """)
    assert changed(source, "mul_to_dot") == ["dZ = np.dot(dA, s)", "logprobs = np.dot(np.log(A2), Y)"]


def test_update_sign():
    source = module("""
        def f(parameters, grads, W, dW, l, lr):
            parameters["W" + str(l)] = parameters["W" + str(l)] - lr * grads["dW" + str(l)]
            W -= lr * dW
            Z = W + dW
            return parameters, W, Z
        """)
    assert changed(source, "update_sign") == [
        'parameters["W" + str(l)] = parameters["W" + str(l)] + lr * grads["dW" + str(l)]', "W += lr * dW"]
    # Z is no parameter nor gradient: its + is the generic operator's; the string concatenations nobody's
    assert changed(source, "arith") == [
        'parameters["W" + str(l)] = parameters["W" + str(l)] - lr / grads["dW" + str(l)]', "W -= lr / dW",
        "Z = W - dW"]


def test_activation_swaps_calls_and_activation_strings():
    source = module("""
        import numpy as np

        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        def relu(z):
            return np.maximum(0, z)

        def f(Z1, A_prev, W, b):
            A1 = np.tanh(Z1)
            A2 = sigmoid(A1)
            return linear_activation_forward(A_prev, W, b, activation="relu"), A2
        """)
    assert changed(source, "activation") == [
        "A1 = sigmoid(Z1)", "A1 = relu(Z1)", "A2 = np.tanh(A1)", "A2 = relu(A1)",
        'return linear_activation_forward(A_prev, W, b, activation="sigmoid"), A2']


def test_activation_uses_only_what_the_module_has():
    source = module("""
        import numpy as np
        from helpers import sigmoid

        def f(Z1):
            return sigmoid(Z1)
        """)
    assert changed(source, "activation") == ["return np.tanh(Z1)"]  # relu is not there


def test_a_z_names_and_keys():
    source = module("""
        def f(X, W1, b1, W2, b2, cache, l):
            Z1 = np.dot(W1, X) + b1
            A1 = np.tanh(Z1)
            Z2 = np.dot(W2, A1) + b2
            A0 = cache["A1"]
            key = "A" + str(l)
            other = f"Z{l}"
            return Z2
        """)
    assert changed(source, "a_z") == [
        "Z2 = np.dot(W2, Z1) + b2",  # np.tanh(Z1) -> np.tanh(A1) is not made: A1 is not assigned yet
        'A0 = cache["Z1"]', 'key = "Z" + str(l)', 'other = f"A{l}"']


def test_layer_index():
    source = module("""
        def f(parameters, layer_dims, caches, l):
            W = parameters["W" + str(l)]
            n = layer_dims[l - 1]
            cache = caches[l]
            dW = parameters[f"dW{l + 1}"]
            return W, n, cache, dW
        """)
    assert changed(source, "layer_index") == [
        'W = parameters["W" + str(l + 1)]', 'W = parameters["W" + str(l - 1)]',
        "n = layer_dims[l]", "n = layer_dims[l - 2]",
        "cache = caches[l + 1]", "cache = caches[l - 1]",
        'dW = parameters[f"dW{l + 2}"]', 'dW = parameters[f"dW{l}"]']


def test_layer_index_numbered_keys_and_names():
    source = module("""
        def f(parameters, X):
            W1 = parameters["W1"]
            W2 = parameters["W2"]
            b3 = parameters["b3"]
            return np.dot(W2, X)
        """)
    assert changed(source, "layer_index") == [
        'W1 = parameters["W2"]', 'W2 = parameters["W1"]',  # "b2" and "b4" are not keys of f
        "return np.dot(W1, X)"]


def test_range():
    source = module("""
        def f(L):
            for l in range(L):
                pass
            for l in range(1, L):
                pass
        """)
    assert changed(source, "range") == [
        "for l in range(1, L):", "for l in range(L - 1):", "for l in range(L + 1):",
        "for l in range(L):", "for l in range(1, L - 1):", "for l in range(1, L + 1):"]


def test_course_constants():
    source = module("""
        def f(n_h, n_x, A, i):
            W = np.random.randn(n_h, n_x) * 0.01
            p = A > 0.5
            d = 1 - np.power(A, 2)
            if i % 100 == 0:
                pass
        """)
    assert changed(source, "constant") == [
        "W = np.random.randn(n_h, n_x) * 0.1", "W = np.random.randn(n_h, n_x) * 1.0",
        "p = A > 0.4", "p = A > 0.6",
        "d = 0 - np.power(A, 2)", "d = 1 - np.power(A, 1)", "d = 1 - np.power(A, 3)",
        "if i % 10 == 0:", "if i % 1000 == 0:"]


def test_drop_argument():
    source = module("""
        def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
            return w

        def f(w, b, X, Y, num_iterations=2000, learning_rate=0.5, print_cost=False):
            for i in range(num_iterations):
                pass
            params = optimize(w, b, X, Y, num_iterations, learning_rate, print_cost)
            return np.sum(X, axis=1, keepdims=True), params
        """)
    assert changed(source, "drop_arg") == [  # range(num_iterations) is left alone: range has no default
        "params = optimize(w, b, X, Y, learning_rate=learning_rate, print_cost=print_cost)",
        "params = optimize(w, b, X, Y, num_iterations, print_cost=print_cost)",
        "params = optimize(w, b, X, Y, num_iterations, learning_rate)",
        "return np.sum(X, keepdims=True), params"]
    descriptions = [m.description for m in mut.mutants(source, "f", operators=["drop_arg"])]
    assert descriptions[1] == "drop the argument learning_rate of optimize (its default is used) in line 7"
    required = module("""
        def forward(A, activation):
            return A

        def f(A, lr=0.1):
            return forward(A, activation="relu"), update(A, lr)
        """)
    # activation has no default (a sure TypeError); update is not known: its last argument may go
    assert changed(required, "drop_arg") == ['return forward(A, activation="relu"), update(A)']


def test_odd_layouts_still_give_valid_mutants():
    shared = "import numpy as np\n\ndef f(n):\n    x = 1; np.random.seed(1)\n    return np.random.randn(n) + x\n"
    drop, move = mut.mutants(shared, "f", operators=["seed"])
    # the seed shares its line: the function is written anew (without comments), and stays valid
    assert drop.source.splitlines()[3:5] == ["    x = 1", "    return np.random.randn(n) + x"]
    assert move.source.splitlines()[3:6] == ["    x = 1", "    return np.random.randn(n) + x", "    np.random.seed(1)"]
    windows = "def f(A):\r\n    # é≈\r\n    s = 'é≈'; t = A.T\r\n    return t\r\n"
    m, = mut.mutants(windows, "f", operators=["transpose"])
    assert m.source == windows.replace("A.T", "A")


def test_zero_loop_keeps_the_body():
    source = module("""
        def f(X, n):
            for i in range(n):
                X = X + 1  # one step
            return X
        """)
    m, = mut.mutants(source, "f", operators=["zero_loop"])
    assert m.source.splitlines()[1:3] == ["    for i in range(0):", "        X = X + 1  # one step"]
    assert m.description == "the loop over range(n) runs zero times (range(0)) in line 2"


def test_seed_dropped_or_moved_past_what_draws():
    source = module("""
        import numpy as np

        def f(n_h, n_x):
            np.random.seed(1)
            costs = []
            W1 = np.random.randn(n_h, n_x) * 0.01
            return W1, costs
        """)
    drop, move = mut.mutants(source, "f", operators=["seed"])
    assert drop.source.splitlines()[2:4] == ["def f(n_h, n_x):", "    costs = []"]
    assert move.source.splitlines()[2:7] == [
        "def f(n_h, n_x):", "    costs = []", "    W1 = np.random.randn(n_h, n_x) * 0.01", "    np.random.seed(1)",
        "    return W1, costs"]  # right after "costs = []" would change nothing
    assert move.description == ("call np.random.seed(1) after W1 = np.random.randn(n_h, n_x) * 0.01 instead of "
                                "before it in line 4")


def test_seed_alone_in_its_block_leaves_a_pass():
    source = module("""
        import numpy as np

        def f(fixed):
            if fixed:
                np.random.seed(3)
            return np.random.randn()
        """)
    drop, = mut.mutants(source, "f", operators=["seed"])
    assert drop.source.splitlines()[4:6] == ["        pass", "    return np.random.randn()"]


def test_generic_operators():
    source = module("""
        def f(A, s, x, i, n):
            y = s * (1 - s) ** 2
            p = A > 0.5
            q = i == n
            k = 7 + 0.25
            return np.exp(-x), k
        """)
    assert changed(source, "arith") == ["y = s / (1 - s) ** 2", "y = s * ((1 - s) * 2)", "y = s * (1 + s) ** 2",
                                        "k = 7 - 0.25"]
    assert changed(source, "compare") == ["p = A >= 0.5", "p = A < 0.5", "q = i != n"]
    # the 1 of 1 - s, the 2 of ** 2 and the 0.5 are the course's constants ("constant"), not "number"'s
    assert changed(source, "number") == ["k = 8 + 0.25", "k = 0 + 0.25", "k = 7 + 0.5", "k = 7 + 0.125"]
    assert changed(source, "negation") == ["return np.exp(x), k"]


def test_only_the_body_is_mutated_not_the_docstring_signature_or_prints():
    source = module('''
        def f(parameters, learning_rate=0.01, print_cost=False):
            """W1"""
            W = parameters["W2"]
            if print_cost:
                print("cost after %i: %f" % (100, W.T * 2))
            return W
        ''')
    assert mut.mutants(source, "f") == []  # "W1" is the docstring, 0.01 a default, the rest only prints


def test_a_narrow_edit_keeps_comments_and_quotes():
    source = module("""
        def f(dZ, A_prev, m):
            # the gradient of W
            dW = np.dot(dZ, A_prev.T) / m  # (n, n_prev)
            grads = {"dW": dW}
            return grads
        """)
    m = mut.mutants(source, "f", operators=["transpose"])[0]
    assert m.source == source.replace("A_prev.T", "A_prev")
    assert m.line == 3 and m.description == "drop the .T of A_prev.T in line 3"
    assert m.diff.splitlines() == [
        "--- <solution>", "+++ <solution> (transpose: f)", "@@ -2,3 +2,3 @@",
        "     # the gradient of W", "-    dW = np.dot(dZ, A_prev.T) / m  # (n, n_prev)",
        "+    dW = np.dot(dZ, A_prev) / m  # (n, n_prev)", '     grads = {"dW": dW}']


def test_the_same_words_twice_in_a_line_say_which():
    source = module("""
        def f(parameters, grads, lr, l):
            parameters[f"W{l}"] = parameters[f"W{l}"] - lr * grads[f"dW{l}"]
        """)
    descriptions = [m.description for m in mut.mutants(source, "f", operators=["layer_index"])]
    assert descriptions[:2] == ['l + 1 instead of l in f"W{l}" in line 2 (1st of 2 places in that line)',
                                'l - 1 instead of l in f"W{l}" in line 2 (1st of 2 places in that line)']
    assert descriptions[2] == 'l + 1 instead of l in f"W{l}" in line 2 (2nd of 2 places in that line)'


# -- the solutions ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def solution_mutants():
    """{solution path: {graded function: [Mutant]}}"""
    return {path: {f: mut.mutants(path.read_text(), f, str(path)) for f in mut.graded_functions(path.read_text())}
            for path in SOLUTIONS}


def test_graded_functions_are_those_the_authoring_tools_find():
    for path in SOLUTIONS:
        source = path.read_text()
        expected = [m["name"] for line in source.splitlines() if (m := gen.GRADED.match(line))]
        assert mut.graded_functions(source) == expected and expected


def test_every_mutant_compiles_and_differs_from_the_solution_in_its_function_only(solution_mutants):
    known = {op.id for op in mut.OPERATORS}
    for path, by_function in solution_mutants.items():
        source = path.read_text()
        lines = source.split("\n")
        tree = ast.parse(source)
        for function, found in by_function.items():
            assert found, f"{path.name}: no mutant of {function}"
            index, node = next((i, n) for i, n in enumerate(tree.body)
                               if isinstance(n, ast.FunctionDef) and n.name == function)
            head, tail = lines[:node.lineno - 1], lines[node.end_lineno:]
            descriptions = Counter(m.description for m in found)
            assert max(descriptions.values()) == 1, f"{path.name}: two mutants described alike: {descriptions}"
            for m in found:
                where = f"{path.name}, {function}, {m.description}"
                compile(m.source, str(path), "exec")
                new = m.source.split("\n")
                assert new[:len(head)] == head and new[len(new) - len(tail):] == tail, where
                mutated = ast.parse(m.source)
                assert ast.dump(mutated.body[index]) != ast.dump(node), where
                others = [ast.dump(n) for i, n in enumerate(mutated.body) if i != index]
                assert others == [ast.dump(n) for i, n in enumerate(tree.body) if i != index], where
                assert m.operator in known and m.function == function, where
                assert node.lineno < m.line <= node.end_lineno, where
                assert m.description.endswith(f"in line {m.line}") or f"in line {m.line} (" in m.description
                assert m.diff.startswith(f"--- {path}\n+++ {path} ({m.operator}: {function})\n@@ -"), where
            assert len({m.source for m in found}) == len(found), f"{path.name}: {function} has duplicate mutants"
            assert [m.line for m in found] == sorted(m.line for m in found), f"{path.name}: {function} not in order"


def test_counts_per_assignment_and_operator(capsys):
    """The issue expects "a few hundred mutation sites in the solutions": print them, per assignment and
    per operator, and check that every operator has something to do in the course."""
    ids = [op.id for op in mut.OPERATORS]
    table = {}
    for path in SOLUTIONS:
        source = path.read_text()
        counts = Counter()
        for function in mut.graded_functions(source):
            counts.update(mut.sites(source, function, str(path)))
        table[path.stem.split("_")[0]] = counts
    totals = sum(table.values(), Counter())
    with capsys.disabled():
        print("\nmutation sites per assignment and operator")
        print(f"{'operator':12}" + "".join(f"{a:>6}" for a in table) + f"{'total':>7}")
        for op in ids:
            print(f"{op:12}" + "".join(f"{table[a][op]:>6}" for a in table) + f"{totals[op]:>7}")
        print(f"{'all':12}" + "".join(f"{sum(table[a].values()):>6}" for a in table) + f"{sum(totals.values()):>7}")
    assert 200 <= sum(totals.values()) <= 1000
    assert all(sum(counts.values()) >= 30 for counts in table.values()), table
    assert [op for op in ids if not totals[op]] == []  # every operator meets its mistake somewhere


def test_mutants_are_counted_per_assignment(solution_mutants, capsys):
    made = {path.stem.split("_")[0]: sum(len(found) for found in by_function.values())
            for path, by_function in solution_mutants.items()}
    with capsys.disabled():
        print(f"\nmutants per assignment: {made}, total {sum(made.values())}")
    assert set(made) == {"w2a1", "w2a2", "w3a1", "w4a1", "w4a2"} and all(n >= 30 for n in made.values())


def test_sites_of_a_function():
    source = next(p for p in SOLUTIONS if p.stem.startswith("w3a1")).read_text()
    counted = mut.sites(source, "backward_propagation")
    assert list(counted) == [op.id for op in mut.OPERATORS]
    # dW2 = np.dot(dZ2, A1.T) / m; db2 = np.sum(dZ2, axis=1, keepdims=True) / m;
    # dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2)); dW1 = np.dot(dZ1, X.T) / m; db1 as db2
    assert {op: counted[op] for op in ("transpose", "axis", "keepdims", "one_over_m", "dot_to_mul", "seed")} == {
        "transpose": 3, "axis": 2, "keepdims": 2, "one_over_m": 4, "dot_to_mul": 3, "seed": 0}
    found = Counter(m.operator for m in mut.mutants(source, "backward_propagation"))
    for op in ("transpose", "axis", "keepdims", "one_over_m", "dot_to_mul"):  # one mutant per site
        assert found[op] == counted[op], op
    assert mut.sites(source, "backward_propagation", operators=["axis"]) == {"axis": 2}


def test_deterministic(solution_mutants):
    for path in SOLUTIONS:
        source = path.read_text()
        for function in mut.graded_functions(source):
            assert mut.mutants(source, function, str(path)) == solution_mutants[path][function]
            assert mut.sites(source, function, str(path)) == mut.sites(source, function, str(path))


# -- bad input --------------------------------------------------------------------------------------

def test_a_solution_that_does_not_parse():
    source = "import numpy as np\n\n# GRADED FUNCTION: f\ndef f(x):\n    return np.sum(x,\n"
    with pytest.raises(mut.MutationError) as e:
        mut.mutants(source, "f", "solutions/w9a9_broken.py")
    assert str(e.value).startswith("solutions/w9a9_broken.py, line 5: SyntaxError: ")
    assert "fix it and run again" in str(e.value)
    with pytest.raises(mut.MutationError, match=r"w9a9_broken.py, line 5"):
        mut.sites(source, "f", "solutions/w9a9_broken.py")


def test_a_function_that_is_not_there():
    source = SOLUTIONS[0].read_text()  # w2a1
    with pytest.raises(mut.MutationError) as e:
        mut.mutants(source, "softmaxx", "solutions/w2a1_numpy_basics.py")
    message = str(e.value)
    assert message.startswith("solutions/w2a1_numpy_basics.py has no function 'softmaxx' "
                              "(expected a top-level 'def softmaxx(...)'); its graded functions are basic_sigmoid, "
                              "sigmoid, sigmoid_derivative, image2vector, normalize_rows, softmax, L1, L2")
    with pytest.raises(mut.MutationError, match="it has no '# GRADED FUNCTION: name' marks"):
        mut.mutants("x = 1\n", "f")


def test_an_unknown_operator():
    with pytest.raises(mut.MutationError, match=r"unknown mutation operator 'transpose2': expected one of "
                                                r"transpose, axis, keepdims, "):
        mut.mutants("def f(x):\n    return x.T\n", "f", operators=["transpose2"])
