/**
 * An administrator's command run in the test's own process (runAdminCommand, what server/admin.ts
 * runs), answering what it printed as the process would: a CLI process costs seconds of start on a
 * loaded machine, and a test file may run dozens of commands. Tests that are about the process
 * itself (standard input at a terminal, the exit code a shell sees) spawn server/admin.ts instead.
 */
import { Readable } from 'node:stream';
import { runAdminCommand } from '../../server/admin-cli';
import { withCapturedOutput } from '../captured-output';

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
  try {
    const { result, stdout, stderr } = await withCapturedOutput(() => runAdminCommand(args));
    return { code: result, stdout, stderr };
  } finally {
    process.env = saved;
    Object.defineProperty(process, 'stdin', stdin);
  }
}
