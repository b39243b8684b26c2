"""Twenty chat sessions at once against the running app: no error, and every session gets the
answer to its own question (the full few-minute run is evals/bench_load.py)."""

from evals.load import run_load


def test_twenty_simultaneous_sessions_get_their_own_answers(app_server):
    result = run_load(app_server["url"], sessions=20, per_session=3)
    summary = result.summary()
    assert summary["requests"] == 60
    assert result.errors == [] and result.mismatches == []
