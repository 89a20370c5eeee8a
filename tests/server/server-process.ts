/**
 * The provincial server as people run it: `server/main.ts` in a process of its own, configured by
 * its environment, with its stdout and stderr kept for the test to read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signRequest } from '../../shared/node/signing';
import { API_PREFIX, type EnrollResponse } from '../../shared/protocol';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit code (bounded: SIGKILL after 20 s). */
  stop(): Promise<number | null>;
}

/** Starts server/main.ts with `env` (added to this process's, without DATABASE_URL unless given). */
export async function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServerProcess> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...inherited, PORT: '0', ...env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in ${timeoutMs} ms: ${out} ${err}`)), timeoutMs);
    const look = () => {
      const match = /^Nụ cười server listening on (https?:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${out} ${err}`));
    });
  });
  return {
    url,
    child,
    stdout: () => out,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', (code) => {
          clearTimeout(force);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Calls the running PGlite server's admin route with the token it left in its data folder. */
export async function adminCall(dataDir: string, method: string, ...args: unknown[]): Promise<unknown> {
  const note = JSON.parse(readFileSync(join(dataDir, 'server.pid.json'), 'utf8')) as { url: string; adminToken: string };
  const response = await fetch(`${note.url}/admin/v1/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${note.adminToken}` },
    body: JSON.stringify({ method, args }),
  });
  const json = (await response.json()) as { result?: unknown };
  if (!response.ok) throw new Error(`admin ${method}: ${response.status} ${JSON.stringify(json)}`);
  return json.result;
}

export interface ProcessKiosk {
  deviceId: string;
  deviceSecret: string;
  /** A signed request to the server it enrolled with, or to `url` (the same server started again). */
  send(method: 'GET' | 'POST', route: string, body?: string, url?: string): Promise<{ status: number; json: Record<string, unknown> }>;
}

/** A kiosk of the demo unit enrolled with a server process, signing as the real one does. */
export async function enrolWithProcess(dataDir: string, url: string): Promise<ProcessKiosk> {
  const code = (await adminCall(dataDir, 'createEnrollmentCode', { unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' })) as string;
  const response = await fetch(`${url}${API_PREFIX}/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enrollmentCode: code, deviceName: 'Kiosk quầy 01', appVersion: '0.1.0' }),
  });
  if (response.status !== 201) throw new Error(`enrol: ${response.status} ${await response.text()}`);
  const enrolled = (await response.json()) as EnrollResponse;
  return {
    deviceId: enrolled.deviceId,
    deviceSecret: enrolled.deviceSecret,
    async send(method, route, body, serverUrl = url) {
      const target = `${API_PREFIX}${route}`;
      const timestamp = Date.now();
      const answer = await fetch(`${serverUrl}${target}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          'x-device-id': enrolled.deviceId,
          'x-timestamp': String(timestamp),
          'x-signature': signRequest(enrolled.deviceSecret, method, target, timestamp, body ?? ''),
        },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await answer.text();
      return { status: answer.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
  };
}

/** `npm run admin -- …` with `env` (added to this process's, without DATABASE_URL unless given). */
export function runAdmin(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], { env: { ...inherited, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts server/main.ts expecting it to refuse: its exit code and what it printed. */
export function refusedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...inherited, PORT: '0', ...env }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (/listening on/.test(output)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
