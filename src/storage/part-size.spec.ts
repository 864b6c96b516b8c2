import { partSizeFor } from './s3-client';

describe('multipart part size', () => {
  it.each([1024 ** 2, 4 * 1024 ** 3, 50 * 1024 ** 3, 500 * 1024 ** 3])(
    'keeps a %d-byte file within 10,000 parts of at least 8 MiB',
    (bytes) => {
      const part = partSizeFor(bytes);
      expect(part).toBeGreaterThanOrEqual(8 * 1024 ** 2);
      expect(Math.ceil(bytes / part)).toBeLessThanOrEqual(10_000);
    },
  );
});
