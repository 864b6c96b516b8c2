import { cookiesSecure } from './session-cookies';

describe('session cookies', () => {
  it.each([
    ['https://medguard.example.kz', true],
    ['https://localhost:3000', true],
    ['http://medguard.hospital.kz', true],
    ['http://10.0.0.5:3000', true],
    ['http://localhost.evil.example', true],
    ['http://localhost:3000', false],
    ['http://LOCALHOST', false],
    ['http://127.0.0.1:8080', false],
    ['http://[::1]:3000', false],
  ])('PUBLIC_URL %s → Secure %s', (url, secure) => {
    expect(cookiesSecure(url)).toBe(secure);
  });
});
