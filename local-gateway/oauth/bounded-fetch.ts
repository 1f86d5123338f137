// Every response the OAuth client reads (metadata, registration, tokens) is bounded: a hostile or
// broken server cannot make the companion buffer an endless body or echo it into a message.
import { CompanionError } from '../core/errors.js';

export const MAX_OAUTH_RESPONSE_BYTES = 1024 * 1024;
const NULL_BODY = new Set([101, 204, 205, 304]);

export function boundedFetch(fetchFn: typeof fetch, maxBytes = MAX_OAUTH_RESPONSE_BYTES): typeof fetch {
  return async (input, init) => {
    const res = await fetchFn(input, init);
    const origin = new URL(res.url || String(input instanceof Request ? input.url : input)).origin;
    const tooLarge = () =>
      new CompanionError(
        'discovery_failed',
        `${origin} sent an OAuth response larger than ${maxBytes} bytes; refusing it.`,
      );
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel();
      throw tooLarge();
    }
    if (!res.body || NULL_BODY.has(res.status)) return res;
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
    const copy = new Response(Buffer.concat(chunks), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
    // The SDK names unfollowed redirects from response.url: keep it.
    Object.defineProperty(copy, 'url', { value: res.url });
    return copy;
  };
}
