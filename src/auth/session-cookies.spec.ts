import express, { Request } from 'express';
import { cookiesSecure, readCookie } from './session-cookies';

const withCookie = (cookie?: string): Request =>
  Object.assign(Object.create(express.request) as Request, {
    headers: cookie === undefined ? {} : { cookie },
  });

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

describe('reading a cookie', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['no Cookie header', undefined, undefined],
    ['an empty header', '', undefined],
    ['the only cookie', 'mg_session=abc', 'abc'],
    ['among others', 'a=1; mg_session=abc; b=2', 'abc'],
    ['without spaces after the semicolons', 'a=1;mg_session=abc;b=2', 'abc'],
    ['spaces around the equals sign', 'mg_session = abc ; b=2', 'abc'],
    ['a value holding an equals sign', 'mg_session=a=b==', 'a=b=='],
    ['a percent-encoded value', 'mg_session=a%20b%2Fc', 'a b/c'],
    ['a name that only ends like ours', 'xmg_session=evil', undefined],
    ['a name that only starts like ours', 'mg_session_old=evil', undefined],
    ['the first of two with the same name', 'mg_session=first; mg_session=second', 'first'],
    ['an absent cookie', 'a=1; b=2', undefined],
  ])('%s', (_case, header, value) => {
    expect(readCookie(withCookie(header), 'mg_session')).toBe(value);
  });
});
