import type { SandboxDelivery } from './types.js';

/** A delivery before it was made: what the forge's helper built (payload, signature, headers). */
export type DeliveryRequest = Omit<SandboxDelivery, 'status' | 'atMs'>;

/** Receivers get this long to answer; the forges give about 10 s, tests want less. */
export const DELIVERY_TIMEOUT_MS = 5_000;

/**
 * POSTs the delivery's JSON body to its URL with its headers and answers the receiver's status, or
 * null when it could not be reached or did not answer in time. Never throws: a broken receiver is
 * the receiver's problem, as on the forges.
 */
export async function postDelivery(
  delivery: DeliveryRequest,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<number | null> {
  const hasType = Object.keys(delivery.headers).some((name) => name.toLowerCase() === 'content-type');
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: hasType ? delivery.headers : { 'content-type': 'application/json', ...delivery.headers },
      body: JSON.stringify(delivery.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await response.body?.cancel().catch(() => {});
    return response.status;
  } catch {
    return null;
  }
}
