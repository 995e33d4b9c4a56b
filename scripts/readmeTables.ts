// The README's settings and commands tables, generated from package.json and package.nls.json so
// they cannot drift (test/unit/readme.test.ts). `node --import tsx scripts/readmeTables.ts --write`
// rewrites the blocks between the <!-- settings --> / <!-- commands --> markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const text = (s: string) => s.replace(/^%(.+)%$/, (_, k: string) => nls[k] ?? k);
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function value(v: unknown): string {
	if (Array.isArray(v)) return v.map((x) => `\`${String(x)}\``).join(', ');
	return `\`${String(v)}\``;
}

export function settingsTable(): string {
	const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription: string }>;
	const rows = Object.entries(props).map(([k, p]) => `| \`${k}\` | ${value(p.default)} | ${cell(text(p.markdownDescription))} |`);
	return ['| Setting | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

export function commandsTable(): string {
	const rows = (pkg.contributes.commands as { command: string; title: string; category: string }[]).map((c) => `| ${text(c.category)}: ${cell(text(c.title))} | \`${c.command}\` |`);
	return ['| Command | Id |', '|---|---|', ...rows].join('\n');
}

export function withTables(readme: string): string {
	const put = (src: string, name: string, table: string) => src.replace(new RegExp(`(<!-- ${name} -->)[\\s\\S]*?(<!-- /${name} -->)`), `$1\n${table}\n$2`);
	return put(put(readme, 'settings', settingsTable()), 'commands', commandsTable());
}

if (require.main === module && process.argv.includes('--write')) {
	const file = join(root, 'README.md');
	writeFileSync(file, withTables(readFileSync(file, 'utf8')));
}
