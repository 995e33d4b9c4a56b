// Translation seam for the pure modules: the host passes `vscode.l10n.t` (same signature), tests
// and the bench use the English default. Messages are the English text itself (the l10n key), kept
// in `export const …Messages` tables that test/support/l10nScan.ts reads.
import { english } from '../util/l10n';

export type { Translate } from '../util/l10n';
export { english } from '../util/l10n';
export { assertNever } from '../util/assert';

/** Replaces `{0}`, `{1}`… with the arguments; unknown placeholders are left as they are. */
export const formatMessage = english;
