// Start the real peers and keep them running, for poking at them by hand or for running the suite
// in "existing servers" mode:
//   node --import tsx test/e2e/harness/serve.ts [--write-env <path>]
// Writes OLLAMA_URL, OPEN_WEBUI_URL and OPEN_WEBUI_KEY (mode 0600) to the env file; the key is not
// printed. Ctrl-C (or SIGTERM) stops everything, process groups included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPeers } from './peers';
import { leaveSignalsToCaller } from './procs';

async function main(): Promise<void> {
	leaveSignalsToCaller();
	const i = process.argv.indexOf('--write-env');
	const envFile = i > 0 ? process.argv[i + 1] : path.join(os.tmpdir(), 'tmt-e2e-peers.env');
	const p = await startPeers();
	const o = p.openWebui;
	const lines = [`OLLAMA_URL=${p.ollamaUrl ?? ''}`, `OPEN_WEBUI_URL=${o?.url ?? ''}`, `OPEN_WEBUI_KEY=${o?.apiKey ?? ''}`];
	fs.writeFileSync(envFile, lines.join('\n') + '\n', { mode: 0o600 });
	process.stdout.write(
		`ollama ${p.ollamaVersion} ${p.ollamaUrl}\n` +
			p.openWebuis.map((w) => `open-webui ${w.version} ${w.url}\n`).join('') +
			(p.registry ? `registry ${p.registry.url} (pull ${p.registry.modelRef('gemma3:1b')} with insecure: true)\n` : '') +
			`env (with the admin API key of open-webui ${o?.version ?? '-'}) in ${envFile}; Ctrl-C stops\n`,
	);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await p.stop();
		fs.rmSync(envFile, { force: true });
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	process.on('SIGHUP', stop);
	setInterval(() => undefined, 1 << 30); // stay alive
}

main().catch((e: unknown) => {
	process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
	process.exit(1);
});
