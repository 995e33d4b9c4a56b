#!/usr/bin/env node
// Build the extension and open it in VS Code: desktop `code` when it is installed, otherwise a
// local code-server (installed on first use) in your browser at the printed URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: repo, ...opts }).status;

if (run('npm', ['run', 'build']) !== 0) process.exit(1);

const hasCode = spawnSync('bash', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.argv.includes('--web')) {
	console.log('Opening VS Code with the extension in development mode…');
	process.exit(run('code', [`--extensionDevelopmentPath=${repo}`, repo]) ?? 0);
}

// No desktop VS Code: run code-server (VS Code 1.100 in the browser).
if (run('bash', ['scripts/vscode-e2e/setup.sh']) !== 0) process.exit(1);
const prefix = process.env.TMT_E2E_PREFIX ?? join(homedir(), '.cache/task-model-tuner/vscode-e2e');
const bin = join(prefix, 'cs/node_modules/.bin/code-server');
const port = Number(process.env.PORT ?? 8080);
const dir = join(prefix, 'dev');
mkdirSync(join(dir, 'user-data/User'), { recursive: true });
const settings = join(dir, 'user-data/User/settings.json');
if (!existsSync(settings)) writeFileSync(settings, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' }, null, 2));
writeFileSync(join(dir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repo}`]]));
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(repo)}&payload=${payload}`;
const child = spawn(bin, ['--config', join(dir, 'config.yaml'), '--user-data-dir', join(dir, 'user-data'), '--extensions-dir', join(dir, 'extensions'), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', repo], {
	stdio: ['ignore', 'inherit', 'inherit'],
	env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
});
console.log(`\nTask Model Tuner is running in code-server. Open this URL in your browser:\n\n  ${url}\n\n(Ctrl+C stops it.)`);
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
