"""The run machinery: steps, outputs and their guard, run and report state, fingerprints, artifacts, the lock."""
