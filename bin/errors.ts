/** Bad flags or input: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}
