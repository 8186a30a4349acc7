"""Loopback fakes of the services tracker talks to, in the recorded shapes of ../shared/data/wire."""
