import type { z } from 'zod';
import { AccountConflictError } from './accounts.js';
import { isoMillis } from './clock.js';
import { configUpdateSchema, mergeConfig, type SandboxConfig, type SandboxConfigUpdate } from './config.js';
import {
  type ClockInput,
  type CreateTokenInput,
  clockSchema,
  createTokenSchema,
  type FaultInput,
  faultSchema,
  parseInstant,
  requestsQuerySchema,
  type UpdateTokenInput,
  updateTokenSchema,
} from './control-schemas.js';
import type { Fault } from './faults.js';
import { createRepoControl, type RepoControl, type RepoControlApi } from './git/repo-control.js';
import type { RequestLogPage } from './request-log.js';
import type { SandboxState } from './state.js';
import { checkScopes, expiryMs, issueToken, TokenInputError } from './token-factory.js';
import type { SandboxForge } from './types.js';
import { type AccountView, accountView, type CreatedToken, type TokenView, tokenView } from './views.js';

/** A control operation refused: `status` is what the HTTP control API answers. */
export class SandboxControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxControlError';
  }
}

export interface ClockView {
  /** Sandbox time, ISO 8601 with milliseconds. */
  now: string;
  /** Sandbox time minus real time. */
  offsetMs: number;
}

/**
 * The control API, in process. Every method is one `{control}` HTTP endpoint (see docs/sandbox.md)
 * and returns the same JSON; inputs are validated the same way and refusals throw
 * `SandboxControlError` with the status the HTTP API would answer.
 */
export interface SandboxControl extends RepoControl {
  /** `POST /tokens` */
  createToken(input: CreateTokenInput): Promise<CreatedToken>;
  /** `GET /tokens` */
  listTokens(): Promise<TokenView[]>;
  /** `GET /tokens/:id` */
  getToken(id: string): Promise<TokenView>;
  /** `PATCH /tokens/:id`: state, scopes, permissions, expiry, last use, name, description. */
  updateToken(id: string, input: UpdateTokenInput): Promise<TokenView>;
  /** `GET /accounts` */
  listAccounts(): Promise<AccountView[]>;
  /** `POST /faults` */
  addFault(input: FaultInput): Promise<Fault>;
  /** `GET /faults` */
  listFaults(): Promise<Fault[]>;
  /** `DELETE /faults/:id` */
  removeFault(id: string): Promise<void>;
  /** `DELETE /faults` */
  clearFaults(): Promise<void>;
  /** `POST /reset`: tokens, accounts, repositories, deliveries, faults, counters, log, config and clock back to the start. */
  reset(): Promise<void>;
  /** `GET /clock` */
  getClock(): Promise<ClockView>;
  /** `POST /clock {"set": …}` */
  setClock(at: Date | string): Promise<ClockView>;
  /** `POST /clock {"advanceMs": …}` */
  advanceClock(ms: number): Promise<ClockView>;
  /** `GET /requests?forge=&limit=` */
  requests(filter?: { forge?: SandboxForge; limit?: number }): Promise<RequestLogPage>;
  /** `DELETE /requests` */
  clearRequests(): Promise<void>;
  /** `GET /config` */
  getConfig(): Promise<SandboxConfig>;
  /** `POST /config` with a partial update. */
  setConfig(update: SandboxConfigUpdate): Promise<SandboxConfig>;
}

/**
 * The same operations taking unvalidated input, as the HTTP routes receive it; each validates with
 * zod. Assignable to `SandboxControl`, whose parameter types only help in-process callers.
 */
export interface ControlApi
  extends Omit<
      SandboxControl,
      'createToken' | 'updateToken' | 'addFault' | 'requests' | 'setConfig' | keyof RepoControl
    >,
    RepoControlApi {
  createToken(input: unknown): Promise<CreatedToken>;
  updateToken(id: string, input: unknown): Promise<TokenView>;
  addFault(input: unknown): Promise<Fault>;
  requests(filter?: unknown): Promise<RequestLogPage>;
  setConfig(update: unknown): Promise<SandboxConfig>;
}

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new SandboxControlError(400, `invalid ${what}: ${detail}`);
}

function instantOrNull(value: string | null | undefined): number | null | undefined {
  if (value === undefined || value === null) return value;
  return parseInstant(value);
}

