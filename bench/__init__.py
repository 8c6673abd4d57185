"""The benchmark (``make bench``): programs, a no-op provider to compare with, and the peers' schedules."""
