/** Unreachable server, bad credentials, or nothing at all could be listed. */
export class ClusterError extends Error {}
