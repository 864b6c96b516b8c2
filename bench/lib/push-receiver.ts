import { createECDH, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { generateVAPIDKeys } from 'web-push';

/**
 * A push service on loopback for the benchmarks: records when each alert's push first arrives,
 * keyed by its `Topic` (the alert id without dashes), and answers 201 as push services do.
 */
export async function startPushReceiver() {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    const topic = String(req.headers.topic ?? '');
    if (topic && !arrivals.has(topic)) arrivals.set(topic, Date.now());
    req.resume();
    req.on('end', () => res.writeHead(201).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const vapid = generateVAPIDKeys();
  return {
    /** The settings that turn push on and let it reach this receiver. */
    env: {
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:bench@medguard.test',
      PUSH_ALLOWED_HOSTS: '127.0.0.1',
    },
    subscription: {
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/push/bench`,
      keys: {
        p256dh: ecdh.getPublicKey().toString('base64url'),
        auth: randomBytes(16).toString('base64url'),
      },
    },
    arrivalOf: (alertId: string) => arrivals.get(alertId.replace(/-/g, '')),
    close: () => server.close(),
  };
}
