import assert from 'node:assert/strict';
import { formatParameters, parameterCountFromShow, parseParameterSize, resolveParameters } from '../../../src/models/parameters';
import { formatBytes, formatDuration } from '../../../src/models/format';
import { english } from '../../../src/shared/l10n';

describe('models/parameters (unit)', () => {
	const table: [string | undefined | null, number | undefined][] = [
		['3.2B', 3.2e9],
		['1.5B', 1.5e9],
		['270M', 270e6],
		['999.89M', 999.89e6],
		['8.0B', 8e9],
		['7.6B', 7.6e9],
		['8x7B', 56e9],
		['8X22B', 176e9],
		['1.2T', 1.2e12],
		['137M', 137e6],
		['3.2b', 3.2e9],
		[' 3.2 B ', 3.2e9],
		['1,5B', 1.5e9],
		['137,000,000', 137e6],
		['3 billion', 3e9],
		['270000000', 270e6],
		['22K', 22e3],
		['', undefined],
		['   ', undefined],
		[undefined, undefined],
		[null, undefined],
		['unknown', undefined],
		['3.2', undefined],
		['0B', undefined],
		['-3B', undefined],
		['B', undefined],
		['3.2.1B', undefined],
		['3BB', undefined],
	];
	for (const [input, expected] of table) {
		it(`parses ${JSON.stringify(input)} → ${expected}`, () => {
			assert.equal(parseParameterSize(input), expected === undefined ? undefined : Math.round(expected));
		});
	}

	it('reads general.parameter_count from /api/show (number or numeric string)', () => {
		assert.equal(parameterCountFromShow({ model_info: { 'general.parameter_count': 3212749888 } }), 3212749888);
		assert.equal(parameterCountFromShow({ model_info: { 'general.parameter_count': '1235814400' } }), 1235814400);
		assert.equal(parameterCountFromShow({ model_info: { 'general.parameter_count': 'x' } }), undefined);
		assert.equal(parameterCountFromShow({ model_info: {} }), undefined);
		assert.equal(parameterCountFromShow(undefined), undefined);
	});

	it('prefers details, then falls back to show, and says where the number came from', () => {
		assert.deepEqual(resolveParameters('3.2B'), { count: 3.2e9, label: '3.2B', source: 'details' });
		assert.deepEqual(resolveParameters('', { model_info: { 'general.parameter_count': 1_235_814_400 } }), { count: 1_235_814_400, label: '1.2B', source: 'show' });
		assert.deepEqual(resolveParameters(undefined, { details: { parameter_size: '270M' }, model_info: {} }), { count: 270e6, label: '270M', source: 'show' });
		assert.deepEqual(resolveParameters('garbage', { model_info: {} }), { source: 'none' });
	});

	const labels: [number, string][] = [
		[3_212_749_888, '3.2B'],
		[8_030_261_248, '8B'],
		[268_098_176, '268M'],
		[999_890_000, '1B'],
		[56e9, '56B'],
		[137e6, '137M'],
		[1.2e12, '1.2T'],
		[22_000, '22K'],
		[512, '512'],
	];
	for (const [n, label] of labels) it(`formats ${n} as ${label}`, () => assert.equal(formatParameters(n), label));
});

describe('models/format (unit)', () => {
	const bytes: [number, string][] = [
		[0, '0 B'],
		[358, '358 B'],
		[2_019_393_189, '2.0 GB'],
		[815_000_435, '815 MB'],
		[4.9 * 1024 ** 3, '5.3 GB'],
		[12_500, '13 KB'],
		[-1, '?'],
		[Number.NaN, '?'],
	];
	for (const [n, s] of bytes) it(`formats ${n} bytes as ${s}`, () => assert.equal(formatBytes(n), s));

	const durations: [number, string][] = [
		[Number.POSITIVE_INFINITY, 'never'],
		[0, 'now'],
		[-5, 'now'],
		[400, '1 s'],
		[45_000, '45 s'],
		[4 * 60_000 + 10_000, '4 min'],
		[125 * 60_000, '2 h 5 min'],
		[5 * 24 * 3_600_000, '5 d'],
	];
	for (const [ms, s] of durations) it(`formats ${ms} ms as ${s}`, () => assert.equal(formatDuration(ms), s));

	it('formats placeholders and leaves unknown ones', () => {
		assert.equal(english('fits beside {0} ({1})', 'llama3.1:8b', 3), 'fits beside llama3.1:8b (3)');
		assert.equal(english('{0} and {2}', 'a'), 'a and {2}');
	});
});
