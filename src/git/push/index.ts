/** Pushing with system git, the token only from memory (issue 5 §1 "Push"; docs/push.md). */
export { pushDirectory } from './push-directory.js';
export type { GitAuthor, PushDirectoryOptions, PushResult } from './push-options.js';
