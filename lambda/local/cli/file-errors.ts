/** How the CLI commands word what went wrong with a file or an error, without a stack trace. */

/** `no such file or directory (ENOENT)`, from Node's `ENOENT: no such file or directory, open 'x'`. */
export function describeFileError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = messageOf(err);
  const match = /^([A-Z0-9_]+): ([^,]+)/.exec(message);
  if (match !== null && match[1] === code) return `${match[2]} (${code})`;
  return message;
}

/** An error's message; `instanceof Error` is not used, as errors may come from another realm (fs under jest). */
export function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(err);
}

/** The text without a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
