// vitest stand-in for the "server-only" marker: tests run in Node, never in a client bundle.
export {};
