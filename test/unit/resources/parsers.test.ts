import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAmdSysfs, parseIoreg, parseNvidiaSmiLine, parseNvidiaSmiOutput, parseSysfsInteger } from '../../../src/resources/gpuParsers';
import { cpuPercentBetween, parseMeminfo, parseProcStatCpu } from '../../../src/resources/procParsers';

const fixtures = path.join(__dirname, '../../fixtures/resources');
const read = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const mib = 1024 * 1024;

describe('resources: /proc parsers (recorded on the dev machine)', () => {
	it('reads the aggregate cpu line of /proc/stat, iowait counted as idle', () => {
		// cpu  33174 0 9530 52310 511 0 194 318 0 0
		assert.deepEqual(parseProcStatCpu(read('procStat.a.txt')), { busy: 33174 + 9530 + 194 + 318, total: 33174 + 9530 + 194 + 318 + 52310 + 511 });
	});

	const deltas: [string, string, string, number][] = [
		// a → b, one second apart: user +180, system +21, idle +0 → both cores fully busy.
		['one second under load', 'procStat.a.txt', 'procStat.b.txt', 100],
		// loaded → a: busy +423 +67 +0 +2 = 492, idle +1 → 492 / 493.
		['a few seconds, one idle jiffy', 'procStat.loaded.txt', 'procStat.a.txt', 99.797],
	];
	for (const [name, before, after, expected] of deltas) {
		it(`CPU % between two readings: ${name}`, () => {
			const a = parseProcStatCpu(read(before));
			const b = parseProcStatCpu(read(after));
			assert.ok(a && b);
			assert.ok(Math.abs((cpuPercentBetween(a, b) ?? NaN) - expected) < 0.001, String(cpuPercentBetween(a, b)));
		});
	}

	it('no CPU figure when no time passed, and none from a line cut off by the read', () => {
		const a = parseProcStatCpu(read('procStat.a.txt'));
		assert.ok(a);
		assert.equal(cpuPercentBetween(a, a), undefined);
		assert.equal(parseProcStatCpu(read('procStat.a.txt').slice(0, 30)), undefined);
		assert.equal(parseProcStatCpu('intr 1 2 3\n'), undefined);
	});

	it('MemTotal and MemAvailable from /proc/meminfo, in bytes', () => {
		// MemTotal: 24684084 kB, MemAvailable: 23620376 kB
		assert.deepEqual(parseMeminfo(read('meminfo.txt')), { totalBytes: 24684084 * 1024, availableBytes: 23620376 * 1024 });
	});

	it('meminfo cut before MemAvailable is not a reading', () => {
		const text = read('meminfo.txt');
		assert.equal(parseMeminfo(text.slice(0, text.indexOf('MemAvailable') + 20)), undefined);
		assert.equal(parseMeminfo('MemFree: 5 kB\n'), undefined);
	});
});

describe('resources: GPU parsers', () => {
	const lines: [string, string, object | undefined][] = [
		[
			'single GPU',
			'0, NVIDIA GeForce RTX 3070, 41, 6348, 8192, 63',
			{ id: 'nvidia:0', vendor: 'nvidia', name: 'NVIDIA GeForce RTX 3070', utilPercent: 41, vramUsedBytes: 6348 * mib, vramTotalBytes: 8192 * mib, temperatureC: 63 },
		],
		[
			'[N/A] utilisation is left out, not 0',
			'1, NVIDIA GeForce RTX 3060, [N/A], 11, 12288, 35',
			{ id: 'nvidia:1', vendor: 'nvidia', name: 'NVIDIA GeForce RTX 3060', vramUsedBytes: 11 * mib, vramTotalBytes: 12288 * mib, temperatureC: 35 },
		],
		['unified-memory part with CRLF', '0, NVIDIA GB10, 3, [N/A], [N/A], 41\r', { id: 'nvidia:0', vendor: 'nvidia', name: 'NVIDIA GB10', utilPercent: 3, temperatureC: 41 }],
		['[Not Supported] temperature', '2, Tesla T4, 0, 0, 15360, [Not Supported]', { id: 'nvidia:2', vendor: 'nvidia', name: 'Tesla T4', utilPercent: 0, vramUsedBytes: 0, vramTotalBytes: 15360 * mib }],
		['the no-driver message', read('nvidiaSmi.noDriver.txt').split('\n')[0], undefined],
		['blank', '', undefined],
	];
	for (const [name, line, expected] of lines) {
		it(`nvidia-smi line: ${name}`, () => assert.deepEqual(parseNvidiaSmiLine(line), expected));
	}

	it('nvidia-smi -lms stream with two GPUs: every data line, in order', () => {
		const gpus = parseNvidiaSmiOutput(read('nvidiaSmi.multi.csv'));
		assert.deepEqual(
			gpus.map((g) => [g.id, g.utilPercent, g.vramUsedBytes]),
			[
				['nvidia:0', 42, 20678 * mib],
				['nvidia:1', undefined, 11 * mib],
				['nvidia:0', 97, 20702 * mib],
				['nvidia:1', undefined, 11 * mib],
			],
		);
		assert.deepEqual(parseNvidiaSmiOutput(read('nvidiaSmi.noDriver.txt')), []);
	});

	it('amdgpu sysfs values of the recorded card', () => {
		const dev = path.join(fixtures, 'sysfs/drm/card1/device');
		const gpu = parseAmdSysfs({
			card: 'card1',
			vramUsed: fs.readFileSync(path.join(dev, 'mem_info_vram_used'), 'latin1'),
			vramTotal: fs.readFileSync(path.join(dev, 'mem_info_vram_total'), 'latin1'),
			busyPercent: fs.readFileSync(path.join(dev, 'gpu_busy_percent'), 'latin1'),
			tempMilli: fs.readFileSync(path.join(dev, 'hwmon/hwmon4/temp1_input'), 'latin1'),
		});
		assert.deepEqual(gpu, { id: 'amd:card1', vendor: 'amd', utilPercent: 23, vramUsedBytes: 1573335040, vramTotalBytes: 8573157376, temperatureC: 48 });
	});

	const sysfsInts: [string, number | undefined][] = [
		['8573157376\n', 8573157376],
		['0\n', 0],
		['', undefined],
		['N/A\n', undefined],
		['99999999999999999999\n', undefined],
	];
	for (const [text, expected] of sysfsInts) {
		it(`sysfs integer ${JSON.stringify(text)}`, () => assert.equal(parseSysfsInteger(text), expected));
	}

	it('ioreg on Apple M4: Device Utilization and "In use system memory", not the (driver) sibling', () => {
		assert.deepEqual(parseIoreg(read('ioreg.m4.txt')), [
			{ id: 'apple:0', vendor: 'apple', name: 'Apple M4', utilPercent: 30, unifiedMemory: true, gpuMemoryInUseBytes: 356089856 },
		]);
	});

	it('ioreg: no accelerator with statistics (VM) gives no GPU; Renderer % is the fallback', () => {
		assert.deepEqual(parseIoreg(read('ioreg.vm.txt')), []);
		const old = '+-o AGXAcceleratorG13X  <class AGXAcceleratorG13X>\n    {\n      "PerformanceStatistics" = {"Renderer Utilization %"=12}\n    }\n';
		assert.equal(parseIoreg(old)[0]?.utilPercent, 12);
	});
});
