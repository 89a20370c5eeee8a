/**
 * The whole server (protocol and console API) with an IT account signed in, for the fleet's tests:
 * kiosks pair, enrol and beat through the protocol; IT staff act through the console's API.
 */
import { API_PREFIX } from '../../../shared/protocol';
import { ConsoleClient, PASSWORD } from '../console/harness';
import { startTestServer, type TestServer } from '../helpers';

export interface FleetServer {
  server: TestServer;
  it: ConsoleClient;
  /** An unsigned protocol call (enrolment, pairing). */
  post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startFleetServer(): Promise<FleetServer> {
  const server = await startTestServer();
  await server.admin.addConsoleUser({ login: 'kythuat', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
  const it = new ConsoleClient(server.url);
  const login = await it.login('kythuat');
  if (login.status !== 200) throw new Error(`IT sign-in failed: ${login.status}`);
  return {
    server,
    it,
    async post(path, body) {
      const response = await fetch(`${server.url}${API_PREFIX}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    close: () => server.close(),
  };
}
