import { ConnectorError } from '@coachflow/connector-sdk';

/** Reads a response body, refusing more than `limit` bytes (checked on the header and while streaming). */
export async function readLimited(res: Response, limit: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel();
    throw ConnectorError.nonRetryable('RESPONSE_TOO_LARGE', `the response is ${declared} bytes; the limit is ${limit}`);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw ConnectorError.nonRetryable('RESPONSE_TOO_LARGE', `the response exceeds the limit of ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
