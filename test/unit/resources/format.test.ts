import { formatBytes } from '../../../src/models/format';
import * as assert from 'node:assert/strict';
import { escapeMarkdown, formatResourceStatus, formatResourceTooltip, totalGb, usedGb } from '../../../src/resources/format';
import { resourceMessages } from '../../../src/resources/messages';
import type { GpuReading, ResourceSnapshot } from '../../../src/resources/types';
import { english, type Translate } from '../../../src/shared/l10n';

// Decimal units, like Ollama and the model list (issue 12: one unit everywhere).
const gib = 1e9;
const mib = 1024 ** 2;
const empty: ResourceSnapshot = { gpus: [], failures: [], absent: [] };
const snap = (s: Partial<ResourceSnapshot>): ResourceSnapshot => ({ ...empty, ...s });
const rtx3070: GpuReading = { id: 'nvidia:0', vendor: 'nvidia', name: 'NVIDIA GeForce RTX 3070', utilPercent: 41, vramUsedBytes: 6348 * mib, vramTotalBytes: 8192 * mib, temperatureC: 63 };
const m4: GpuReading = { id: 'apple:0', vendor: 'apple', name: 'Apple M4', utilPercent: 30, unifiedMemory: true, gpuMemoryInUseBytes: 356089856 };
const ram = { totalBytes: 32 * gib, usedBytes: 9.1 * gib };

describe('resources: status text', () => {
	const table: [string, ResourceSnapshot, string, boolean][] = [
		[
			'everything, as in the issue',
			snap({ cpu: { percent: 12.4 }, memory: ram, gpus: [rtx3070] }),
			'$(pulse) CPU 12% · RAM 9.1/32 GB · GPU 41% · VRAM 6.7/8.6 GB',
			false,
		],
		['this Linux box: no GPU parts, not GPU 0%', snap({ cpu: { percent: 99.6 }, memory: { totalBytes: 24684084 * 1024, usedBytes: 1063708 * 1024 } }), '$(pulse) CPU 100% · RAM 1.1/25 GB', false],
		['nothing known yet', empty, '$(pulse)', false],
		['RAM above 90% warns', snap({ memory: { totalBytes: 16 * gib, usedBytes: 14.6 * gib } }), '$(pulse) RAM 14.6/16 GB', true],
		['RAM at exactly 90% does not', snap({ memory: { totalBytes: 10 * gib, usedBytes: 9 * gib } }), '$(pulse) RAM 9.0/10 GB', false],
		['macOS approximate RAM never warns', snap({ memory: { totalBytes: 16 * gib, usedBytes: 15.5 * gib, approximate: true } }), '$(pulse) RAM 15.5/16 GB', false],
		[
			'VRAM above 90% on one card warns; VRAM adds up, GPU is the busiest',
			snap({ gpus: [{ ...rtx3070, vramUsedBytes: 7900 * mib }, { id: 'nvidia:1', vendor: 'nvidia', vramUsedBytes: 11 * mib, vramTotalBytes: 12288 * mib }] }),
			'$(pulse) GPU 41% · VRAM 8.3/21 GB',
			true,
		],
		['[N/A] utilisation: no GPU part, VRAM still shown', snap({ gpus: [{ id: 'nvidia:0', vendor: 'nvidia', vramUsedBytes: 2 * gib, vramTotalBytes: 8 * gib }] }), '$(pulse) VRAM 2.0/8 GB', false],
		['Apple: GPU % but no VRAM part (unified memory is RAM)', snap({ memory: ram, gpus: [m4] }), '$(pulse) RAM 9.1/32 GB · GPU 30%', false],
	];
	for (const [name, snapshot, text, warning] of table) {
		it(name, () => assert.deepEqual(formatResourceStatus(snapshot), { text, warning }));
	}

	const sizes: [number, string, string][] = [
		[6348 * mib, '6.7', '6.7'],
		[8192 * mib, '8.6', '8.6'],
		[7.5 * gib, '7.5', '7.5'],
		[8e9, '8.0', '8'],
		[24684084 * 1024, '25.3', '25'],
		[128 * gib, '128', '128'],
	];
	for (const [bytes, used, total] of sizes) {
		it(`${bytes} bytes read as ${used} used, ${total} total`, () => assert.deepEqual([usedGb(bytes), totalGb(bytes)], [used, total]));
	}

	it('a loaded model has the same size in the tooltip as in the model list (GB = 10^9 B, like Ollama)', () => {
		const bytes = 21_960_000_000;
		const tip = formatResourceTooltip(snap({ ollama: { models: [{ name: 'big:32b', sizeBytes: bytes }] } }), { ollamaIsLocal: true });
		assert.equal(formatBytes(bytes), '22 GB');
		assert.match(tip, /- big:32b: 22\.0 GB/);
	});

	it('every word goes through t', () => {
		const seen: string[] = [];
		const t: Translate = (message, ...args) => (seen.push(message), english(message.toUpperCase(), ...args));
		const text = formatResourceStatus(snap({ cpu: { percent: 5 }, memory: ram, gpus: [rtx3070] }), t).text;
		assert.equal(text, '$(pulse) CPU 5% · RAM 9.1/32 GB · GPU 41% · VRAM 6.7/8.6 GB'.toUpperCase().replace('$(PULSE)', '$(pulse)'));
		assert.ok(seen.length >= 4 && seen.every((s) => (Object.values(resourceMessages) as string[]).includes(s)));
	});
});