export function createControl(state: SandboxState): ControlApi {
  const findToken = (id: string) => {
    const record = state.tokens.byId(id);
    if (!record) throw new SandboxControlError(404, `no token with id ${id}`);
    return record;
  };
  const clockView = (): ClockView => ({
    now: isoMillis(state.clock.nowMs()),
    offsetMs: state.clock.offsetMs,
  });

  return {
    ...createRepoControl(state, parse, (status, message) => new SandboxControlError(status, message)),
    async createToken(input) {
      const request = parse(createTokenSchema, input, 'token');
      try {
        // Scopes first, so a refused token leaves no account behind.
        if ('scopes' in request) checkScopes(request.kind, request.scopes);
        const account = state.accounts.ensure(
          request.forge,
          { login: request.login, email: request.email, displayName: request.displayName },
          state.clock.nowMs(),
        );
        const { record, token } = issueToken(state, request, account, {
          expiresAtMs: instantOrNull(request.expiresAt),
          lastUsedAtMs: instantOrNull(request.lastUsedAt) ?? null,
        });
        return { ...tokenView(state, record), token };
      } catch (error) {
        if (error instanceof TokenInputError) throw new SandboxControlError(400, error.message);
        if (error instanceof AccountConflictError) throw new SandboxControlError(409, error.message);
        throw error;
      }
    },
    async listTokens() {
      return state.tokens.list().map((record) => tokenView(state, record));
    },
    async getToken(id) {
      return tokenView(state, findToken(id));
    },
    async updateToken(id, input) {
      const record = findToken(id);
      const patch = parse(updateTokenSchema, input, 'token update');
      if (patch.scopes !== undefined) {
        if (record.kind === 'fine-grained') {
          throw new SandboxControlError(400, 'fine-grained tokens have permissions, not scopes');
        }
        try {
          record.scopes = checkScopes(record.kind, patch.scopes);
        } catch (error) {
          if (error instanceof TokenInputError) throw new SandboxControlError(400, error.message);
          throw error;
        }
      }
      if (patch.permissions !== undefined) {
        if (record.kind !== 'fine-grained') {
          throw new SandboxControlError(400, 'only fine-grained tokens have permissions');
        }
        record.permissions = { ...patch.permissions };
      }
      if (patch.state !== undefined) record.state = patch.state;
      const expires = instantOrNull(patch.expiresAt);
      if (expires !== undefined)
        record.expiresAtMs = expires === null ? null : expiryMs(record.forge, expires);
      const lastUsed = instantOrNull(patch.lastUsedAt);
      if (lastUsed !== undefined) record.lastUsedAtMs = lastUsed;
      if (patch.name !== undefined) record.name = patch.name;
      if (patch.description !== undefined) record.description = patch.description;
      return tokenView(state, record);
    },
    async listAccounts() {
      return state.accounts.list().map(accountView);
    },
    async addFault(input) {
      return state.faults.add(parse(faultSchema, input, 'fault'));
    },
    async listFaults() {
      return state.faults.list();
    },
    async removeFault(id) {
      if (!state.faults.remove(id)) throw new SandboxControlError(404, `no fault with id ${id}`);
    },
    async clearFaults() {
      state.faults.clear();
    },
    async reset() {
      await state.reset();
    },
    async getClock() {
      return clockView();
    },
    async setClock(at) {
      const input: ClockInput = { set: typeof at === 'string' ? at : at.toISOString() };
      const parsed = parse(clockSchema, input, 'clock');
      if ('set' in parsed) state.clock.set(new Date(parsed.set));
      return clockView();
    },
    async advanceClock(ms) {
      const parsed = parse(clockSchema, { advanceMs: ms }, 'clock');
      if ('advanceMs' in parsed) state.clock.advance(parsed.advanceMs);
      return clockView();
    },
    async requests(filter = {}) {
      return state.log.page(parse(requestsQuerySchema, filter, 'requests filter'));
    },
    async clearRequests() {
      state.log.clear();
    },
    async getConfig() {
      return structuredClone(state.config);
    },
    async setConfig(update) {
      state.setConfig(mergeConfig(state.config, parse(configUpdateSchema, update, 'config')));
      return structuredClone(state.config);
    },
  };
}
