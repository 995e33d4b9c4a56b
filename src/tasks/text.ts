// User-visible text in the pure task modules goes through an injected translate function, so the
// host can pass `vscode.l10n.t` and tests run in plain node with English.
import { english, type Translate } from '../util/l10n';

export type { Translate } from '../util/l10n';

/** English: fills `{0}`, `{1}`, … like `vscode.l10n.t` does (the shared seam in util/l10n). */
export const englishT: Translate = english;

export { assertNever } from '../util/assert';
