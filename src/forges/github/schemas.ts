import { z } from 'zod';

/*
 * The parts of GitHub responses the adapter reads. Loose objects: GitHub adds fields over time
 * (forges.md §1.4 on the `status` field), and we must not fail on them.
 */

/** `GET /user` (the private or public user; only these fields matter here). */
export const gitHubUserSchema = z.looseObject({
  id: z.number(),
  login: z.string(),
  name: z.string().nullish(),
});

/** `{"message": "...", "documentation_url": "...", "status": "401"}` (forges.md §1.4). */
export const gitHubErrorSchema = z.looseObject({
  message: z.string().optional(),
  documentation_url: z.string().optional(),
});

export function gitHubMessageOf(json: unknown): string | undefined {
  const parsed = gitHubErrorSchema.safeParse(json);
  return parsed.success ? parsed.data.message : undefined;
}
