/* The SOS queue of the service worker (imported by public/sw.js): an SOS tap made without a
   connection is kept and sent again, with its idempotency key, until the server answers it. */
