// The environment that switches live updates on for a playground: a port chosen beforehand, so the
// notification URL Graph (the emulator) posts to is known before Strapi starts.
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const notificationUrlOf = (port: number) => `http://127.0.0.1:${port}/api/microsoft-365/notifications`;

/** PORT and the notification URL of a playground on `port`, with the debounce given. */
export function liveUpdatesEnv(port: number, debounceMs = 500): Record<string, string> {
  return { PORT: String(port), MICROSOFT365_NOTIFICATION_URL: notificationUrlOf(port), MICROSOFT365_NOTIFICATION_DEBOUNCE_MS: String(debounceMs) };
}
