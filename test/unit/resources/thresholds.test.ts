import assert from 'node:assert/strict';
import { memoryPressure, normalizeThresholds } from '../../../src/resources/thresholds';

const G = 1024 ** 3;
const ram = (used: number, total = 32) => ({ memory: { usedBytes: used * G, totalBytes: total * G }, gpus: [] });

describe('resources/thresholds (unit)', () => {
	const table: { name: string; snap: Parameters<typeof memoryPressure>[0]; th?: [number, number]; level: string; source?: string }[] = [
		{ name: 'RAM 50 % → none', snap: ram(16), level: 'none', source: 'ram' },
		{ name: 'RAM 85 % → warning (at the threshold)', snap: ram(27.2), level: 'warning', source: 'ram' },
		{ name: 'RAM 96 % → error', snap: ram(30.72), level: 'error', source: 'ram' },
		{ name: 'VRAM 90 % beats RAM 50 % → warning from VRAM', snap: { memory: ram(16).memory, gpus: [{ id: 'nvidia:0', vendor: 'nvidia', vramUsedBytes: 7.2 * G, vramTotalBytes: 8 * G }] }, level: 'warning', source: 'vram' },
		{ name: 'the fullest of two GPUs counts', snap: { gpus: [{ id: 'a', vendor: 'nvidia', vramUsedBytes: 1 * G, vramTotalBytes: 8 * G }, { id: 'b', vendor: 'nvidia', vramUsedBytes: 7.9 * G, vramTotalBytes: 8 * G }] }, level: 'error', source: 'vram' },
		{ name: 'unified memory is not VRAM', snap: { memory: ram(8).memory, gpus: [{ id: 'apple:0', vendor: 'apple', unifiedMemory: true, vramUsedBytes: 31 * G, vramTotalBytes: 32 * G }] }, level: 'none', source: 'ram' },
		{ name: 'approximate RAM (macOS) does not colour', snap: { memory: { usedBytes: 31 * G, totalBytes: 32 * G, approximate: true }, gpus: [] }, level: 'none' },
		{ name: 'a GPU without VRAM figures is skipped', snap: { gpus: [{ id: 'amd', vendor: 'amd', utilPercent: 99 }] }, level: 'none' },
		{ name: 'custom 70/80: RAM 75 % → warning', snap: ram(24), th: [70, 80], level: 'warning', source: 'ram' },
	];
	for (const c of table) {
		it(c.name, () => {
			const p = memoryPressure(c.snap, c.th ? normalizeThresholds(c.th[0], c.th[1]) : undefined);
			assert.equal(p.level, c.level);
			assert.equal(p.source, c.source);
		});
	}

	it('normalizes settings: defaults, clamping, error never below warning', () => {
		assert.deepEqual(normalizeThresholds(undefined, 'x'), { warningPercent: 85, errorPercent: 95 });
		assert.deepEqual(normalizeThresholds(150, -3), { warningPercent: 100, errorPercent: 100 });
		assert.deepEqual(normalizeThresholds(90, 80), { warningPercent: 90, errorPercent: 90 });
	});
});
