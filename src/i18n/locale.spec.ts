import express, { Request } from 'express';
import type { Actor } from '../auth/roles';
import { resolveLocale } from './i18n';

/** A request as Express hands it to a controller, with the given headers. */
const requestWith = (headers: Record<string, string>): Request =>
  Object.assign(Object.create(express.request) as Request, {
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  });

const kazakhUser = { kind: 'user', locale: 'kk' } as Actor;

describe('the language of an answer', () => {
  it.each<[string, Record<string, string>, Actor | null, string | undefined, string]>([
    ['nothing said: Russian', {}, null, undefined, 'ru'],
    ['the browser asks for English', { 'Accept-Language': 'en' }, null, undefined, 'en'],
    ['a regional variant', { 'Accept-Language': 'kk-KZ,kk;q=0.9' }, null, undefined, 'kk'],
    ['the highest weight wins', { 'Accept-Language': 'en;q=0.5, kk;q=0.8' }, null, undefined, 'kk'],
    ['equal weights: the browser’s order', { 'Accept-Language': 'en, kk' }, null, undefined, 'en'],
    [
      'what a browser sends',
      { 'Accept-Language': 'en-GB,en;q=0.9,kk;q=0.8,ru;q=0.7' },
      null,
      undefined,
      'en',
    ],
    [
      'languages we lack are passed over',
      { 'Accept-Language': 'de, fr;q=0.9, en;q=0.1' },
      null,
      undefined,
      'en',
    ],
    ['only languages we lack: Russian', { 'Accept-Language': 'de-DE, fr' }, null, undefined, 'ru'],
    [
      'a language refused with q=0 is not chosen',
      { 'Accept-Language': 'en;q=0' },
      null,
      undefined,
      'ru',
    ],
    [
      'a tag that merely starts like ours is another language',
      { 'Accept-Language': 'ena, kkx' },
      null,
      undefined,
      'ru',
    ],
    ['any language: Russian', { 'Accept-Language': '*' }, null, undefined, 'ru'],
    ['a malformed header: Russian', { 'Accept-Language': ';;,q=x' }, null, undefined, 'ru'],
    [
      'the user’s own setting over the browser',
      { 'Accept-Language': 'en' },
      kazakhUser,
      undefined,
      'kk',
    ],
    ['an explicit lang over everything', { 'Accept-Language': 'kk' }, kazakhUser, 'en', 'en'],
    ['an unknown explicit lang is ignored', { 'Accept-Language': 'en' }, null, 'xx', 'en'],
  ])('%s', (_case, headers, actor, explicit, locale) => {
    expect(resolveLocale(requestWith(headers), actor, explicit)).toBe(locale);
  });
});
