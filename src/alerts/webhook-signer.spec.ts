import { Webhook } from 'standardwebhooks';
import { webhookHeaders } from './webhook-signer';

const secret = 'whsec_' + Buffer.from('a police post secret of 32 bytes').toString('base64');

describe('webhook signature', () => {
  it('verifies with the Standard Webhooks library', () => {
    const body = JSON.stringify({ type: 'incident.alert', alertId: 'a1' });
    const headers = webhookHeaders(secret, 'alert_a1', body);
    expect(new Webhook(secret).verify(body, headers)).toEqual({
      type: 'incident.alert',
      alertId: 'a1',
    });
  });

  it('fails verification when the body was altered', () => {
    const headers = webhookHeaders(secret, 'alert_a1', '{"priority":1}');
    expect(() => new Webhook(secret).verify('{"priority":4}', headers)).toThrow();
  });

  it('fails verification with another post secret', () => {
    const headers = webhookHeaders(secret, 'alert_a1', '{}');
    const other = 'whsec_' + Buffer.from('another secret of thirty-two b!!').toString('base64');
    expect(() => new Webhook(other).verify('{}', headers)).toThrow();
  });
});

describe('webhook signatures during a secret overlap', () => {
  const previous = 'whsec_' + Buffer.from('the secret before the rotation!!').toString('base64');
  const body = JSON.stringify({ type: 'webhook.test' });

  it.each([
    ['the new secret', secret],
    ['the old secret', previous],
  ])('one delivery verifies with %s', (_name, key) => {
    const headers = webhookHeaders([secret, previous], 'test_1', body);
    expect(new Webhook(key).verify(body, headers)).toEqual({ type: 'webhook.test' });
  });

  it('carries both signatures, the new first, space-separated', () => {
    const headers = webhookHeaders([secret, previous], 'test_1', body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$/);
    expect(headers['webhook-signature'].split(' ')[0]).toBe(
      webhookHeaders(secret, 'test_1', body)['webhook-signature'],
    );
  });
});
