/**
 * A command run in the test's own process, with what it prints captured as its process would have
 * printed it (console.log and process.stdout.write to stdout, console.error to stderr): starting
 * a process costs seconds on a loaded machine (tests/server/admin-command.ts, the badge script).
 */
import { format } from 'node:util';
import { vi } from 'vitest';

export async function withCapturedOutput<T>(run: () => Promise<T>): Promise<{ result: T; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)),
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (stdout += `${format(...parts)}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void (stderr += `${format(...parts)}\n`)),
  ];
  try {
    const result = await run();
    return { result, stdout, stderr };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
