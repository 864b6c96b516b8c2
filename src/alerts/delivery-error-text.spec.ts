import { DELIVERY_ERROR_MAX, deliveryErrorText } from './delivery-error-text';

describe('the error text a delivery log shows', () => {
  it.each([
    [null, null],
    ['HTTP 503', 'HTTP 503'],
    ['no answer within 10000 ms', 'no answer within 10000 ms'],
    ['connect ECONNREFUSED 127.0.0.1:8443', 'connect ECONNREFUSED 127.0.0.1:8443'],
    [
      'request to https://hooks.police.kz/in?token=s3cr3t failed',
      'request to https://hooks.police.kz/… failed',
    ],
    [
      'push to https://fcm.googleapis.com/fcm/send/dXz9:APA91bE refused',
      'push to https://fcm.googleapis.com/… refused',
    ],
    ['Invalid URL http://user:pw@10.0.0.1:9000/x', 'Invalid URL http://10.0.0.1:9000/…'],
    ['bad key whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw here', 'bad key whsec_… here'],
    ['destination +77011234567 rejected', 'destination [number] rejected'],
    ['dest_addr 77011234567 invalid', 'dest_addr [number] invalid'],
    ['number +7 701 123 45 67 barred', 'number [number] barred'],
    ['line one\n  line two', 'line one line two'],
  ])('%j shows as %j', (raw, shown) => {
    expect(deliveryErrorText(raw)).toBe(shown);
  });

  it('bounds a long answer', () => {
    const shown = deliveryErrorText('x'.repeat(5000))!;
    expect(shown.length).toBe(DELIVERY_ERROR_MAX);
    expect(shown.endsWith('…')).toBe(true);
  });
});
