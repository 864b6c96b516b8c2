import { signInRefusal } from './sign-in-request';

const own = ['http://127.0.0.1:3000', 'https://medguard.example.kz'];
const json = 'application/json';

describe('the pages’ sign-in request', () => {
  it.each([
    [undefined, undefined, json, null],
    ['https://medguard.example.kz', 'same-origin', 'application/json; charset=utf-8', null],
    ['http://127.0.0.1:3000', undefined, json, null],
    [undefined, 'same-origin', json, null],
    [undefined, 'none', json, null],
    ['HTTPS://MEDGUARD.EXAMPLE.KZ', undefined, json, null],
    ['https://evil.example', undefined, json, 'cross_site'],
    ['https://medguard.example.kz.evil.example', undefined, json, 'cross_site'],
    ['http://medguard.example.kz', undefined, json, 'cross_site'],
    ['null', undefined, json, 'cross_site'],
    ['', undefined, json, 'cross_site'],
    [undefined, 'cross-site', json, 'cross_site'],
    ['https://medguard.example.kz', 'cross-site', json, 'cross_site'],
    ['https://evil.example', 'cross-site', 'application/x-www-form-urlencoded', 'cross_site'],
    [undefined, undefined, 'application/x-www-form-urlencoded', 'not_json'],
    [undefined, undefined, 'multipart/form-data; boundary=x', 'not_json'],
    [undefined, undefined, 'text/plain', 'not_json'],
    [undefined, undefined, 'application/json-patch+json', 'not_json'],
    [undefined, undefined, undefined, 'not_json'],
  ])('Origin %j, Sec-Fetch-Site %j, %j → %j', (origin, secFetchSite, contentType, refusal) => {
    expect(signInRefusal({ origin, secFetchSite, contentType, ownOrigins: own })).toBe(refusal);
  });
});
