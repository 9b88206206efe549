export interface Output {
  out(line: string): void;
  err(line: string): void;
}

// C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the bidirectional
// overrides and isolates that reorder what a terminal shows.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Names come from the cluster, and the API server accepts a user named `mallory\e[2K\r`: written
 * raw, it would erase or hide lines of the report. Each such character is shown as its `\uXXXX`
 * escape instead, which inside a JSON string is the same value, so JSON output stays valid and equal.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Lines to two writers, each made terminal-safe and ended with a newline. */
export function writerOutput(out: (text: string) => void, err: (text: string) => void): Output {
  return { out: (line) => out(`${terminalSafe(line)}\n`), err: (line) => err(`${terminalSafe(line)}\n`) };
}

export const processOutput: Output = writerOutput(
  (text) => process.stdout.write(text),
  (text) => process.stderr.write(text),
);
