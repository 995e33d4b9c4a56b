import assert from 'node:assert/strict';
import { buildSuggestions, checkModelName, defaultSuggestedModels, typicalDownloadBytes } from '../../../src/models/suggestions';

describe('models/suggestions (unit)', () => {
	it('offers missing suggestions first, with their typical download size', () => {
		const s = buildSuggestions(defaultSuggestedModels, ['llama3.2:3b', 'gemma3:1b', 'llama3.1:8b']);
		assert.deepEqual(
			s.map((x) => [x.name, x.installed, x.detail]),
			[
				['qwen2.5:3b', false, '1.9 GB download'],
				['qwen2.5:1.5b', false, '986 MB download'],
				['llama3.2:1b', false, '1.3 GB download'],
				['llama3.2:3b', true, 'installed'],
				['gemma3:1b', true, 'installed'],
			],
		);
		assert.equal(s[0]?.downloadBytes, 1.9e9);
	});

	it('uses the defaults when the setting is missing; drops junk and duplicates; unknown sizes get no detail', () => {
		assert.equal(buildSuggestions(undefined, []).length, 5);
		const s = buildSuggestions(['phi4-mini', 'phi4-mini:latest', ' my/custom:q8 ', '', 'bad name', 42 as unknown as string], []);
		assert.deepEqual(
			s.map((x) => [x.name, x.detail]),
			[
				['phi4-mini', '2.5 GB download'],
				['my/custom:q8', undefined],
			],
		);
	});

	it('treats name and name:latest as the same installed model', () => {
		const s = buildSuggestions(['phi3', 'smollm2:1.7b'], ['phi3:latest']);
		assert.deepEqual(s.map((x) => [x.name, x.installed]), [['smollm2:1.7b', false], ['phi3', true]]);
		assert.equal(typicalDownloadBytes('phi4-mini'), 2.5e9);
		assert.equal(typicalDownloadBytes('nope:1b'), undefined);
	});

	it('translates the details', () => {
		const s = buildSuggestions(['gemma3:1b'], [], (m, ...a) => m.replace('{0}', String(a[0])).replace('download', '下載'));
		assert.equal(s[0]?.detail, '815 MB 下載');
	});

	const names: [string, string | undefined][] = [
		['llama3.2:3b', 'llama3.2:3b'],
		['  qwen2.5:1.5b ', 'qwen2.5:1.5b'],
		['llama3.2', 'llama3.2'],
		['hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M', 'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M'],
		['registry.local:5000/team/model:v1', 'registry.local:5000/team/model:v1'],
		['', undefined],
		['bad name', undefined],
		['llama3.2::3b', undefined],
		['-leading', undefined],
		['model:', undefined],
		['a/b/c/d/e/f', undefined],
	];
	for (const [input, expected] of names) it(`checks the name ${JSON.stringify(input)}`, () => assert.equal(checkModelName(input), expected));
});
