// User-visible text in the pure task modules goes through an injected translate function, so the
// host can pass `vscode.l10n.t` and tests run in plain node with English.
import { english, type Translate } from '../util/l10n';

export type { Translate } from '../util/l10n';

/** English: fills `{0}`, `{1}`, … like `vscode.l10n.t` does (the shared seam in util/l10n). */
export const englishT: Translate = english;

/** Deep equality for JSON values (what the task config holds). */
export function jsonEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a)) {
		const bb = b as unknown[];
		return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
	}
	const ka = Object.keys(a as object);
	const kb = Object.keys(b as object);
	if (ka.length !== kb.length) return false;
	return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function assertNever(x: never): never {
	throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
