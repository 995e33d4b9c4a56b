import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Pure modules never import `vscode` (directly or through a host module), so they run in plain node.
const root = join(__dirname, '..', '..', 'src');
const pureDirs = ['clients', 'models', 'tasks', 'pull', 'resources', 'connection', 'util', 'shared', 'benchmark', 'services', 'state', 'hosted', 'versions'];
/** Host glue: the only files allowed to import vscode. */
const isHost = (rel: string) => !pureDirs.includes(rel.split('/')[0]) || rel.endsWith('.host.ts');

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('pure modules stay free of vscode', () => {
	const files = walk(root).map((f) => relative(root, f));
	for (const rel of files.filter((f) => !isHost(f))) {
		it(rel, () => {
			const text = readFileSync(join(root, rel), 'utf8');
			const imports = [...text.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
			assert.ok(!imports.includes('vscode'), 'imports vscode');
			for (const i of imports.filter((x) => x.startsWith('.'))) {
				const target = join(rel, '..', i).replace(/\\/g, '/');
				assert.ok(!isHost(target + '.ts') || target.startsWith('shared'), `imports host module ${target}`);
			}
		});
	}
});
