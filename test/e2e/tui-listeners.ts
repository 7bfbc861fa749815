/**
 * 127.0.0.1 listeners for the UI's end-to-end tests: one that sends a banner (so the Detail view
 * has received bytes to dump), one silent, and a port that was just closed (NOT LISTENING).
 */
import { createServer, type Server } from 'node:net';

export interface Listeners {
  banner: number;
  silent: number;
  closed: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

export async function openListeners(): Promise<Listeners> {
  const sockets = new Set<import('node:net').Socket>();
  const track = (s: import('node:net').Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const banner = createServer((s) => {
    track(s);
    s.end('PQX-UI-BANNER hello\r\n');
  });
  const silent = createServer((s) => track(s));
  const gone = createServer();
  const ports = { banner: await listen(banner), silent: await listen(silent), closed: await listen(gone) };
  await new Promise<void>((r) => gone.close(() => r()));
  return {
    ...ports,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([banner, silent].map((srv) => new Promise<void>((r) => srv.close(() => r()))));
    },
  };
}
