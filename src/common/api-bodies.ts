import { ApiResponse } from '@nestjs/swagger';

/**
 * Documents a file download: its content type and the attachment's name. Errors still answer
 * with the JSON error body, so the operation must not declare the file type with `@ApiProduces`
 * (which would apply to its error answers too).
 */
export const ApiFileResponse = (contentType: string, description: string) =>
  ApiResponse({
    status: 200,
    description,
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="…"',
        schema: { type: 'string' },
      },
    },
    content: { [contentType]: { schema: { type: 'string', format: 'binary' } } },
  });

/**
 * Documents a redirect to a short-lived URL. Express answers a redirect with a one-line text (or
 * HTML, if asked for) naming the address, which clients ignore.
 */
export const ApiRedirectResponse = (status: 302 | 303, description: string) =>
  ApiResponse({
    status,
    description,
    headers: {
      Location: { description: 'Where to go', schema: { type: 'string', format: 'uri' } },
    },
    content: {
      'text/plain': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
    },
  });
