import assert from 'node:assert/strict';
import { checkOutput, parseJsonPart, stripThinking, type CheckIssueKind } from '../../../src/benchmark/checks';
import type { BenchTask } from '../../../src/benchmark/prompts';

describe('benchmark/checks: output parses the way Open WebUI uses it (unit)', () => {
	const cases: { name: string; task: BenchTask; content: string; thinking?: string; ok: boolean; issues: CheckIssueKind[]; value?: string | string[] }[] = [
		{ name: 'title JSON', task: 'title', content: '{"title": "🌿 Basil Care Tips"}', ok: true, issues: [], value: '🌿 Basil Care Tips' },
		{ name: 'title JSON in a fence with chatter', task: 'title', content: 'Sure!\n```json\n{"title": "Basil watering"}\n```', ok: true, issues: [], value: 'Basil watering' },
		{ name: 'title as a plain short line', task: 'title', content: '"Keeping basil alive"', ok: true, issues: [], value: 'Keeping basil alive' },
		{ name: 'title JSON without a title', task: 'title', content: '{"name": "Basil"}', ok: false, issues: ['noTitle'] },
		{ name: 'title: several lines of prose', task: 'title', content: 'Here is a title:\nBasil care\nHope it helps', ok: false, issues: ['notJson'] },
		{ name: 'title too long', task: 'title', content: `{"title": "${'word '.repeat(20).trim()}"}`, ok: false, issues: ['titleTooLong'] },
		{ name: 'title empty', task: 'title', content: '   ', ok: false, issues: ['empty'] },
		{ name: 'title only thinking (think tag), empty answer', task: 'title', content: '<think>The user asks about basil…</think>', ok: false, issues: ['thinking', 'empty'] },
		{ name: 'title fine but thinking field flagged', task: 'title', content: '{"title": "Basil"}', thinking: 'Let me think about basil', ok: true, issues: ['thinking'], value: 'Basil' },
		{ name: 'title fine after an unclosed think block is stripped', task: 'title', content: '{"title": "Basil"}<think>and then', ok: true, issues: ['thinking'], value: 'Basil' },
		{ name: 'tags object', task: 'tags', content: '{"tags": ["Gardening", "Plants", "Basil"]}', ok: true, issues: [], value: ['Gardening', 'Plants', 'Basil'] },
		{ name: 'tags bare list', task: 'tags', content: '["Gardening", "Basil"]', ok: true, issues: [], value: ['Gardening', 'Basil'] },
		{ name: 'tags as prose', task: 'tags', content: 'Gardening, Basil', ok: false, issues: ['notList'] },
		{ name: 'tags not strings', task: 'tags', content: '{"tags": [1, 2]}', ok: false, issues: ['notList'] },
		{ name: 'tags empty list', task: 'tags', content: '{"tags": []}', ok: false, issues: ['emptyList'] },
		{ name: 'queries JSON', task: 'query', content: '{"queries": ["basil overwatering signs", "basil flower buds"]}', ok: true, issues: [], value: ['basil overwatering signs', 'basil flower buds'] },
		{ name: 'query plain line (Open WebUI uses it as the query)', task: 'query', content: 'basil wilting overwatering', ok: true, issues: [], value: ['basil wilting overwatering'] },
		{ name: 'query too long', task: 'query', content: `{"queries": ["${'basil '.repeat(15).trim()}"]}`, ok: false, issues: ['queryTooLong'] },
		{ name: 'queries missing', task: 'query', content: '{"query": "basil"}', ok: false, issues: ['noQueries'] },
		{ name: 'autocomplete JSON', task: 'autocomplete', content: '{"text": "is growing indoors?"}', ok: true, issues: [], value: 'is growing indoors?' },
		{ name: 'autocomplete plain text', task: 'autocomplete', content: 'is growing in a pot?', ok: true, issues: [], value: 'is growing in a pot?' },
		{ name: 'autocomplete JSON without text', task: 'autocomplete', content: '{"continuation": "x"}', ok: false, issues: ['noText'] },
		{ name: 'autocomplete: prose over several lines', task: 'autocomplete', content: 'Sure!\nis growing', ok: false, issues: ['notJson'] },
		{ name: 'autocomplete too long', task: 'autocomplete', content: 'x'.repeat(300), ok: false, issues: ['textTooLong'] },
	];
	for (const c of cases) {
		it(c.name, () => {
			const r = checkOutput(c.task, { content: c.content, thinking: c.thinking });
			assert.equal(r.ok, c.ok, JSON.stringify(r.issues));
			assert.deepEqual(
				r.issues.map((i) => i.kind),
				c.issues,
			);
			if (c.value !== undefined) assert.deepEqual(r.value, c.value);
		});
	}

	it('issue texts go through the translate function, with their arguments', () => {
		const r = checkOutput('query', { content: `{"queries": ["${'a '.repeat(13).trim()}"]}` }, (s, ...a) => `[${s}|${a.join(',')}]`);
		assert.deepEqual(
			r.issues.map((i) => i.text),
			['[search query too long ({0} words)|13]'],
		);
	});

	it('thinking is a warning, emptiness a failure', () => {
		const r = checkOutput('tags', { content: '<think>hmm</think>' });
		assert.deepEqual(
			r.issues.map((i) => [i.kind, i.severity]),
			[
				['thinking', 'warn'],
				['empty', 'fail'],
			],
		);
	});

	it('parseJsonPart takes the first { to the last }, else [ … ]', () => {
		assert.deepEqual(parseJsonPart('x {"a": {"b": 1}} y'), { a: { b: 1 } });
		assert.deepEqual(parseJsonPart('tags: ["a","b"]'), ['a', 'b']);
		assert.equal(parseJsonPart('no json'), undefined);
		assert.deepEqual(stripThinking('<thinking>a</thinking> ok'), { text: 'ok', hadThinking: true });
	});
});
