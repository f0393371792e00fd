#!/usr/bin/env python3
"""The seed's multiprocessing.Queue baseline (../shared/baselines/mpqueue_bench.py) carrying the same bytes as the
bus benchmark instead of a pickled dict: N messages of SIZE bytes through one queue between two processes, then
20,000 round trips of one message (the raw C peer's count).
Usage: mpqueue-bytes.py N SIZE ; prints the Python version, the throughput and the round-trip line."""
import multiprocessing as mp, platform, sys, time

ROUND_TRIPS = 20000


def producer(q, n, size):
    payload = bytes(7 for _ in range(size))
    for _ in range(n):
        q.put(payload)
    q.put(None)


def consumer(q, out):
    n = 0
    t0 = None
    while True:
        m = q.get()
        if m is None:
            break
        if t0 is None:
            t0 = time.perf_counter()
        n += 1
    out.put((n, time.perf_counter() - t0))


def echo(qa, qb, n):
    for _ in range(n):
        qb.put(qa.get())


if __name__ == "__main__":
    n, size = int(sys.argv[1]), int(sys.argv[2])
    print(f"python {platform.python_version()}")
    q, out = mp.Queue(), mp.Queue()
    c = mp.Process(target=consumer, args=(q, out)); c.start()
    p = mp.Process(target=producer, args=(q, n, size)); p.start()
    received, dt = out.get(); p.join(); c.join()
    # Timed from the first message, as the raw C peer and the bus consumer: n - 1 intervals.
    print(f"mp.Queue throughput: {(received - 1) / dt:.0f} msg/s ({received} msgs of {size} B)")
    qa, qb = mp.Queue(), mp.Queue()
    e = mp.Process(target=echo, args=(qa, qb, ROUND_TRIPS)); e.start()
    payload = bytes(7 for _ in range(size))
    lat = []
    for _ in range(ROUND_TRIPS):
        t = time.perf_counter(); qa.put(payload); qb.get(); lat.append(time.perf_counter() - t)
    e.join(); lat.sort()
    print(f"mp.Queue round trip: median {lat[len(lat) // 2] * 1e6:.1f} us, p99 {lat[int(len(lat) * 0.99)] * 1e6:.1f} us")
