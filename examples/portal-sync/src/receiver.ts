import { createServer, type Server } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface ReceivedEvent {
  id: string;
  type: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Receives Werkstatt's webhooks on POST: verifies the Standard Webhooks signature with the
 * subscription's secret (the reference library, which also refuses timestamps older than five
 * minutes), answers 204 at once and hands the event on. Anything unsigned or badly signed gets 401
 * and is dropped. Several secrets (during a rotation) are tried in turn.
 */
export function createReceiver(secrets: string[], onEvent: (event: ReceivedEvent) => void): Server {
  const verifiers = secrets.map((s) => new Webhook(s));
  return createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      const payload = verify(verifiers, body, headers);
      if (!payload) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(204).end();
      onEvent({ id: headers['webhook-id'], type: payload.type });
    });
  });
}

function verify(
  verifiers: Webhook[],
  body: string,
  headers: Record<string, string>,
): { type: string } | undefined {
  for (const verifier of verifiers) {
    try {
      return verifier.verify(body, headers) as { type: string };
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
    }
  }
  return undefined;
}
