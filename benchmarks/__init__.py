"""The benchmark behind `make bench`: a generated dataset ten times BLMK's size, served by gunicorn as in
production, driven over loopback, and reported in docs/benchmarks.md. Start with run.py.
"""
