/**
 * The source cannot be read at all: an unreachable server, bad credentials, nothing listed, a
 * missing snapshot, an invalid environment. Views answer 503 with its message.
 */
export class ClusterError extends Error {}
