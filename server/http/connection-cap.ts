import type { Server } from 'node:net';

/**
 * At most `max` open connections per client address: one address cannot hold the server's sockets
 * (and the bodies they carry) by opening hundreds of stalled uploads. Connections beyond it are
 * closed at once, before a byte is read. Addresses for which `exempt` is true — the trusted reverse
 * proxies, which carry every kiosk's connections — are not counted.
 */
export function capConnectionsPerAddress(server: Server, max: number, exempt: (address: string) => boolean): void {
  const open = new Map<string, number>();
  // Before the HTTP server's own listener: a refused socket is never parsed.
  server.prependListener('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    if (exempt(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
