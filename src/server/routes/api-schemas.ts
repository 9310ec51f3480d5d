import { z } from 'zod';
import { CAPABILITIES } from '../../domain/capability.js';
import { ERROR_CODES } from '../../domain/errors/catalogue.js';
import { FORGES } from '../../domain/forge.js';
import { VAULT_STATUSES } from '../../domain/vault-status.js';
import { SCOPES } from '../../services/accounts/index.js';

/**
 * Response shapes of the API. Responses are serialised through these (zod-compilers.ts), so a field
 * that is not named here is never sent: none of them has room for a token, a key or a password.
 */

export const API_PREFIX = '/api/v1';

const time = z.string().describe('ISO 8601');

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const fkErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  remediation: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const userSchema = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['admin', 'user']),
    status: z.enum(['active', 'invited', 'disabled']),
    createdAt: time,
    passwordChangedAt: time.nullable(),
  })
  .meta({ id: 'User' });

export const scopeSchema = z.enum(SCOPES);

export const apiKeySchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    scopes: z.array(scopeSchema),
    mask: z.string().describe('`fk_<public id>_…`; the key itself is shown once, at creation.'),
    status: z.enum(['active', 'expired', 'revoked']),
    createdAt: time,
    expiresAt: time.nullable(),
    lastUsedAt: time.nullable(),
    revokedAt: time.nullable(),
  })
  .meta({ id: 'ApiKey' });

const accountSchema = z.object({ id: z.string(), login: z.string(), name: z.string().nullable() });

export const tokenSchema = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    forge: z.enum(FORGES),
    apiUrl: z.string(),
    label: z.string().nullable(),
    account: accountSchema.nullable(),
    email: z.string().nullable(),
    kind: z.string(),
    scopes: z.array(z.string()).nullable(),
    expiresAt: time.nullable(),
    status: z.enum(VAULT_STATUSES),
    statusCode: z.enum(ERROR_CODES).nullable(),
    lastCheckedAt: time.nullable(),
    lastUsedAt: time.nullable(),
    createdAt: time,
    updatedAt: time,
    mask: z.string().describe('Prefix and last four characters; never the token.'),
    isDefault: z.boolean(),
    daysLeft: z.number().nullable(),
  })
  .meta({ id: 'Token', description: 'A stored token: metadata and mask, never the token.' });

export const reportSchema = z
  .object({
    forge: z.enum(FORGES).nullable(),
    kind: z.string().nullable(),
    checksum: z.enum(['valid', 'invalid', 'none']),
    mask: z.string().nullable(),
    status: z.string(),
    apiUrl: z.string().nullable(),
    account: accountSchema.nullable(),
    scopes: z.array(z.string()).nullable(),
    expiresAt: time.nullable(),
    lastUsedAt: time.nullable(),
    capabilities: z.record(z.string(), z.unknown()).nullable(),
    missing: z.array(z.enum(CAPABILITIES)),
    unknown: z.array(z.enum(CAPABILITIES)),
    scopesToAdd: z.array(z.string()),
    permissionsNeeded: z.array(z.string()),
    tokenPageUrl: z.string().nullable(),
    notes: z.array(z.string()),
    error: fkErrorSchema.nullable(),
  })
  .meta({ id: 'InspectReport', description: 'What the forge said about a token at the last inspection.' });

export const auditEventSchema = z
  .object({
    id: z.string(),
    at: time,
    actor: z.string().describe('A user id or an API key id.'),
    tokenId: z.string().nullable(),
    forge: z.enum(FORGES).nullable(),
    action: z.string(),
    target: z.string().nullable(),
    outcome: z.string(),
    errorCode: z.enum(ERROR_CODES).nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const revocationSchema = z
  .object({
    type: z.enum(['not_requested', 'revoked', 'already_dead', 'manual', 'failed']),
    outcome: z.unknown().optional(),
    code: z.enum(ERROR_CODES).optional(),
    manual: z.object({ url: z.string(), instructions: z.string() }).optional(),
    error: fkErrorSchema.optional(),
  })
  .meta({ id: 'Revocation' });
