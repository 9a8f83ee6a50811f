from october.management.commands.bench import parse_wrk

WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:8000/books/in-defence/
  2 threads and 32 connections
  Latency Distribution
     50%  844.00us
     75%    1.02ms
     90%    1.31ms
     99%    1.20s
  9866 requests in 3.00s, 17.68MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   3288.51
Transfer/sec:      5.89MB
"""


def test_wrk_figures_are_read_in_milliseconds():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures["rps"] == 3288.51
    assert figures["p50_ms"] == 0.844
    assert figures["p99_ms"] == 1200.0
    assert figures["errors"] == 12