describe('resources: tooltip markdown', () => {
	it('local Ollama: per-GPU line, RAM, loaded models with the planned split', () => {
		const md = formatResourceTooltip(
			snap({
				cpu: { percent: 12 },
				memory: ram,
				gpus: [rtx3070],
				ollama: {
					models: [
						{ name: 'qwen2.5:3b', sizeBytes: 3.1 * gib, vramBytes: 3.1 * gib },
						{ name: 'llama3.1:8b', sizeBytes: 6 * gib, vramBytes: 4.5 * gib },
						{ name: 'old_model', sizeBytes: 1 * gib },
					],
				},
			}),
			{ ollamaIsLocal: true },
		);
		assert.equal(
			md,
			[
				'CPU: 12%  \nRAM: 9.1 of 32 GB used (28%)  \nNVIDIA GeForce RTX 3070: 41% busy · VRAM 6.7 of 8.6 GB · 63 °C',
				'**Loaded in Ollama**\n\n- qwen2.5:3b: 3.1 GB, 100% GPU\n- llama3.1:8b: 6.0 GB, 75% GPU\n- old\\_model: 1.0 GB\n\n' +
					"_GPU share is Ollama's planned split, not a measurement._",
			].join('\n\n'),
		);
	});

	it('remote Ollama: local figures labelled "This machine", Ollama side said to be the server', () => {
		const md = formatResourceTooltip(snap({ memory: ram, gpus: [m4], ollama: { models: [] } }), { ollamaIsLocal: false });
		assert.equal(
			md,
			'**This machine**  \nRAM: 9.1 of 32 GB used (28%)  \nApple M4: 30% busy · unified memory (shared with RAM) · 0.4 GB in use\n\n' +
				'**Loaded in Ollama (on the Ollama server, not this machine)**  \nNo models loaded.',
		);
	});

	it('failing probes are listed with their error and retry; warnings repeated in words', () => {
		const md = formatResourceTooltip(
			snap({
				memory: { totalBytes: 16 * gib, usedBytes: 15 * gib },
				failures: [
					{ probeId: 'nvidia', message: 'nvidia-smi exited (code 9)', timedOut: false, consecutive: 2, retryInMs: 4000 },
					{ probeId: 'ollama', message: 'no answer within 4000 ms', timedOut: true, consecutive: 1, retryInMs: 10_000 },
				],
			}),
			{ ollamaIsLocal: true },
		);
		assert.equal(
			md,
			'RAM: 15.0 of 16 GB used (94%)  \n$(warning) RAM above 90%\n\n' +
				'**Not available**\n- NVIDIA GPU: nvidia\\-smi exited \\(code 9\\) (retrying in 4 s)\n- Ollama: timed out (retrying in 10 s)',
		);
	});

	it('device and model names cannot inject markdown or theme icons', () => {
		assert.equal(escapeMarkdown('$(bug) **x** [a](b)'), '\\$\\(bug\\) \\*\\*x\\*\\* \\[a\\]\\(b\\)');
	});

	it('english fills {0} placeholders and leaves unknown ones', () => {
		assert.equal(english(resourceMessages.statusRam, '9.1', 32), 'RAM 9.1/32 GB');
		assert.equal(english('{0} and {1}', 'a'), 'a and {1}');
	});
});
