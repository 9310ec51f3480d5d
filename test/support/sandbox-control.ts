/** A few typed calls to the sandbox control API over HTTP, as any external client would make them. */
export async function issueToken(
  control: string,
  body: Record<string, unknown>,
): Promise<{ token: string; id: string }> {
  const response = await fetch(`${control}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`sandbox refused the token request: ${response.status}`);
  return (await response.json()) as { token: string; id: string };
}

export async function addFault(control: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${control}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`sandbox refused the fault: ${response.status}`);
}

export async function clearFaults(control: string): Promise<void> {
  await fetch(`${control}/faults`, { method: 'DELETE' });
}

/** `PATCH {control}/tokens/:id`: change a token's state, scopes or expiry at the sandbox forge. */
export async function updateToken(
  control: string,
  id: string,
  patch: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${control}/tokens/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (!response.ok) throw new Error(`sandbox refused the token update: ${response.status}`);
}

export async function getToken(
  control: string,
  id: string,
): Promise<{ status: string; rotatedFromId: string | null }> {
  const response = await fetch(`${control}/tokens/${id}`);
  if (!response.ok) throw new Error(`sandbox has no token ${id}: ${response.status}`);
  return (await response.json()) as { status: string; rotatedFromId: string | null };
}
