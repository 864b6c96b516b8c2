import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while a request is handled carries: its id. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();
