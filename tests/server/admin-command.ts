/**
 * An administrator's command run in the test's own process (runAdminCommand, what server/admin.ts
 * runs), answering what it printed as the process would: a CLI process costs seconds of start on a
 * loaded machine, and a test file may run dozens of commands. Tests that are about the process
 * itself (standard input at a terminal, the exit code a shell sees) spawn server/admin.ts instead.
 */
import { Readable } from 'node:stream';
import { format } from 'node:util';
import { vi } from 'vitest';
import { runAdminCommand } from '../../server/admin-cli';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `args` with `env` as the whole environment and `input` (if given) as standard input. */
export async function runAdminHere(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CommandResult> {
  const saved = process.env;
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  process.env = { ...env };
  if (input !== undefined) Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(input)]), configurable: true });
  let stdout = '';
  let stderr = '';
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)),
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (stdout += `${format(...parts)}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void (stderr += `${format(...parts)}\n`)),
  ];
  try {
    return { code: await runAdminCommand(args), stdout, stderr };
  } finally {
    for (const spy of spies) spy.mockRestore();
    process.env = saved;
    Object.defineProperty(process, 'stdin', stdin);
  }
}
