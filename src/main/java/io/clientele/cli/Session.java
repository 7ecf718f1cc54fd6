package io.clientele.cli;

/** What an admin command works with: the server's admin API, and where its answer goes. */
record Session(AdminClient api, Output output) {}
