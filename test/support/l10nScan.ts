// Finds every user-visible host string: the first literal argument of `t(…)` / `l10n.t(…)` in
// src/**/*.ts, plus the webview string table. `node --import tsx test/support/l10nScan.ts`
// prints the strings missing from the zh-TW bundle as a JSON skeleton to fill in.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webviewStrings } from '../../src/shared/webviewStrings';

const root = join(__dirname, '..', '..');

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const call = /(?<![\w$])(?:vscode\.l10n\.t|l10n\.t|t)\(\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")\s*[,)]/g;

const table = /^export const \w+(?:Messages|Strings) = \{\n([\s\S]*?)^\}/gm;

/** A TS string literal → its value (single quotes: same escapes as JSON once the quotes are swapped). */
function literal(lit: string): string {
	return lit.startsWith("'") ? JSON.parse(`"${lit.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) : JSON.parse(lit);
}

export function hostStrings(): Map<string, string[]> {
	const found = new Map<string, string[]>();
	const add = (s: string, where: string) => found.set(s, [...(found.get(s) ?? []), where]);
	for (const file of walk(join(root, 'src'))) {
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(call)) add(literal(m[1]), file.slice(root.length + 1));
		// Message tables (`export const fooMessages = { key: 'English text', … }`) passed to t().
		for (const block of text.matchAll(table)) {
			for (const m of block[1].matchAll(/^\s*[\w$]+\s*:\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")\s*,?\s*(?:\/\/.*)?$/gm)) add(literal(m[1]), file.slice(root.length + 1));
		}
	}
	for (const v of Object.values(webviewStrings)) add(v, 'src/shared/webviewStrings.ts');
	return found;
}

export function bundle(locale: string): Record<string, string> {
	return JSON.parse(readFileSync(join(root, 'l10n', `bundle.l10n.${locale}.json`), 'utf8'));
}

if (require.main === module) {
	const zh = bundle('zh-tw');
	const missing = [...hostStrings().keys()].filter((k) => !(k in zh));
	console.log(JSON.stringify(Object.fromEntries(missing.map((k) => [k, ''])), null, '\t'));
}
